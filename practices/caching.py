"""The "practices" version (aira/fragments.py): it changes whenever a practice or one of
its steps changes, so cached pages that show practice titles or links (the progress
page's "What helps you", the history list, an article's practice card, the practices
index) are rebuilt, and so is the player's copy of a practice and its steps.
"""

from aira.fragments import cached, cached_html, new_version_on_change
from practices.models import Practice, PracticeQuerySet, Step

VERSION = PracticeQuerySet.content_version
PRACTICE_SECONDS = 24 * 60 * 60


def practice_with_steps(slug):
    """(practice, [its steps in order]) for any publication state, or None.

    Every page of the player needs both: from the shared cache they cost one lookup
    instead of two queries, on the page someone in a panic is waiting for.
    """

    def build():
        practice = Practice.objects.filter(slug=slug).first()
        return (practice, list(practice.steps.all())) if practice else None

    return cached(f"practices:practice:{slug}", build, versions=[VERSION], timeout=PRACTICE_SECONDS)


def practice_list_html(category, render):
    """The practices index for a category ("" for all), the same for everyone."""
    return cached_html(
        f"practices:list:{category}", render, versions=[VERSION], timeout=PRACTICE_SECONDS
    )


def connect_signals():
    new_version_on_change(VERSION, Practice, Step)

"""The practice factory every test folder uses (unit and browser tests alike), and the
record a device sends for a practice played offline."""

import itertools
import uuid

from django.utils.text import slugify

from practices.models import Practice, Step

_numbers = itertools.count(1)

# Four seconds in, six out, no holds: a breathing step's pattern (add its "cycles").
BREATHE_4_6 = {
    "kind": "breathing",
    "inhale_seconds": 4,
    "hold_in_seconds": 0,
    "exhale_seconds": 6,
    "hold_out_seconds": 0,
}


def make_practice(slug=None, *, title=None, steps=3, **fields):
    """A published practice with `steps`: a number of guidance steps, or a list of
    dicts of Step fields (a breathing step, a prompt) played in that order. The title
    comes from the slug, or the slug from the title, when only one is given."""
    if slug is None:
        slug = slugify(title) if title else f"practice-{next(_numbers)}"
    practice = Practice.objects.create(
        slug=slug,
        title=title or slug.replace("-", " ").title(),
        **{
            "tagline": "A gentle test practice.",
            "description": "First paragraph.\n\nSecond paragraph.",
            "category": Practice.Category.ANXIETY,
            "minutes": 3,
            "is_published": True,
            **fields,
        },
    )
    if isinstance(steps, int):
        steps = [{} for _ in range(steps)]
    Step.objects.bulk_create(
        Step(
            practice=practice,
            position=position,
            **{"kind": "guidance", "title": f"Step {position}", "text": f"Text {position}", **step},
        )
        for position, step in enumerate(steps, start=1)
    )
    return practice


def offline_session_record(practice, **overrides):
    """A finished session as the offline player sends it to /practices/sessions/sync/."""
    return {
        "session_id": str(uuid.uuid4()),
        "practice": practice.slug,
        "started_at": "2026-11-20T08:15:00.123Z",
        "ended_at": "2026-11-20T08:19:30.456Z",
        "rating_before": "7",
        "rating_after": "3",
        "steps_completed": "3",
        "finished": "on",
        **overrides,
    }


def practice_admin_form(practice, **changes):
    """The practice's admin change form as an editor saves it, its steps untouched, with
    `changes` (field values, or an upload)."""
    return {
        "title": practice.title,
        "slug": practice.slug,
        "language": practice.language,
        "translation_of": practice.translation_of_id or "",
        "tagline": practice.tagline,
        "description": practice.description,
        "category": practice.category,
        "minutes": practice.minutes,
        "order": practice.order,
        "is_published": "on",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        **changes,
    }

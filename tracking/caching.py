"""The progress statistics and the history list, kept per user in the shared cache.

Both are built from every session and check-in the user has (grouped, counted, drawn),
which made them the slowest pages for a long-time user (`make bench`), while most
visits see the same data as the last one. So the HTML is kept with a stamp of what it
was built from:

- the user's `TrackingPreferences.data_version`, replaced right after any change to
  their sessions or check-ins, in the same transaction when the change is made in one
  (the receivers below);
- the practices' catalogue version (titles and links; practices/caching.py);
- a `variant`: everything else the HTML depends on (today's date, the time zone, the
  range or the filters, the preferences).

A visit whose stamp differs rebuilds the HTML and stores it. Each user has one entry per
page, the latest variant, under a key named after their id, so deleting the account
deletes them too (`forget_user_pages`).
"""

import re

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from aira import crisis
from aira.fragments import cache, cached_fragments, now_and_after_commit
from practices.caching import VERSION as PRACTICES_VERSION
from practices.models import Practice, PracticeSession
from practices.services import sessions_attached
from tracking import stats
from tracking.models import CheckIn, TrackingPreferences

PAGES = ("progress", "history")
INDENTATION = re.compile(r"\n[ \t]+")
RECENT_CHECKINS = 5
# Entries are keyed on today's date as well, so a day is the longest one is useful.
PAGE_SECONDS = 24 * 60 * 60


def page_key(name, user_id):
    return f"tracking:{name}:{user_id}"


def compact(html):
    """The HTML without the templates' indentation, a sixth of the progress page's bytes.
    Line breaks stay, so words never run together; these fragments have no <pre> or
    <textarea>, where leading spaces would matter."""
    return mark_safe(INDENTATION.sub("\n", html))  # noqa: S308 (only whitespace removed)


def user_fragments(*, user, preferences, name, variant, render):
    """The {name: HTML} dict `render()` makes for this user's page `name`, from the cache
    when nothing it shows has changed since it was stored."""
    rebuilt = []

    def render_compact():
        rebuilt.append(True)
        return {part: compact(html) for part, html in render().items()}

    if preferences.pk is None:
        # No preferences row yet, so no data version to check against: build it each time
        # (the first change to the user's data makes the row).
        return render_compact()
    key = page_key(name, user.pk)
    fragments = cached_fragments(
        key,
        render_compact,
        versions=[PRACTICES_VERSION],
        stamp=(str(preferences.data_version), variant),
        timeout=PAGE_SECONDS,
    )
    if (
        rebuilt
        and not TrackingPreferences.objects.filter(
            pk=preferences.pk, data_version=preferences.data_version
        ).exists()
    ):
        # The account was deleted (or its data changed) while this was being built: the
        # deletion may already have emptied the cache, so this copy must not stay.
        cache.delete(key)
    return fragments


def latest_checkins(user):
    """The check-ins listed under the quick form, newest first (one query)."""
    return list(CheckIn.objects.for_user(user)[:RECENT_CHECKINS])


def recent_checkins_html(request, latest, *, oob=False):
    """HTML built from `latest_checkins`: "recent" (the list) and "support_note" (the
    gentle note at the top of the page when the latest ones have been hard, else its
    empty slot). `oob` marks the note for htmx to swap in place when it comes with the
    check-in panel."""
    show_note = CheckIn.hard_run(latest)
    note_context = {
        "show_note": show_note,
        "oob": oob,
        # Only looked up when the note is shown.
        "support_practice": Practice.objects.short_alternative_to() if show_note else None,
    }
    return {
        "recent": render_to_string("tracking/_recent_checkins.html", {"recent": latest}, request),
        "support_note": render_to_string("tracking/_support_note.html", note_context, request),
    }


def progress_fragments(request, *, preferences, range_days=stats.DEFAULT_RANGE):
    """The progress page's parts built from the user's data, as HTML: "statistics" (the
    practice days, trend and "What helps you"), "recent" (the latest check-ins) and
    "support_note" (see recent_checkins_html)."""
    user = request.user
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = stats.local_today(tz, now)
    country = crisis.likely_country(request)
    variant = (
        today.isoformat(),
        str(tz),
        # The gentle note links to this country's crisis lines.
        country.code if country else "",
        range_days,
        preferences.show_practice_days,
        preferences.show_totals,
        preferences.show_trend,
    )

    def render():
        context = {
            **stats.overview(user, preferences=preferences, range_days=range_days, tz=tz, now=now),
            "range": range_days,
            "ranges": stats.TREND_RANGES,
        }
        return {
            "statistics": render_to_string("tracking/_statistics.html", context, request),
            **recent_checkins_html(request, latest_checkins(user)),
        }

    return user_fragments(
        user=user, preferences=preferences, name="progress", variant=variant, render=render
    )


def history_list(request, *, preferences, build_context):
    """The history page's filters and list, as HTML; `build_context()` reads the data."""
    tz = timezone.get_current_timezone()
    # The query string holds the filters and the page; dates are checked against today.
    variant = (request.GET.urlencode(), str(tz), stats.local_today(tz).isoformat())
    return user_fragments(
        user=request.user,
        preferences=preferences,
        name="history",
        variant=variant,
        render=lambda: {
            "html": render_to_string("tracking/_history.html", build_context(), request)
        },
    )["html"]


def forget_user_pages(user_id):
    cache.delete_many([page_key(name, user_id) for name in PAGES])


def _session_or_checkin_saved(sender, instance, **kwargs):
    if instance.user_id is not None:
        TrackingPreferences.data_changed(instance.user_id)


def _sessions_attached(sender, user, **kwargs):
    TrackingPreferences.data_changed(user.pk)


def _user_deleted(sender, instance, **kwargs):
    # However the account goes (its owner, the admin, a script), its pages go with it.
    user_id = instance.pk
    now_and_after_commit(lambda: forget_user_pages(user_id))


def connect_signals():
    """Deletions are not here on purpose: a post_delete receiver would make deleting an
    account load and signal every row. CheckIn.delete() records its own change, and an
    account's pages go with the account."""
    for model in (PracticeSession, CheckIn):
        post_save.connect(
            _session_or_checkin_saved, sender=model, dispatch_uid=f"data-changed-{model}"
        )
    sessions_attached.connect(_sessions_attached, dispatch_uid="data-changed-attached")
    post_delete.connect(
        _user_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="forget-user-pages"
    )

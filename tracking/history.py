"""The history list: sessions and check-ins merged, newest first, in one paginated query.

The two tables are combined with a SQL UNION of two `values()` querysets with the same
columns, ordered by time, so the database sorts and slices: a page costs one COUNT and
one SELECT whatever the size of the history.
"""

from datetime import timedelta

from django.db.models import BooleanField, CharField, F, Value

from practices.models import Practice, PracticeSession
from tracking.models import CheckIn
from tracking.stats import active_tz, start_of_day

KIND_ALL = "all"
KIND_SESSIONS = "sessions"
KIND_CHECKINS = "checkins"
KIND_CHOICES = [
    (KIND_ALL, "Sessions and check-ins"),
    (KIND_SESSIONS, "Practice sessions"),
    (KIND_CHECKINS, "Check-ins"),
]


def practices_used_by(user):
    return Practice.objects.filter(sessions__user=user).distinct().order_by("title")


def _between(queryset, field_name, start, end, tz):
    if start:
        queryset = queryset.filter(**{f"{field_name}__gte": start_of_day(start, tz)})
    if end:
        queryset = queryset.filter(
            **{f"{field_name}__lt": start_of_day(end + timedelta(days=1), tz)}
        )
    return queryset


def _session_rows(user, *, practice, start, end, tz):
    queryset = PracticeSession.objects.for_user(user)
    if practice is not None:
        queryset = queryset.filter(practice=practice)
    queryset = _between(queryset, "started_at", start, end, tz)
    # Same column names and order as _checkin_rows: the UNION matches them by position.
    return queryset.order_by().values(
        kind=Value("session", output_field=CharField()),
        uid=F("uuid"),
        at=F("started_at"),
        title=F("practice__title"),
        first=F("rating_before"),
        second=F("rating_after"),
        done=F("finished"),
        tag_list=Value("", output_field=CharField()),
    )


def _checkin_rows(user, *, start, end, tz):
    queryset = _between(CheckIn.objects.for_user(user), "created_at", start, end, tz)
    return queryset.order_by().values(
        kind=Value("checkin", output_field=CharField()),
        uid=F("uuid"),
        at=F("created_at"),
        title=Value("", output_field=CharField()),
        first=F("anxiety"),
        second=F("mood"),
        done=Value(True, output_field=BooleanField()),
        tag_list=F("tags"),
    )


def history_rows(user, *, kind=KIND_ALL, practice=None, start=None, end=None, tz=None):
    """Dicts with kind, uid, at, title, first, second, done, tag_list; newest first.

    A practice filter shows sessions only (check-ins are not tied to a practice).
    """
    tz = active_tz(tz)
    if practice is not None:
        kind = KIND_SESSIONS
    if kind == KIND_SESSIONS:
        rows = _session_rows(user, practice=practice, start=start, end=end, tz=tz)
    elif kind == KIND_CHECKINS:
        rows = _checkin_rows(user, start=start, end=end, tz=tz)
    else:
        rows = _session_rows(user, practice=None, start=start, end=end, tz=tz).union(
            _checkin_rows(user, start=start, end=end, tz=tz), all=True
        )
    return rows.order_by("-at", "-uid")

"""The history list: sessions and check-ins merged, newest first, in one paginated query.

The two tables are combined with a SQL UNION of two `values()` querysets with the same
columns. A page never sorts the whole history: it is counted as two index counts, and
read as the newest rows of each table along its (user, time) index, merged in the
Python (see MergedHistory).
"""

import heapq
import itertools

from django.db.models import BooleanField, CharField, Exists, F, OuterRef, Value

from practices.models import Practice, PracticeSession
from tracking.models import CheckIn
from tracking.stats import active_tz, within_days

NEWEST_FIRST = ("-at", "-uid")
KIND_ALL = "all"
KIND_SESSIONS = "sessions"
KIND_CHECKINS = "checkins"
KIND_CHOICES = [
    (KIND_ALL, "Sessions and check-ins"),
    (KIND_SESSIONS, "Practice sessions"),
    (KIND_CHECKINS, "Check-ins"),
]


def practices_used_by(user):
    # EXISTS per practice (a dozen) rather than DISTINCT over every session of the user.
    used = PracticeSession.objects.filter(user=user, practice=OuterRef("pk"))
    return Practice.objects.filter(Exists(used)).order_by("title")


def _sessions(user, *, practice, start, end, tz):
    queryset = PracticeSession.objects.for_user(user)
    if practice is not None:
        queryset = queryset.filter(practice=practice)
    return within_days(queryset, "started_at", start, end, tz).order_by()


def _checkins(user, *, start, end, tz):
    return within_days(CheckIn.objects.for_user(user), "created_at", start, end, tz).order_by()


def _session_rows(queryset):
    # Same column names and order as _checkin_rows, so the two can be merged (and a
    # UNION matches them by position).
    return queryset.values(
        kind=Value("session", output_field=CharField()),
        uid=F("uuid"),
        at=F("started_at"),
        title=F("practice__title"),
        first=F("rating_before"),
        second=F("rating_after"),
        done=F("finished"),
        tag_list=Value("", output_field=CharField()),
    )


def _checkin_rows(queryset):
    return queryset.values(
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
    """A newest-first list for Paginator of dicts with kind, uid, at, title, first,
    second, done, tag_list.

    A practice filter shows sessions only (check-ins are not tied to a practice).
    """
    tz = active_tz(tz)
    if practice is not None:
        kind = KIND_SESSIONS
    parts = []
    if kind in (KIND_ALL, KIND_SESSIONS):
        sessions = _sessions(user, practice=practice, start=start, end=end, tz=tz)
        parts.append((sessions, _session_rows))
    if kind in (KIND_ALL, KIND_CHECKINS):
        parts.append((_checkins(user, start=start, end=end, tz=tz), _checkin_rows))
    return MergedHistory(parts)


class MergedHistory:
    """One or two tables' rows as a single newest-first list, for Paginator.

    Ordering the UNION of sessions and check-ins sorts every row the user has (20,000
    rows took 25 ms a page in `make bench`). Instead the count is a sum of plain counts
    (no join), and a page [start:stop] near the top reads the newest `stop` rows of each
    table in index order and merges them here. Deep pages, rare, go back to the UNION,
    whose cost does not grow with the page number.
    """

    ordered = True  # for Paginator's check
    MERGE_UP_TO = 200  # rows read from each table, at most, for the merge

    def __init__(self, parts):
        self.parts = parts  # [(filtered queryset, function selecting its row columns)]

    def count(self):
        return sum(queryset.count() for queryset, _ in self.parts)

    def __len__(self):
        return self.count()

    def rows(self):
        return [columns(queryset) for queryset, columns in self.parts]

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None or index.step is not None:
            raise TypeError("MergedHistory supports only slices with an end, like a page.")
        rows = self.rows()
        if len(rows) == 1 or index.stop > self.MERGE_UP_TO:
            combined = rows[0].union(*rows[1:], all=True) if len(rows) > 1 else rows[0]
            return list(combined.order_by(*NEWEST_FIRST)[index])
        # SQLite refuses LIMIT inside a UNION, so the two short lists are merged here.
        newest = [part.order_by(*NEWEST_FIRST)[: index.stop] for part in rows]
        merged = heapq.merge(*newest, key=lambda row: (row["at"], row["uid"]), reverse=True)
        return list(itertools.islice(merged, index.start, index.stop))

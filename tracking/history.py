"""The history list: sessions and check-ins merged, newest first, a page at a time.

The two tables are combined with a SQL UNION of two `values()` querysets with the same
columns. A page never sorts or counts the whole history: it is read as the newest rows
of each table along its (user, time) index, merged in the Python (see MergedHistory),
with one row more than a page to tell whether an older page exists (HistoryPage).
"""

import heapq
import itertools
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, F, IntegerField, Q, Value
from django.utils.translation import gettext_lazy as _

from aira.links import LinkPattern
from practices.models import Practice, PracticeSession
from tracking.models import CheckIn
from tracking.stats import active_tz, iso_moment, moment_label, within_days

NEWEST_FIRST = ("-at", "-uid")
KIND_ALL = "all"
KIND_SESSIONS = "sessions"
KIND_CHECKINS = "checkins"
KIND_CHOICES = [
    (KIND_ALL, _("Sessions and check-ins")),
    (KIND_SESSIONS, _("Practice sessions")),
    (KIND_CHECKINS, _("Check-ins")),
]


def practices_used_by(user):
    # The person's running totals have one row per practice they have sessions of. The
    # filter's list needs only the id and title of each (a practice row is large).
    return Practice.objects.filter(totals__user=user).only("title").order_by("title")


def _sessions(user, *, practice, start, end, tz):
    queryset = PracticeSession.objects.for_user(user)
    if practice is not None:
        # The practice in every language: one practice on their progress (PracticeTotals).
        queryset = queryset.filter(Q(practice=practice) | Q(practice__translation_of=practice))
    return within_days(queryset, "started_at", start, end, tz).order_by()


def _checkins(user, *, start, end, tz):
    return within_days(CheckIn.objects.for_user(user), "created_at", start, end, tz).order_by()


def _session_rows(queryset):
    # Same column names and order as _checkin_rows, so the two can be merged (and a
    # UNION matches them by position). The practice's title is looked up for the page
    # afterwards (with_titles): joined here, SQLite may start from the practices once it
    # has statistics (ANALYZE) and sort every session of the person (0.8 s for 100,000).
    return queryset.values(
        kind=Value("session", output_field=CharField()),
        uid=F("uuid"),
        at=F("started_at"),
        practice_pk=F("practice_id"),
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
        practice_pk=Value(None, output_field=IntegerField()),
        first=F("anxiety"),
        second=F("mood"),
        done=Value(True, output_field=BooleanField()),
        tag_list=F("tags"),
    )


def history_rows(user, *, kind=KIND_ALL, practice=None, start=None, end=None, tz=None):
    """A newest-first MergedHistory of dicts with kind, uid, at, practice_pk,
    first, second, done, tag_list; a slice adds each session's practice `title`.

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
    """One or two tables' rows as a single newest-first list, read by slices.

    Ordering the UNION of sessions and check-ins sorts every row the user has (20,000
    rows took 25 ms a page in `make bench`). Instead a slice [start:stop] near the top
    reads the newest `stop` rows of each table in index order and merges them here. Deep
    pages, rare, go back to the UNION, whose cost does not grow with the page number.
    Never counted: counting reads every row too (200,000 for the bench's long history).
    """

    MERGE_UP_TO = 200  # rows read from each table, at most, for the merge

    def __init__(self, parts):
        self.parts = parts  # [(filtered queryset, function selecting its row columns)]

    def rows(self):
        return [columns(queryset) for queryset, columns in self.parts]

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.stop is None or index.step is not None:
            raise TypeError("MergedHistory supports only slices with an end, like a page.")
        return with_titles(self.slice(index))

    def slice(self, index):
        rows = self.rows()
        if len(rows) == 1 or index.stop > self.MERGE_UP_TO:
            combined = rows[0].union(*rows[1:], all=True) if len(rows) > 1 else rows[0]
            return list(combined.order_by(*NEWEST_FIRST)[index])
        # SQLite refuses LIMIT inside a UNION, so the two short lists are merged here.
        newest = [part.order_by(*NEWEST_FIRST)[: index.stop] for part in rows]
        merged = heapq.merge(*newest, key=lambda row: (row["at"], row["uid"]), reverse=True)
        return list(itertools.islice(merged, index.start, index.stop))


def with_titles(rows):
    """Each row with its practice's title ("" for a check-in), one query for the page,
    and what the template shows of it: its link, its local time in ISO form and as
    'Mon 3 Nov 2026, 08:15'. Worked out here, since the url tag and the date filter for
    every row were half the page's work (`make bench`)."""
    ids = {row["practice_pk"] for row in rows if row["practice_pk"] is not None}
    titles = dict(Practice.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}
    links = {
        "session": LinkPattern("tracking:session_detail"),
        "checkin": LinkPattern("tracking:checkin_detail"),
    }
    delete_link = LinkPattern("tracking:session_delete")
    for row in rows:
        row["title"] = titles.get(row["practice_pk"], "")
        row["url"] = links[row["kind"]](row["uid"])
        if row["kind"] == "session":
            row["delete_url"] = delete_link(row["uid"])
        row["iso"] = iso_moment(row["at"])
        row["when"] = moment_label(row["at"])
    return rows


@dataclass
class HistoryPage:
    """One page of the history, with what the template's Newer and Older links need and
    no total: it reads one row past the page to know whether an older page exists."""

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


MAX_PAGE = 1_000_000


def history_page(rows, number, per_page):
    """Page `number` (1 for anything that is not a whole number from 1) of `rows`, a
    MergedHistory. A page past the end is empty: the template links back to the first."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    # Past any real history, and small enough for the database's OFFSET (a 64-bit integer).
    number = min(number, MAX_PAGE)
    start = (number - 1) * per_page
    found = rows[start : start + per_page + 1]
    return HistoryPage(object_list=found[:per_page], number=number, has_next=len(found) > per_page)

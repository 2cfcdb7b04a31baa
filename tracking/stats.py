"""Progress statistics, computed by the database.

Every function here runs one or two queries whatever the size of the history: grouping
and averaging happen in SQL (Count, Avg) over a bounded period, or come from totals kept
up to date as sessions are saved (all-time figures), and Python only shapes results
whose size is bounded by the calendar (at most a few dozen days, or one row a practice).

Days are the user's days: each function takes the time zone to count in (the active
one by default), so a session at 23:30 UTC belongs to the next day in Berlin and to the
same day in New York. Rows are grouped by `LocalDayNumber`, a CASE over the UTC
moments each local day begins, computed here with zoneinfo (so DST days of 23 or 25
hours are right): plain comparisons any database does fast, where TruncDate with a time
zone costs SQLite a Python call per row (a third of the progress page's time with
10,000 sessions in `make bench`).

What counts as practice: a *finished* session. Minutes are the time a session actually
took (start to end), capped at the practice's own stated length (`Practice.minutes`):
a six-second tap-through counts six seconds, and a tab left open overnight counts no
more than the practice lasts.
"""

import calendar as pycalendar
import functools
import html
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, F, FloatField, Func, IntegerField, OuterRef, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aira.languages import fold_accents
from aira.links import LinkPattern
from practices.models import Practice, PracticeSession, PracticeTotals, practice_text
from tracking.models import CheckIn

TREND_RANGES = (7, 30, 90)
DEFAULT_RANGE = 30
# Below this many rated sessions an average says more about the day than the practice.
MIN_RATED_SESSIONS = 3
# A real minus sign (U+2212): screen readers say "minus", and it lines up with "+".
MINUS = "\u2212"

RATED = Q(rating_before__isnull=False, rating_after__isnull=False)
CHANGE = Cast(F("rating_after"), FloatField()) - Cast(F("rating_before"), FloatField())


def parse_range(value):
    """7, 30 or 90 days; anything else is the default."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_RANGE
    return days if days in TREND_RANGES else DEFAULT_RANGE


def active_tz(tz=None):
    return tz or timezone.get_current_timezone()


def local_today(tz=None, now=None):
    return timezone.localtime(now or timezone.now(), active_tz(tz)).date()


def start_of_day(day, tz):
    """The aware moment a local day begins."""
    return datetime.combine(day, time.min, tzinfo=tz)


def within_days(queryset, field_name, start, end, tz):
    """Rows whose `field_name` falls on local days start..end (both included); a bound
    that is None leaves that side open."""
    bounds = {}
    if start:
        bounds[f"{field_name}__gte"] = start_of_day(start, tz)
    if end:
        bounds[f"{field_name}__lt"] = start_of_day(end + timedelta(days=1), tz)
    return queryset.filter(**bounds)


class PeriodNumber(Func):
    """0 for rows before `boundaries[0]`, 1 for rows from it to `boundaries[1]`, ... and
    len(boundaries) for rows from the last one on: which period a row falls in, given the
    aware datetimes where each period begins.

    SQL: nested CASEs that halve the range each time (CASE WHEN col < <boundary 16>
    THEN CASE WHEN col < <boundary 8> ... ELSE ... END), so each row is compared with
    about log2(periods) boundaries rather than half of them on average: a third of the
    work for a 30-day trend over a very frequent user's thousand check-ins. Written as
    one SQL template rather than a Case of Whens or filtered Counts, which Django would
    compile as a filter each (a 90-day range: 90 filters a request).

    `mostly_earlier`: most rows come before the first boundary (a whole log summed up
    beside its last few weeks), so that boundary is tested on its own first: one
    comparison for those rows rather than log2(periods). For a thousand panic attacks
    over ten years, that took a third off the panic summary's query.
    """

    output_field = IntegerField()

    def __init__(self, field_name, boundaries, *, mostly_earlier=False):
        self.boundaries = boundaries
        self.mostly_earlier = mostly_earlier
        super().__init__(F(field_name))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        # The boundaries are aware datetimes: straight to the database's form, without
        # DateTimeField's checks for naive values, once per boundary.
        values = [connection.ops.adapt_datetimefield_value(b) for b in self.boundaries]

        def numbers(first, last):
            """SQL giving the period number of a row known to be in periods first..last."""
            if first == last:
                return str(first), []
            middle = (first + last) // 2
            # values[middle] is where period middle + 1 begins.
            early, early_params = numbers(first, middle)
            late, late_params = numbers(middle + 1, last)
            return (
                f"CASE WHEN {column} < %s THEN {early} ELSE {late} END",
                [*params, values[middle], *early_params, *late_params],
            )

        if self.mostly_earlier and self.boundaries:
            later, later_params = numbers(1, len(self.boundaries))
            return (
                f"CASE WHEN {column} < %s THEN 0 ELSE {later} END",
                [*params, values[0], *later_params],
            )
        return numbers(0, len(self.boundaries))


class LocalDayNumber(PeriodNumber):
    """0 for rows on local day `start`, 1 the day after, ... up to `end` (rows must
    already be limited to start..end by `within_days`)."""

    def __init__(self, field_name, start, end, tz):
        super().__init__(
            field_name,
            [start_of_day(start + timedelta(days=n + 1), tz) for n in range((end - start).days)],
        )


def practised_sessions(user):
    return PracticeSession.objects.for_user(user).finished()


@functools.cache
def _day_names(language):
    """The short weekday names, and the short and full month names, in `language`:
    translated once per process rather than twice per row."""
    with translation.override(language):
        return (
            {number: str(name) for number, name in WEEKDAYS_ABBR.items()},
            {number: str(name).title() for number, name in MONTHS_3.items()},
            {number: str(name) for number, name in MONTHS.items()},
        )


def day_labeller(*, year=True):
    """day_label for a list of days: the reader's language looked up once, not per row."""
    weekdays, months, _ = _day_names(translation.get_language())
    if year:
        return lambda day: f"{weekdays[day.weekday()]} {day.day} {months[day.month]} {day.year}"
    return lambda day: f"{weekdays[day.weekday()]} {day.day} {months[day.month]}"


def day_label(day, *, year=True):
    """'Mon 3 Nov 2026' (or 'Mon 3 Nov'), as the date filter's "D j M Y" gives it
    (translated names), for a fraction of its cost: lists such as the trend table, the
    history and the recent check-ins call it per row."""
    return day_labeller(year=year)(day)


def date_label(day, *, full_month=False):
    """'3 Nov 2026', or '3 November 2026' with the month in full: the date filter's
    "j M Y" and "j F Y", as day_label is its "D j M Y"."""
    _, short_months, full_months = _day_names(translation.get_language())
    return f"{day.day} {(full_months if full_month else short_months)[day.month]} {day.year}"


def moment_label(moment, *, year=True):
    """'Mon 3 Nov 2026, 14:05' (or without the year) in the current time zone, as the
    date filter's "D j M Y, H:i" gives it."""
    local = timezone.localtime(moment)
    return f"{day_label(local, year=year)}, {local:%H:%M}"


def iso_moment(moment):
    """A <time datetime> value in the current time zone, as the date filter's 'c' gives it."""
    return timezone.localtime(moment).isoformat()


def format_change(value):
    """-2.5 -> MINUS + '2.5', 1.0 -> '+1', 0 -> '0'."""
    if value is None:
        return ""
    text = f"{abs(value):.1f}".removesuffix(".0")
    if text == "0":
        return "0"
    return (MINUS if value < 0 else "+") + text


# --- Practice days ---------------------------------------------------------------------


def practice_days(user, *, start, end, tz=None):
    """The local dates between start and end (inclusive) with at least one finished session."""
    tz = active_tz(tz)
    numbers = (
        within_days(practised_sessions(user), "started_at", start, end, tz)
        .annotate(day=LocalDayNumber("started_at", start, end, tz))
        .order_by("day")
        .values_list("day", flat=True)
        .distinct()
    )
    return [start + timedelta(days=n) for n in numbers]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    practised: bool
    is_today: bool
    css_class: str = field(init=False)  # for the {% calendar_cells %} tag

    def __post_init__(self):
        if not self.in_month:
            css_class = "calendar__outside"
        else:
            css_class = "calendar__day"
            if self.practised:
                css_class += " is-practised"
            if self.is_today:
                css_class += " is-today"
        object.__setattr__(self, "css_class", css_class)


@dataclass
class PracticeDays:
    this_week: int
    this_month: int
    month_start: date
    weeks: list = field(default_factory=list)  # of 7 CalendarDay each, Monday first


def practice_days_summary(user, *, today, tz=None):
    """Days practised this week (from Monday) and this month, and the month's calendar."""
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    # One query covers both periods; the result is at most ~37 dates.
    days = set(practice_days(user, start=min(week_start, month_start), end=today, tz=tz))
    weeks = [
        [
            CalendarDay(
                day=day,
                in_month=day.month == today.month,
                practised=day.month == today.month and day in days,
                is_today=day == today,
            )
            for day in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(today.year, today.month)
    ]
    return PracticeDays(
        this_week=sum(1 for day in days if day >= week_start),
        this_month=sum(1 for day in days if day >= month_start),
        month_start=month_start,
        weeks=weeks,
    )


def per_practice(user):
    """One row per practice the user has sessions of: finished count, rated count and
    average change, time spent, and the practice's title and slug.

    Both the totals and "what helps" come from this: one query on the person's running
    totals (practices.models.PracticeTotals, kept up to date as sessions are saved), a
    dozen rows whatever the length of their history.
    """
    # Plain rows, not model instances: a dozen of those, with their practices, cost more
    # to build than the query (make bench).
    # Totals are kept under each practice's English original, counting the sessions of
    # every language's version (PracticeTotals.refresh); the reader sees the version in
    # their language where one is published, in the same query.
    totals = PracticeTotals.objects.filter(user=user).values(
        "practice_id",
        "finished",
        "rated",
        "rating_before_sum",
        "rating_after_sum",
        "time_spent",
        title=practice_text("title", OuterRef("practice_id"), F("practice__title")),
        slug=practice_text("slug", OuterRef("practice_id"), F("practice__slug")),
    )
    return [
        {
            **row,
            "average_change": PracticeTotals.change_of(
                row["rated"], row["rating_before_sum"], row["rating_after_sum"]
            ),
        }
        for row in totals
    ]


def totals(user, rows=None):
    """{'sessions': n, 'minutes': m} over every finished session: whole minutes of time
    spent, each session capped at its practice's length."""
    rows = per_practice(user) if rows is None else rows
    spent = sum((row["time_spent"] for row in rows), timedelta(0))
    return {
        "sessions": sum(row["finished"] for row in rows),
        "minutes": int(spent.total_seconds() // 60),
    }


# --- Check-ins -------------------------------------------------------------------------


@dataclass(frozen=True)
class DayAverage:
    day: date
    average: float
    count: int

    @property
    def label(self):
        return day_label(self.day)


def anxiety_by_day(user, *, start, end, tz=None):
    """The daily average of check-in anxiety, one entry per local day that has check-ins."""
    tz = active_tz(tz)
    rows = (
        within_days(CheckIn.objects.for_user(user), "created_at", start, end, tz)
        .annotate(day=LocalDayNumber("created_at", start, end, tz))
        .values("day")
        # COUNT(*), not COUNT(id): the id is not in the (user, created_at, anxiety, mood)
        # index, and reading it would fetch every row from the table (see CheckIn.Meta).
        .annotate(average=Avg(Cast("anxiety", FloatField())), count=Count("*"))
        .order_by("day")
    )
    return [
        DayAverage(start + timedelta(days=row["day"]), round(row["average"], 1), row["count"])
        for row in rows
    ]


def checkin_summary(user, *, start, end, tz=None):
    """Count and averages of the check-ins in a period."""
    tz = active_tz(tz)
    result = within_days(CheckIn.objects.for_user(user), "created_at", start, end, tz).aggregate(
        count=Count("*"),  # read from the index alone, as anxiety_by_day
        anxiety=Avg(Cast("anxiety", FloatField())),
        mood=Avg(Cast("mood", FloatField())),
    )
    for key in ("anxiety", "mood"):
        if result[key] is not None:
            result[key] = round(result[key], 1)
    return result


def notes_between(user, *, start, end, tz=None):
    """Check-ins with a note in a period, oldest first (only when the user asks for them)."""
    queryset = CheckIn.objects.for_user(user).exclude(note="")
    return list(
        within_days(queryset, "created_at", start, end, active_tz(tz)).order_by("created_at")
    )


# --- What helps ------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeEffect:
    practice_id: int
    title: str
    slug: str
    sessions: int  # finished sessions (in the period, for the summary)
    rated: int  # sessions with both a before and an after rating
    average_before: float | None = None
    average_after: float | None = None
    average_change: float | None = None
    url: str = ""  # the practice's page

    @property
    def too_few(self):
        return self.rated < MIN_RATED_SESSIONS

    @property
    def change_text(self):
        return format_change(self.average_change)

    @property
    def change_phrase(self):
        """'on average -2.5 points' (with a real minus), or 'no change on average'."""
        return change_phrase(self.change_text)

    @property
    def rated_phrase(self):
        """'3 rated sessions, on average -2.5 points': what helps says it per practice."""
        return _rated_phrase(translation.get_language(), self.rated, self.change_text)


def change_phrase(text):
    """A change (format_change's text) in words: 'on average -2.5 points'."""
    if not text:
        return ""
    if text == "0":
        return str(_("no change on average"))
    # One point only for exactly one (text is "-1" or "+1"): "-0.5 points", "-2 points".
    points = 1 if text[1:] == "1" else 2
    return ngettext("on average %(change)s point", "on average %(change)s points", points) % {
        "change": text
    }


@functools.lru_cache(maxsize=1024)
def _rated_phrase(language, rated, change_text):
    """rated_phrase, translated once per language, count and change rather than twice for
    every row of every progress page (two plural lookups per practice were most of what
    its list cost)."""
    with translation.override(language):
        rated_sessions = ngettext("%(count)d rated session", "%(count)d rated sessions", rated) % {
            "count": rated
        }
        return f"{rated_sessions}, {change_phrase(change_text)}"


def _rounded(value):
    return None if value is None else round(value, 1)


def what_helps(user, rows=None):
    """Each practice the user rated before and after, best (most negative change) first."""
    rows = per_practice(user) if rows is None else rows
    rated = [row for row in rows if row["rated"]]
    rated.sort(key=lambda row: (row["average_change"], -row["rated"], row["title"]))
    link = LinkPattern("practices:detail")
    return [
        PracticeEffect(
            practice_id=row["practice_id"],
            title=row["title"],
            slug=row["slug"],
            sessions=row["rated"],
            rated=row["rated"],
            average_change=_rounded(row["average_change"]),
            url=link(row["slug"]),
        )
        for row in rated
    ]


def title_order(title):
    """A title's place in an alphabetical list: case and accents aside ("Órbita" among
    the O's, not after "Z"), as a reader expects."""
    return fold_accents(title.casefold())


def practices_used(user, *, start, end, tz=None):
    """Practices finished in a period with their average before, after and change."""
    tz = active_tz(tz)
    # One row per practice whatever language it was done in (its English original).
    rows = list(
        within_days(practised_sessions(user), "started_at", start, end, tz)
        .values(original_id=Coalesce("practice__translation_of_id", "practice_id"))
        .annotate(
            # Counted on columns of the (user, started_at, finished, practice, ratings)
            # index rather than the id, so PostgreSQL reads the index alone (see
            # PracticeSession.Meta). Count("*") takes no filter: the rated rows are
            # counted by their before-rating, never null among them.
            sessions=Count("*"),
            rated=Count("rating_before", filter=RATED),
            average_before=Avg(Cast("rating_before", FloatField()), filter=RATED),
            average_after=Avg(Cast("rating_after", FloatField()), filter=RATED),
            average_change=Avg(CHANGE, filter=RATED),
        )
        .order_by()
    )
    # Named in a second query, a row per practice, in the reader's language where that
    # version is published (as per_practice does). Named in the first, the names joined
    # its GROUP BY, which PostgreSQL worked out once per session rather than once per
    # practice (10 ms of the summary for 700 sessions in a month). Every original found
    # is still there: a practice with sessions, or with translations, cannot be deleted
    # (PROTECT, RESTRICT), and unpublished ones are named too.
    names = {
        practice["pk"]: practice
        for practice in Practice.objects.filter(pk__in=[row["original_id"] for row in rows]).values(
            "pk",
            title_shown=practice_text("title", OuterRef("pk"), F("title")),
            slug_shown=practice_text("slug", OuterRef("pk"), F("slug")),
        )
    }
    for row in rows:
        row["practice__title"] = names[row["original_id"]]["title_shown"]
        row["practice__slug"] = names[row["original_id"]]["slug_shown"]
    rows.sort(
        key=lambda row: (-row["sessions"], title_order(row["practice__title"]), row["original_id"])
    )
    link = LinkPattern("practices:detail")
    return [
        PracticeEffect(
            practice_id=row["original_id"],
            title=row["practice__title"],
            slug=row["practice__slug"],
            sessions=row["sessions"],
            rated=row["rated"],
            average_before=_rounded(row["average_before"]),
            average_after=_rounded(row["average_after"]),
            average_change=_rounded(row["average_change"]),
            url=link(row["practice__slug"]),
        )
        for row in rows
    ]


# --- The trend chart -------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    day: date
    average: float


@dataclass
class Chart:
    """A line chart of daily averages on a 0-10 scale, drawn as server-side SVG."""

    # One or two days draw a lone dot at the chart's edge, which reads as broken: below
    # this the page says so in words and shows the numbers instead.
    MIN_DAYS_TO_DRAW = 3

    start: date
    end: date
    days: list
    width: int = 640
    height: int = 240
    left: int = 40
    right: int = 16
    top: int = 16
    bottom: int = 36
    points: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)

    def __post_init__(self):
        plot_width = self.width - self.left - self.right
        plot_height = self.height - self.top - self.bottom
        span = max((self.end - self.start).days, 1)

        def x_of(day):
            return round(self.left + (day - self.start).days / span * plot_width, 1)

        def y_of(value):
            return round(self.top + (10 - value) / 10 * plot_height, 1)

        self.points = [
            ChartPoint(x_of(d.day), y_of(d.average), d.day, d.average) for d in self.days
        ]
        self.y_ticks = [(y_of(value), value) for value in (0, 5, 10)]
        label_days = [self.start, self.end]
        if span >= 6:
            label_days.insert(1, self.start + timedelta(days=span // 2))
        anchors = ["start", "middle", "end"] if len(label_days) == 3 else ["start", "end"]
        self.x_labels = [
            (x_of(day), anchor, f"{day.day} {day:%b}")
            for day, anchor in zip(label_days, anchors, strict=True)
        ]
        self.enough_days = len(self.days) >= self.MIN_DAYS_TO_DRAW
        self.days_to_go = max(self.MIN_DAYS_TO_DRAW - len(self.days), 0)
        self.plot_right = self.width - self.right
        self.axis_y = self.height - self.bottom
        self.label_y = self.height - 12

    @property
    def polyline(self):
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def table_rows(self):
        """The table equivalent's rows, one per day, made here rather than by a template
        loop (up to 90 rows): the label and the localized average, escaped."""
        separator = formats.get_format("DECIMAL_SEPARATOR")
        label = day_labeller()
        return mark_safe(  # noqa: S308 (escaped text and numbers)
            "".join(
                f'<tr><th scope="row">{html.escape(label(d.day))}</th>'
                f"<td>{html.escape(str(d.average).replace('.', separator))}</td>"
                f"<td>{d.count:d}</td></tr>"
                for d in self.days
            )
        )

    @property
    def axes(self):
        """The grid lines with their values (0, 5, 10) and the day labels under the chart,
        made here rather than by template loops: numbers, and day labels escaped."""
        grid = "".join(
            f'<line class="chart__grid" x1="{self.left}" y1="{y}" x2="{self.plot_right}" '
            f'y2="{y}" stroke="#c9c2b4" stroke-width="1"/>'
            f'<text class="chart__label" x="{self.left - 8}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="#4c585c">{value}</text>'
            for y, value in self.y_ticks
        )
        days = "".join(
            f'<text class="chart__label" x="{x}" y="{self.label_y}" text-anchor="{anchor}" '
            f'font-size="13" fill="#4c585c">{html.escape(text)}</text>'
            for x, anchor, text in self.x_labels
        )
        return mark_safe(grid + days)  # noqa: S308 (numbers, fixed words, escaped labels)

    @property
    def circles(self):
        """One SVG circle per point, made here rather than by a template loop: numbers
        only, and up to 90 of them."""
        return mark_safe(  # noqa: S308 (numbers only)
            "".join(
                f'<circle class="chart__point" cx="{p.x}" cy="{p.y}" r="4.5" fill="#1d6b66"/>'
                for p in self.points
            )
        )

    # The first and last days as the chart's title (months in full) and its table's
    # caption (short months) give them: the date filter's "j F Y" and "j M Y".
    @property
    def start_in_full(self):
        return date_label(self.start, full_month=True)

    @property
    def end_in_full(self):
        return date_label(self.end, full_month=True)

    @property
    def start_short(self):
        return date_label(self.start)

    @property
    def end_short(self):
        return date_label(self.end)

    @property
    def lowest(self):
        return min((d.average for d in self.days), default=None)

    @property
    def highest(self):
        return max((d.average for d in self.days), default=None)


def trend(user, *, range_days, today, tz=None):
    start = today - timedelta(days=range_days - 1)
    days = anxiety_by_day(user, start=start, end=today, tz=tz)
    return Chart(start=start, end=today, days=days)


# --- The progress page -----------------------------------------------------------------


def overview(user, *, preferences, range_days, tz=None, now=None):
    """Everything the progress page shows, skipping what the user chose to hide.

    A fixed number of queries: one per section, whatever the size of the history.
    """
    tz = active_tz(tz)
    today = local_today(tz, now)
    rows = per_practice(user)
    return {
        "today": today,
        "practice_days": (
            practice_days_summary(user, today=today, tz=tz)
            if preferences.show_practice_days
            else None
        ),
        "totals": totals(user, rows) if preferences.show_totals else None,
        "trend": trend(user, range_days=range_days, today=today, tz=tz)
        if preferences.show_trend
        else None,
        "what_helps": what_helps(user, rows),
        "min_rated_sessions": MIN_RATED_SESSIONS,
    }

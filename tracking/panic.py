"""What the panic log shows back: how many attacks a week, their average peak and length,
that every logged attack came to an end, and what was feared beside what happened.

A fixed number of queries whatever the length of the log: one grouped query (a row for
each week shown, one for before and one for after them, summed up in Python) and, only when something
is logged, one short read of the latest fears and outcomes. Weeks are the person's own:
Monday to Sunday in their time zone, bounded by the UTC moments those local days begin.

The wording is plain and factual. "Came to an end" is true of every attack someone logs
afterwards; nothing here promises how the next one will go, and there are no streaks or
scores.
"""

import html
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, Sum
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aira.links import LinkPattern
from practices.models import Practice
from tracking.models import PanicAttack
from tracking.stats import (
    PeriodNumber,
    active_tz,
    day_label,
    iso_moment,
    local_today,
    moment_label,
    start_of_day,
    within_days,
)

WEEKS_SHOWN = 12
LATEST_PAIRS = 3


def about_minutes(minutes):
    return ngettext("about %(minutes)d minute", "about %(minutes)d minutes", minutes) % {
        "minutes": minutes
    }


@dataclass(frozen=True)
class WeekCount:
    start: date  # the Monday, in the person's time zone
    count: int

    @property
    def label(self):
        return day_label(self.start, year=False)


@dataclass(frozen=True)
class FearAndOutcome:
    started_at: object
    feared: str
    happened: str


@dataclass
class WeekChart:
    """Attacks per week as bars, drawn as server-side SVG (numbers only)."""

    weeks: list
    width: int = 640
    height: int = 160
    left: int = 32
    bottom: int = 28
    top: int = 12
    bars: list = field(default_factory=list)

    def __post_init__(self):
        most = max((w.count for w in self.weeks), default=0) or 1
        plot_height = self.height - self.top - self.bottom
        slot = (self.width - self.left) / max(len(self.weeks), 1)
        self.axis_y = self.height - self.bottom
        self.label_y = self.height - 8
        self.most = most
        self.bars = []
        for n, week in enumerate(self.weeks):
            if not week.count:
                continue
            bar_height = round(week.count / most * plot_height, 1)
            x = round(self.left + n * slot + slot * 0.15, 1)
            self.bars.append(
                f'<rect class="chart__bar" x="{x}" y="{round(self.axis_y - bar_height, 1)}" '
                f'width="{round(slot * 0.7, 1)}" height="{bar_height}" rx="3" fill="#1d6b66"/>'
                f'<text class="chart__label" x="{round(x + slot * 0.35, 1)}" '
                f'y="{round(self.axis_y - bar_height - 4, 1)}" text-anchor="middle" '
                f'font-size="13" fill="#4c585c">{week.count:d}</text>'
            )
        self.first_label = self.weeks[0].label if self.weeks else ""
        self.last_label = self.weeks[-1].label if self.weeks else ""

    @property
    def bars_svg(self):
        """A bar and its count for each week with attacks, made here rather than by a
        template loop (make bench): numbers only."""
        return mark_safe("".join(self.bars))  # noqa: S308 (numbers only)

    @property
    def table_rows(self):
        """The table equivalent's rows, one per week: the escaped label and the count."""
        return mark_safe(  # noqa: S308 (escaped labels and numbers)
            "".join(
                f'<tr><th scope="row">{html.escape(week.label)}</th><td>{week.count:d}</td></tr>'
                for week in self.weeks
            )
        )


@dataclass
class PanicSummary:
    count: int
    average_peak: float | None
    average_minutes: int | None
    longest_minutes: int | None
    weeks: list
    pairs: list

    @property
    def came_to_an_end(self):
        """The fact from the person's own log: every attack they logged ended."""
        if self.count == 1:
            if self.longest_minutes is None:
                return _("The attack you logged came to an end.")
            return _("The attack you logged came to an end; it lasted %(about)s.") % {
                "about": about_minutes(self.longest_minutes)
            }
        if self.longest_minutes is None:
            return _("Every one of the %(count)d attacks you logged came to an end.") % {
                "count": self.count
            }
        return _(
            "Every one of the %(count)d attacks you logged came to an end; "
            "the longest lasted %(about)s."
        ) % {"count": self.count, "about": about_minutes(self.longest_minutes)}

    @property
    def average_peak_text(self):
        """'7.5', or '8' rather than '8.0'."""
        if self.average_peak is None:
            return ""
        return f"{self.average_peak:.1f}".removesuffix(".0")

    @property
    def average_length_text(self):
        if self.average_minutes is None:
            return ""
        return about_minutes(self.average_minutes)

    @property
    def chart(self):
        return WeekChart(self.weeks)

    @property
    def weeks_with_attacks(self):
        return sum(1 for week in self.weeks if week.count)


def week_starts(today, weeks):
    """The Mondays of the last `weeks` weeks (this one last), and the Monday after."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    return [first + timedelta(weeks=n) for n in range(weeks + 1)]


def panic_summary(user, *, tz=None, now=None, weeks=WEEKS_SHOWN):
    """What the log shows back, or None when nothing is logged (the page then shows
    nothing about it)."""
    tz = active_tz(tz)
    mondays = week_starts(local_today(tz, now), weeks)
    # Period 0 is everything before the first week shown, 1..weeks the weeks shown, and
    # weeks + 1 anything after this week (a clock set wrong): one row a period, so the
    # whole log is summed up in one grouped query of at most weeks + 2 rows.
    periods = (
        PanicAttack.objects.for_user(user)
        .annotate(
            period=PeriodNumber(
                "started_at", [start_of_day(d, tz) for d in mondays], mostly_earlier=True
            )
        )
        .values("period")
        .annotate(
            # COUNT(*): the id is not in the index the summary reads (PanicAttack.Meta).
            count=Count("*"),
            peak_sum=Sum("peak"),
            peaks=Count("peak"),
            minutes_sum=Sum("minutes"),
            lengths=Count("minutes"),
            longest=Max("minutes"),
        )
        .order_by()
    )
    by_period = {row["period"]: row for row in periods}
    if not by_period:
        return None
    rows = by_period.values()
    total = sum(row["count"] for row in rows)
    peaks = sum(row["peaks"] for row in rows)
    lengths = sum(row["lengths"] for row in rows)
    longest = max((row["longest"] for row in rows if row["longest"] is not None), default=None)
    pairs = (
        PanicAttack.objects.for_user(user)
        .exclude(feared="", happened="")
        .order_by("-started_at")
        .values_list("started_at", "feared", "happened")[:LATEST_PAIRS]
    )
    return PanicSummary(
        count=total,
        average_peak=(
            round(sum(row["peak_sum"] or 0 for row in rows) / peaks, 1) if peaks else None
        ),
        average_minutes=(
            max(1, round(sum(row["minutes_sum"] or 0 for row in rows) / lengths))
            if lengths
            else None
        ),
        longest_minutes=longest,
        weeks=[
            WeekCount(mondays[n], by_period.get(n + 1, {}).get("count", 0)) for n in range(weeks)
        ],
        pairs=[FearAndOutcome(*row) for row in pairs],
    )


def list_entries(attacks):
    """The panic log's list: each attack with what its row shows (its link, its local
    time in ISO form and in words, and one line of what was noted), worked out here,
    since a url tag and a dozen tags and filters for every row were a third of the
    page's work (make bench)."""
    link = LinkPattern("tracking:panic_detail")
    no_length = _("length not noted")
    for attack in attacks:
        attack.link = link(attack.uuid)
        attack.when_iso = iso_moment(attack.started_at)
        attack.when = moment_label(attack.started_at, year=False)
        parts = [about_minutes(attack.minutes) if attack.minutes else no_length]
        if attack.peak is not None:
            parts.append(_("peak %(peak)s of 10") % {"peak": attack.peak})
        if attack.sensations:
            parts.append(", ".join(str(label) for label in attack.sensation_labels).lower())
        attack.meta = " · ".join(parts)
    return attacks


def attacks_between(user, *, start, end, tz=None):
    """The attacks logged on local days start..end, oldest first, with the practices that
    helped (for the clinician summary, only when the person asks for them)."""
    queryset = PanicAttack.objects.for_user(user).prefetch_related(
        Prefetch("helped_practices", queryset=Practice.objects.only("title"))
    )
    return list(
        within_days(queryset, "started_at", start, end, active_tz(tz)).order_by("started_at")
    )

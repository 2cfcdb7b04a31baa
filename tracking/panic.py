"""What the panic log shows back: how many attacks a week, their average peak and length,
that every logged attack came to an end, and what was feared beside what happened.

A fixed number of queries whatever the length of the log: one aggregate (the totals and
each week's count, as filtered counts over the person's index) and, only when something
is logged, one short read of the latest fears and outcomes. Weeks are the person's own:
Monday to Sunday in their time zone, bounded by the UTC moments those local days begin.

The wording is plain and factual. "Came to an end" is true of every attack someone logs
afterwards; nothing here promises how the next one will go, and there are no streaks or
scores.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, FloatField, Max, Prefetch, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.models import Practice
from tracking.models import PanicAttack
from tracking.stats import active_tz, day_label, local_today, start_of_day, within_days

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
            bar_height = round(week.count / most * plot_height, 1)
            x = round(self.left + n * slot + slot * 0.15, 1)
            self.bars.append(
                {
                    "x": x,
                    "y": round(self.axis_y - bar_height, 1),
                    "width": round(slot * 0.7, 1),
                    "height": bar_height,
                    "count": week.count,
                    "label_x": round(x + slot * 0.35, 1),
                    "label_y": round(self.axis_y - bar_height - 4, 1),
                }
            )
        self.first_label = self.weeks[0].label if self.weeks else ""
        self.last_label = self.weeks[-1].label if self.weeks else ""


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
    bounds = [start_of_day(day, tz) for day in mondays]
    per_week = {
        f"week_{n}": Count("id", filter=Q(started_at__gte=bounds[n], started_at__lt=bounds[n + 1]))
        for n in range(weeks)
    }
    result = PanicAttack.objects.for_user(user).aggregate(
        total=Count("id"),
        mean_peak=Avg(Cast("peak", FloatField())),
        mean_minutes=Avg(Cast("minutes", FloatField())),
        longest=Max("minutes"),
        **per_week,
    )
    if not result["total"]:
        return None
    pairs = (
        PanicAttack.objects.for_user(user)
        .exclude(feared="", happened="")
        .order_by("-started_at")
        .values_list("started_at", "feared", "happened")[:LATEST_PAIRS]
    )
    return PanicSummary(
        count=result["total"],
        average_peak=None if result["mean_peak"] is None else round(result["mean_peak"], 1),
        average_minutes=(
            None if result["mean_minutes"] is None else max(1, round(result["mean_minutes"]))
        ),
        longest_minutes=result["longest"],
        weeks=[WeekCount(mondays[n], result[f"week_{n}"]) for n in range(weeks)],
        pairs=[FearAndOutcome(*row) for row in pairs],
    )


def attacks_between(user, *, start, end, tz=None):
    """The attacks logged on local days start..end, oldest first, with the practices that
    helped (for the clinician summary, only when the person asks for them)."""
    queryset = PanicAttack.objects.for_user(user).prefetch_related(
        Prefetch("helped_practices", queryset=Practice.objects.only("title"))
    )
    return list(
        within_days(queryset, "started_at", start, end, active_tz(tz)).order_by("started_at")
    )

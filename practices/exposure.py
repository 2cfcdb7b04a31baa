"""Facing the feelings (interoceptive exposure): the safety screen's answers and a
person's ladder of exercises."""

from dataclasses import dataclass, field

from practices.models import Condition, Practice, PracticePreferences, PracticeSession

# A visitor's screen answers live in their browser session only.
SCREEN_SESSION_KEY = "exposure_conditions"
# An exercise is ready to move up from once its anxiety rating stays under this...
STEADY_BELOW = 3
# ...this many times in a row.
STEADY_TIMES = 2
# The chart shows this many of an exercise's latest ratings (the table says how many
# there are in all).
CHART_POINTS = 12


def screened_conditions(request):
    """The conditions ticked on the safety screen, or None if it was never answered."""
    if request.user.is_authenticated:
        return (
            PracticePreferences.objects.filter(user=request.user)
            .values_list("exposure_conditions", flat=True)
            .first()
        )
    return request.session.get(SCREEN_SESSION_KEY)


def save_screen(*, request, conditions):
    """Keep the screen's answers: on the account when signed in, else in the browser
    session. Saved again, the newer answers replace the older."""
    conditions = [c for c in Condition.values if c in set(conditions)]
    if request.user.is_authenticated:
        PracticePreferences.objects.update_or_create(
            user=request.user, defaults={"exposure_conditions": conditions}
        )
    else:
        request.session[SCREEN_SESSION_KEY] = conditions
    return conditions


def split_by_screen(practices, conditions):
    """(suitable, skipped) exercises for someone who ticked `conditions`."""
    suitable = [p for p in practices if p.suits(conditions)]
    skipped = [p for p in practices if not p.suits(conditions)]
    return suitable, skipped


@dataclass
class Chart:
    """A small line chart of one exercise's anxiety ratings, oldest on the left, drawn
    by the server (practices/includes/ladder_chart.html)."""

    values: list
    width: int = 240
    height: int = 96
    left: int = 32
    right: int = 8
    top: int = 8
    bottom: int = 8

    def y(self, value):
        plot = self.height - self.top - self.bottom
        return round(self.top + (10 - value) * plot / 10, 1)

    @property
    def points(self):
        count = len(self.values)
        span = self.width - self.left - self.right
        step = span / (count - 1) if count > 1 else 0
        start = self.left if count > 1 else self.left + span / 2
        return [(round(start + i * step, 1), self.y(v), v) for i, v in enumerate(self.values)]

    @property
    def polyline(self):
        return " ".join(f"{x},{y}" for x, y, _ in self.points)

    @property
    def steady_y(self):
        return self.y(STEADY_BELOW)

    @property
    def y_ticks(self):
        return [(self.y(v), v) for v in (0, 5, 10)]


@dataclass
class Rung:
    practice_id: int
    title: str
    slug: str
    ratings: list = field(default_factory=list)  # dicts, oldest first

    @property
    def latest_anxiety(self):
        return self.ratings[-1]["anxiety_rating"]

    @property
    def average_anxiety(self):
        return sum(r["anxiety_rating"] for r in self.ratings) / len(self.ratings)

    @property
    def is_steady(self):
        """Anxiety under STEADY_BELOW the last STEADY_TIMES times: ready to move up."""
        last = self.ratings[-STEADY_TIMES:]
        return len(last) == STEADY_TIMES and all(r["anxiety_rating"] < STEADY_BELOW for r in last)

    @property
    def recent(self):
        return self.ratings[-CHART_POINTS:]

    @property
    def chart(self):
        return Chart([r["anxiety_rating"] for r in self.recent])


@dataclass
class Ladder:
    rungs: list  # gentlest (lowest latest anxiety) first

    @property
    def working_on(self):
        """The gentlest exercise not yet steady: the one to repeat."""
        return next((r for r in self.rungs if not r.is_steady), None)

    @property
    def next_up(self):
        current = self.working_on
        if current is None:
            return None
        later = self.rungs[self.rungs.index(current) + 1 :]
        return later[0] if later else None


def ladder_for(user):
    """The exercises this person has rated, gentlest first by the anxiety each caused the
    last time (the average breaks ties). One query, however long the history."""
    rows = (
        PracticeSession.objects.filter(
            user=user,
            practice__category=Practice.Category.EXPOSURE,
            anxiety_rating__isnull=False,
        )
        .order_by("started_at", "pk")
        .values(
            "practice_id",
            "practice__title",
            "practice__slug",
            "started_at",
            "sensation_rating",
            "anxiety_rating",
            "panic_likeness",
        )
    )
    rungs = {}
    for row in rows:
        rung = rungs.get(row["practice_id"])
        if rung is None:
            rung = rungs[row["practice_id"]] = Rung(
                row["practice_id"], row["practice__title"], row["practice__slug"]
            )
        rung.ratings.append(row)
    ordered = sorted(rungs.values(), key=lambda r: (r.latest_anxiety, r.average_anxiety, r.title))
    return Ladder(ordered)

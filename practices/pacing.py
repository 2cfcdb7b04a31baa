"""The breathing pace: how the breathing guide times a breathing step for one person.

Everyone can choose a pace: a gentler start, the pattern as written, or slower. The
pattern is worked out here, once, for both players: each reads it from the pacer's
markup (the offline player keeps a breathing step rendered at every pace), so the
browser never repeats the rule.

- Gentler start asks less: shorter breaths (x0.75) and holds halved, so no long holds
  and less air hunger.
- Slower lengthens the breaths (x1.25); holds keep their length, because a longer hold
  is what brings on air hunger.
- Scaling never makes a phase shorter than 2 seconds (a faster breath feeds
  over-breathing); a phase written shorter than that (the double sigh's 1 s top-up) keeps
  its length, so the second in-breath stays shorter than the first. A phase of 0 (no
  hold) stays 0. As written is exactly what the editor wrote.
- A step that eases in (Stay Safe's breathing) starts at the gentler pace and slows,
  round by round, to the person's own pace by the last round.
"""

import json
import math

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from practices.models import BreathingPace, PracticePreferences

PACE_COOKIE = "aira_pace"
DEFAULT_PACE = BreathingPace.AS_WRITTEN
MIN_PHASE_SECONDS = 2

# (step field, state shown by the pacer, what the pacer says), in breathing order. The
# top-up is a second, shorter in-breath (the double sigh): never called a hold.
PHASES = (
    ("inhale_seconds", "in", gettext_lazy("Breathe in")),
    ("top_up_seconds", "top-up", gettext_lazy("Breathe in a little more")),
    ("hold_in_seconds", "hold-in", gettext_lazy("Hold")),
    ("exhale_seconds", "out", gettext_lazy("Breathe out")),
    ("hold_out_seconds", "hold-out", gettext_lazy("Rest")),
)
HOLDS = {"hold-in", "hold-out"}

# Per changed pace: (factor for breaths, factor for holds). As written is left alone.
FACTORS = {
    BreathingPace.GENTLER: (0.75, 0.5),
    BreathingPace.SLOWER: (1.25, 1),
}


def round_half_up(value):
    return math.floor(value + 0.5)


def scale(seconds, factor):
    """One phase at a changed pace: never scaled below MIN_PHASE_SECONDS (a phase written
    shorter keeps its length); 0 stays 0."""
    if not seconds:
        return 0
    return max(min(seconds, MIN_PHASE_SECONDS), round_half_up(seconds * factor))


def phases(step):
    """The phases this step has (those written with more than 0 seconds)."""
    return [(state, label) for field, state, label in PHASES if getattr(step, field)]


def pattern(step, pace):
    """Seconds of each of the step's phases at `pace`, in breathing order."""
    if pace == BreathingPace.AS_WRITTEN:
        return [getattr(step, field) for field, _state, _label in PHASES if getattr(step, field)]
    breaths, holds = FACTORS[pace]
    return [
        scale(getattr(step, field), holds if state in HOLDS else breaths)
        for field, state, _label in PHASES
        if getattr(step, field)
    ]


def schedule(step, pace):
    """The rounds at `pace`: one pattern for every round, or, for a step that eases in,
    one per round from the gentler pattern to the pace's own by the last round."""
    target = pattern(step, pace)
    if not step.eases_in:
        return [target]
    start = pattern(step, BreathingPace.GENTLER)
    rounds = step.cycles or 1
    return [
        [
            round_half_up(first + (last - first) * (i / (rounds - 1) if rounds > 1 else 0))
            for first, last in zip(start, target, strict=True)
        ]
        for i in range(rounds)
    ]


def phase_words(step, seconds):
    words = {
        "in": _("breathe in for %(seconds)s"),
        "top-up": _("breathe in a little more for %(seconds)s"),
        "hold-in": _("hold for %(seconds)s"),
        "out": _("breathe out for %(seconds)s"),
        "hold-out": _("rest for %(seconds)s"),
    }
    parts = [
        words[state] % {"seconds": n}
        for (state, _label), n in zip(phases(step), seconds, strict=True)
    ]
    return ", ".join(parts)


def describe(step, pace):
    """The pattern in words, for the page without JavaScript and for screen readers."""
    rounds = schedule(step, pace)
    first, last = rounds[0], rounds[-1]
    if first == last:
        text = _("%(pattern)s seconds.") % {"pattern": phase_words(step, first)}
    else:
        text = _("%(first)s seconds at first, slowing round by round to %(last)s seconds.") % {
            "first": phase_words(step, first),
            "last": phase_words(step, last),
        }
    count = step.cycles or 1
    return " ".join(
        [
            capfirst(text),
            ngettext(
                "%(count)s round, at your own pace.", "%(count)s rounds, at your own pace.", count
            )
            % {"count": count},
        ]
    )


def plan(step):
    """Everything a pacer needs to run the step at any pace, for the browser."""
    return {
        "phases": [{"state": state, "name": str(label)} for state, label in phases(step)],
        "cycles": step.cycles or 1,
        "paces": {pace: schedule(step, pace) for pace in BreathingPace.values},
    }


class Pacer:
    """A breathing step as one person's pacer shows it."""

    def __init__(self, step, pace):
        self.step = step
        self.pace = pace

    @property
    def plan_json(self):
        return json.dumps(plan(self.step), separators=(",", ":"))

    @property
    def pace_label(self):
        return BreathingPace(self.pace).label

    @property
    def description(self):
        return describe(self.step, self.pace)


def pace_for(request):
    """The person's pace: their account's choice, else this device's, else as written."""
    if request.user.is_authenticated:
        saved = (
            PracticePreferences.objects.filter(user=request.user)
            .values_list("breathing_pace", flat=True)
            .first()
        )
        if saved:
            return saved
    chosen = request.COOKIES.get(PACE_COOKIE)
    return chosen if chosen in BreathingPace.values else DEFAULT_PACE


def remember_pace(*, request, response, pace):
    """Keep the choice: on the account when signed in, and always on this device, so the
    offline player (which can't ask the server) follows it too. Saving it twice is the
    same as saving it once."""
    if request.user.is_authenticated:
        PracticePreferences.objects.update_or_create(
            user=request.user, defaults={"breathing_pace": pace}
        )
    # Not HttpOnly: the offline player reads it.
    response.set_cookie(
        PACE_COOKIE, pace, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )

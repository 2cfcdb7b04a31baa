from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices import pacing
from practices.models import BreathingPace, Practice, Step
from together.models import PARTICIPANT_PATTERN

GENTLE = "gentle"
# The gentle default: a slightly longer out-breath and no holds, which asks the least
# of someone already short of breath.
GENTLE_PATTERN = {
    "inhale_seconds": 4,
    "top_up_seconds": 0,
    "hold_in_seconds": 0,
    "exhale_seconds": 6,
    "hold_out_seconds": 0,
}
PATTERN_FIELDS = list(GENTLE_PATTERN)


class Pattern:
    """A breathing pattern on offer: the gentle default or a practice's breathing step."""

    def __init__(self, value, title, seconds):
        self.value = value
        self.title = title
        self.seconds = seconds  # {field: seconds}, as written

    # practices/pacing.py reads a pattern as it reads a step.
    def __getattr__(self, name):
        if name in PATTERN_FIELDS:
            return self.seconds[name]
        raise AttributeError(name)

    @property
    def label(self):
        words = pacing.phase_words(self, pacing.pattern(self, BreathingPace.AS_WRITTEN))
        return _("%(title)s: %(pattern)s seconds") % {"title": self.title, "pattern": words}


def available_patterns():
    """The gentle default first, then each published practice's breathing patterns
    (a pattern a practice repeats is offered once)."""
    patterns = [Pattern(GENTLE, str(gettext_lazy("Gentle breathing")), GENTLE_PATTERN)]
    seen = set()
    steps = (
        Step.objects.filter(kind=Step.Kind.BREATHING, practice__in=Practice.objects.published())
        .select_related("practice")
        .order_by("practice__order", "practice__title", "position", "pk")
    )
    for step in steps:
        seconds = {field: getattr(step, field) or 0 for field in PATTERN_FIELDS}
        key = (step.practice_id, tuple(seconds.values()))
        if key in seen:
            continue
        seen.add(key)
        patterns.append(Pattern(str(step.pk), step.practice.title, seconds))
    return patterns


class StartForm(forms.Form):
    pattern = forms.ChoiceField(
        label=gettext_lazy("Which breathing pattern?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a breathing pattern.")},
    )
    # Made when the form is shown: the starter's key, and what makes a double tap find
    # the session the first tap started instead of starting a second one.
    starter_key = forms.RegexField(
        regex=r"\A[A-Za-z0-9_-]{43}\Z",
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("The form was incomplete. Please start again."),
            "invalid": gettext_lazy("The form was incomplete. Please start again."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.patterns = {p.value: p for p in available_patterns()}
        self.fields["pattern"].choices = [(p.value, p.label) for p in self.patterns.values()]
        self.fields["pattern"].error_messages["invalid_choice"] = gettext_lazy(
            "That breathing pattern is no longer offered. Choose one of these."
        )

    @property
    def chosen(self):
        return self.patterns[self.cleaned_data["pattern"]]


class PresenceForm(forms.Form):
    participant = forms.RegexField(regex=rf"\A{PARTICIPANT_PATTERN}\Z")
    # The count this tab shows: unchanged, the poll answers with nothing to swap.
    shown = forms.IntegerField(min_value=0, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from aira.forms import validate_device_moment
from practices.models import BreathingPace, Condition

RATING_ERROR = _("Please choose a number from 0 to 10.")


class RatingField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=0,
            max_value=10,
            required=False,
            error_messages={
                "invalid": RATING_ERROR,
                "min_value": RATING_ERROR,
                "max_value": RATING_ERROR,
            },
            **kwargs,
        )


class BeginForm(forms.Form):
    """Starts a session. `session_id` was made when the Begin page was rendered (or by
    the browser), so pressing Begin twice, or a retry after a dropped connection, finds
    the same session instead of creating a second one."""

    session_id = forms.UUIDField(
        error_messages={"invalid": _("This link has expired. Please start again.")}
    )
    rating = RatingField()
    skip_rating = forms.BooleanField(required=False)


class RatingForm(forms.Form):
    rating = RatingField()
    skip = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("rating") is None and not cleaned.get("skip"):
            raise forms.ValidationError(_("Choose a number, or skip this question."))
        return cleaned


class SessionSyncForm(forms.Form):
    """A whole session sent at once by the offline player when the connection returns.

    Keyed on the session's own id, so sending it twice (a retry, two tabs) is harmless.
    """

    session_id = forms.UUIDField()
    practice = forms.SlugField(max_length=120)
    started_at = forms.DateTimeField()
    ended_at = forms.DateTimeField(required=False)
    rating_before = RatingField()
    rating_after = RatingField()
    steps_completed = forms.IntegerField(min_value=0, max_value=500)
    finished = forms.BooleanField(required=False)
    # Facing the feelings: the exercise's three ratings, when it had one.
    sensation_rating = RatingField()
    anxiety_rating = RatingField()
    panic_likeness = RatingField()

    def clean_started_at(self):
        return validate_device_moment(self.cleaned_data["started_at"])

    def clean_ended_at(self):
        return validate_device_moment(self.cleaned_data["ended_at"])

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_at"), cleaned.get("ended_at")
        if started and ended and ended < started:
            self.add_error("ended_at", _("The end time is before the start time."))
        return cleaned


class PaceForm(forms.Form):
    """The breathing pace; the same choice saved again changes nothing."""

    pace = forms.ChoiceField(
        label=_("Breathing pace"),
        choices=BreathingPace.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a pace."),
            "invalid_choice": _("Choose one of the paces listed."),
        },
    )
    # Where the no-JavaScript form goes back to (checked before it is used).
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


EXPOSURE_RATING_REQUIRED = _("Choose a number from 0 to 10 for each of the three questions.")


class ExposureRatingForm(forms.Form):
    """The three ratings after a Facing the feelings exercise. All three, or skip."""

    sensation = RatingField(label=_("How strong was the sensation?"))
    anxiety = RatingField(label=_("How anxious did it make you?"))
    panic = RatingField(label=_("How much did it feel like panic?"))
    skip = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("skip"):
            return cleaned
        if any(cleaned.get(name) is None for name in ("sensation", "anxiety", "panic")):
            raise forms.ValidationError(EXPOSURE_RATING_REQUIRED)
        return cleaned


class SafetyScreenForm(forms.Form):
    """The safety screen before Facing the feelings. Ticking nothing is an answer too."""

    conditions = forms.MultipleChoiceField(
        label=_("Do any of these apply to you?"),
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose only from the conditions listed.")},
    )

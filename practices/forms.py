from django import forms
from django.utils.translation import gettext_lazy as _

from aira.forms import validate_device_moment
from practices.models import BreathingPace

RATING_ERROR = "Please choose a number from 0 to 10."


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
        error_messages={"invalid": "This link has expired. Please start again."}
    )
    rating = RatingField()
    skip_rating = forms.BooleanField(required=False)


class RatingForm(forms.Form):
    rating = RatingField()
    skip = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("rating") is None and not cleaned.get("skip"):
            raise forms.ValidationError("Choose a number, or skip this question.")
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

    def clean_started_at(self):
        return validate_device_moment(self.cleaned_data["started_at"])

    def clean_ended_at(self):
        return validate_device_moment(self.cleaned_data["ended_at"])

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_at"), cleaned.get("ended_at")
        if started and ended and ended < started:
            self.add_error("ended_at", "The end time is before the start time.")
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

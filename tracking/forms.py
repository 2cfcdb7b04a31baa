import uuid

from django import forms
from django.template.loader import render_to_string

from aira.forms import validate_day_in_range, validate_device_moment
from aira.fragments import once_per_process
from tracking.history import KIND_ALL, KIND_CHOICES, practices_used_by
from tracking.models import NOTE_MAX_LENGTH, CheckIn, Mood, Tag, TrackingPreferences, join_tags

ANXIETY_CHOICES = [(value, str(value)) for value in range(11)]
TAG_NAMES = ", ".join(label for _value, label in Tag.choices)
# A year is plenty for a clinician's summary and keeps its table printable.
MAX_PERIOD_DAYS = 366


class CheckInForm(forms.ModelForm):
    """Anxiety, mood, tags and note: used to edit a check-in, and as the base of the quick form."""

    anxiety = forms.TypedChoiceField(
        label="How anxious do you feel?",
        help_text="0 is calm, 10 is the most anxious you can imagine.",
        choices=ANXIETY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 to 10 for how anxious you feel.",
            "invalid_choice": "Anxiety is a number from 0 (calm) to 10 (the most anxious): "
            "“%(value)s” is not one of them.",
        },
    )
    mood = forms.TypedChoiceField(
        label="How is your mood?",
        choices=Mood.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how your mood is, from Very low to Very good.",
            "invalid_choice": "Mood is one of Very low, Low, Okay, Good or Very good: "
            "“%(value)s” is not one of them.",
        },
    )
    tags = forms.MultipleChoiceField(
        label="What's on your mind? (optional)",
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": f"“%(value)s” is not one of the tags. Choose from: {TAG_NAMES}.",
        },
    )
    note = forms.CharField(
        label="Private note (optional)",
        help_text="Only you can see this.",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the note to 2,000 characters or fewer (it has %(show_value)d).",
        },
    )

    class Meta:
        model = CheckIn
        fields = ["anxiety", "mood", "tags", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = self.instance.tag_list

    def clean_tags(self):
        return join_tags(self.cleaned_data["tags"])

    def questions_html(self):
        """The four questions as HTML (tracking/_checkin_fields.html).

        A blank form's questions are the same for everyone, every time, and their 24
        choices were most of the progress page's rendering, so they are rendered once per
        process. Anything filled in, answered or in error is rendered afresh.
        """
        blank = not (self.is_bound or self.instance.pk or set(self.initial) - {"uuid"})
        if blank:
            form_class = type(self)
            return once_per_process(
                ("blank checkin questions", form_class),
                lambda: render_to_string(QUESTIONS_TEMPLATE, {"form": form_class()}),
            )
        return render_to_string(QUESTIONS_TEMPLATE, {"form": self})

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


QUESTIONS_TEMPLATE = "tracking/_checkin_fields.html"


class QuickCheckInForm(CheckInForm):
    """The check-in on the progress page. Carries its own uuid, made when the form is shown,
    so a retried or double-tapped submit updates the same check-in instead of adding one."""

    uuid = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Please reload the page and try again.",
            "invalid": "This form is out of date. Please reload the page and try again.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("uuid", uuid.uuid4())


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = TrackingPreferences
        fields = ["show_practice_days", "show_totals", "show_trend"]

    def save(self, commit=True):
        if not (commit and self.instance.pk):
            return super().save(commit)
        # Only these choices: saving the whole row would write back the data_version read
        # with it, undoing a check-in recorded meanwhile (and reviving a stale page).
        self.instance.save(update_fields=self.Meta.fields)
        return self.instance


DATE_ERROR = "Enter a date like 2026-11-01."


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        validators=[validate_day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR, "required": "Choose the first day."},
    )
    end = forms.DateField(
        label="To",
        validators=[validate_day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR, "required": "Choose the last day."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("The first day must be on or before the last day.")
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError("Choose a period of one year or less.")
        return cleaned


class SummaryForm(PeriodForm):
    include_notes = forms.BooleanField(
        label="Include my private notes",
        required=False,
        help_text="Leave this off to keep your notes out of the summary.",
    )


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Show", choices=KIND_CHOICES, required=False)
    practice = forms.ModelChoiceField(
        label="Practice",
        queryset=None,
        required=False,
        empty_label="All practices",
        error_messages={"invalid_choice": "Choose a practice from the list."},
    )
    start = forms.DateField(
        label="From",
        required=False,
        validators=[validate_day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )
    end = forms.DateField(
        label="To",
        required=False,
        validators=[validate_day_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_used_by(user)

    def clean_kind(self):
        return self.cleaned_data["kind"] or KIND_ALL

    def filters(self):
        """history_rows() keyword arguments: the valid filters, or none at all."""
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("kind", "practice", "start", "end")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The first day must be on or before the last day.")
        return cleaned


class CheckInSyncForm(QuickCheckInForm):
    """A check-in made offline, sent when the connection returns (see static/js/queue.js)."""

    created_at = forms.DateTimeField(
        required=False,
        error_messages={"invalid": "The check-in's time is not a valid date and time."},
    )

    def clean_created_at(self):
        return validate_device_moment(
            self.cleaned_data["created_at"], future_message="The check-in's time is in the future."
        )

    def values(self):
        values = super().values()
        if self.cleaned_data.get("created_at"):
            values["created_at"] = self.cleaned_data["created_at"]
        return values

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from aira.forms import validate_day_in_range, validate_device_moment
from practices.models import Practice
from tracking.history import KIND_ALL, KIND_CHOICES, practices_used_by
from tracking.models import (
    MAX_ATTACK_MINUTES,
    NOTE_MAX_LENGTH,
    CheckIn,
    Mood,
    PanicAttack,
    Sensation,
    Tag,
    TrackingPreferences,
    join_sensations,
    join_tags,
)

ANXIETY_CHOICES = [(value, str(value)) for value in range(11)]
# Lazy: the tags are named in the language of the form that shows the message.
TAG_NAMES = lazy(lambda: ", ".join(str(label) for _value, label in Tag.choices), str)()
# A year is plenty for a clinician's summary and keeps its table printable.
MAX_PERIOD_DAYS = 366


class CheckInForm(forms.ModelForm):
    """Anxiety, mood, tags and note: used to edit a check-in, and as the base of the quick form."""

    anxiety = forms.TypedChoiceField(
        label=_("How anxious do you feel?"),
        help_text=_("0 is calm, 10 is the most anxious you can imagine."),
        choices=ANXIETY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from 0 to 10 for how anxious you feel."),
            "invalid_choice": _(
                "Anxiety is a number from 0 (calm) to 10 (the most anxious): "
                "“%(value)s” is not one of them."
            ),
        },
    )
    mood = forms.TypedChoiceField(
        label=_("How is your mood?"),
        choices=Mood.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how your mood is, from Very low to Very good."),
            "invalid_choice": _(
                "Mood is one of Very low, Low, Okay, Good or Very good: "
                "“%(value)s” is not one of them."
            ),
        },
    )
    tags = forms.MultipleChoiceField(
        label=_("What's on your mind? (optional)"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": format_lazy(
                _("“%(value)s” is not one of the tags. Choose from: {tags}."), tags=TAG_NAMES
            ),
        },
    )
    note = forms.CharField(
        label=_("Private note (optional)"),
        help_text=_("Only you can see this."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Keep the note to 2,000 characters or fewer (it has %(show_value)d)."),
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

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuickCheckInForm(CheckInForm):
    """The check-in on the progress page. Carries its own uuid, made when the form is shown,
    so a retried or double-tapped submit updates the same check-in instead of adding one."""

    uuid = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date. Please reload the page and try again."),
            "invalid": _("This form is out of date. Please reload the page and try again."),
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


DATE_ERROR = _("Enter a date like 2026-11-01.")


class IsoDateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2026-11-03) whatever the language:
    a localised "03/11/2026" is not a valid value, so the browser shows an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        validators=[validate_day_in_range],
        widget=IsoDateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Choose the first day.")},
    )
    end = forms.DateField(
        label=_("To"),
        validators=[validate_day_in_range],
        widget=IsoDateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Choose the last day.")},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The first day must be on or before the last day."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of one year or less."))
        return cleaned


class SummaryForm(PeriodForm):
    include_notes = forms.BooleanField(
        label=_("Include my private notes"),
        required=False,
        help_text=_("Leave this off to keep your notes out of the summary."),
    )
    include_panic = forms.BooleanField(
        label=_("Include my panic log"),
        required=False,
        help_text=_(
            "The attacks you logged in this period: when, how long, how strong, and what "
            "you wrote about them. Leave this off to keep them out of the summary."
        ),
    )


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    practice = forms.ModelChoiceField(
        label=_("Practice"),
        queryset=None,
        required=False,
        empty_label=_("All practices"),
        error_messages={"invalid_choice": _("Choose a practice from the list.")},
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        validators=[validate_day_in_range],
        widget=IsoDateInput(),
        error_messages={"invalid": DATE_ERROR},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        validators=[validate_day_in_range],
        widget=IsoDateInput(),
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
            raise forms.ValidationError(_("The first day must be on or before the last day."))
        return cleaned


class CheckInSyncForm(QuickCheckInForm):
    """A check-in made offline, sent when the connection returns (see static/js/queue.js)."""

    created_at = forms.DateTimeField(
        required=False,
        error_messages={"invalid": _("The check-in's time is not a valid date and time.")},
    )

    def clean_created_at(self):
        return validate_device_moment(
            self.cleaned_data["created_at"],
            future_message=_("The check-in's time is in the future."),
        )

    def values(self):
        values = super().values()
        if self.cleaned_data.get("created_at"):
            values["created_at"] = self.cleaned_data["created_at"]
        return values


# --- The panic log ---------------------------------------------------------------------

PEAK_CHOICES = [(value, str(value)) for value in range(11)]
LENGTH_CHOICES = [
    (5, _("About 5 min")),
    (10, _("10 min")),
    (20, _("20 min")),
    (30, _("30 min")),
    (60, _("An hour")),
]
LENGTH_VALUES = {value for value, _label in LENGTH_CHOICES}
OUT_OF_DATE = _("This form is out of date. Please reload the page and try again.")


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker. Its value has no time zone: it is read in the
    active one (the person's, aira.middleware.TimezoneMiddleware), as it is shown."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def panic_text(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Keep this to 2,000 characters or fewer (it has %(show_value)d)."),
        },
    )


class PanicAttackForm(forms.ModelForm):
    """The panic log: every answer optional but the time. Used to edit an attack, and as
    the base of the form that logs one."""

    started_at = forms.DateTimeField(
        label=_("When did it start?"),
        widget=LocalDateTimeInput(),
        error_messages={
            "required": _("Say roughly when it started (the time is filled in for you)."),
            "invalid": _("Enter a date and time like 2026-11-03 14:05."),
        },
    )
    length = forms.TypedChoiceField(
        label=_("Roughly how long did it last?"),
        choices=LENGTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the lengths, or type the minutes.")},
    )
    minutes = forms.IntegerField(
        label=_("Or in minutes"),
        required=False,
        min_value=1,
        max_value=MAX_ATTACK_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Type the minutes as a whole number, like 15."),
            "min_value": _("Type at least 1 minute, or leave it empty."),
            "max_value": _("Type 1,440 minutes (a whole day) or fewer."),
        },
    )
    peak = forms.TypedChoiceField(
        label=_("How strong was it at its peak?"),
        help_text=_("0 is none at all, 10 the strongest you can imagine."),
        choices=PEAK_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("The peak is a number from 0 to 10.")},
    )
    sensations = forms.MultipleChoiceField(
        label=_("What did your body do?"),
        choices=Sensation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” is not one of the sensations listed.")},
    )
    situation = panic_text(_("Where were you, and what was happening?"))
    feared = panic_text(_("What did you fear would happen?"))
    happened = panic_text(_("What actually happened?"))
    helped_practices = forms.ModelMultipleChoiceField(
        label=_("Did an Aira practice help?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose practices from the list.")},
    )
    helped_note = panic_text(_("What else helped?"))
    note = panic_text(_("Private note"), _("Only you can see this."))

    class Meta:
        model = PanicAttack
        fields = [
            "started_at",
            "minutes",
            "peak",
            "sensations",
            "situation",
            "feared",
            "happened",
            "helped_practices",
            "helped_note",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (
            self.instance.helped_practices.all() if self.instance.pk else Practice.objects.none()
        )
        # A practice unpublished since it was ticked stays listed on its attack.
        self.fields["helped_practices"].queryset = (
            Practice.objects.filter(Q(is_published=True) | Q(pk__in=chosen.values("pk")))
            .only("title")
            .order_by("order", "title")
        )
        if not self.is_bound:
            if self.instance.pk:
                self.initial["sensations"] = self.instance.sensation_list
                if self.instance.minutes in LENGTH_VALUES:
                    self.initial["length"] = self.instance.minutes
                    self.initial["minutes"] = None
            else:
                self.initial.setdefault("started_at", timezone.localtime())

    def clean_started_at(self):
        return validate_device_moment(
            self.cleaned_data["started_at"],
            future_message=_("That time is still to come. When did it start?"),
        )

    def clean_sensations(self):
        return join_sensations(self.cleaned_data["sensations"])

    def clean(self):
        cleaned = super().clean()
        # A typed number is the more exact answer; otherwise the length tapped.
        if cleaned.get("minutes") is None and not self.has_error("minutes"):
            cleaned["minutes"] = cleaned.get("length")
        return cleaned

    def values(self):
        """The attack's own fields (not the practices) for PanicAttack.objects.record."""
        names = [n for n in self.Meta.fields if n != "helped_practices"]
        return {name: self.cleaned_data[name] for name in names}


class NewPanicAttackForm(PanicAttackForm):
    """Logging an attack. Carries its own uuid, made when the form is shown, so a
    double-tapped or resent submit updates the same record instead of adding one."""

    uuid = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("uuid", uuid.uuid4())

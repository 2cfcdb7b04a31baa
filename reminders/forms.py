import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from reminders.models import WEEKDAYS, Reminder, join_weekdays, split_weekdays

# Sorted once: about 600 names, the same for every request.
TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class PracticeField(forms.ModelChoiceField):
    """Each practice once, in the reader's language (Practice.objects.to_choose); the
    choice stored is the original, so the reminder holds in any language."""

    def label_from_instance(self, practice):
        return practice.reader_label


class ReminderForm(forms.ModelForm):
    enabled = forms.BooleanField(
        label=_("Send me reminders by email"),
        required=False,
        help_text=_("Off by default. Every email has a link to pause or stop them."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=[(number, name) for number, name, _code in WEEKDAYS],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose days from Monday to Sunday.")},
    )
    at = forms.TimeField(
        label=_("At this time"),
        widget=TimeInput(),
        error_messages={
            "required": _("Choose a time, such as 20:00."),
            "invalid": _("Enter a time such as 20:00."),
        },
    )
    time_zone = forms.ChoiceField(
        label=_("In this time zone"),
        choices=[(name, name.replace("_", " ")) for name in TIME_ZONES],
        help_text=_("Your reminder follows your clock, summer time included."),
        error_messages={"invalid_choice": _("Choose your time zone from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("What would you like to be reminded of?"),
        choices=Reminder.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to be reminded of.")},
    )
    practice = PracticeField(
        label=_("Which practice (if you chose a practice)"),
        queryset=Practice.objects.none(),
        required=False,
        empty_label=_("Choose a practice"),
        error_messages={"invalid_choice": _("Choose a practice from the list.")},
    )

    class Meta:
        model = Reminder
        fields = ["enabled", "weekdays", "at", "time_zone", "kind", "practice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here: the labels are in the language of the request that shows the form.
        self.fields["practice"].queryset = Practice.objects.to_choose().only("title", "slug")
        if not self.is_bound:
            self.initial["weekdays"] = self.instance.weekday_list
            chosen = self.instance.practice
            if chosen is not None and chosen.translation_of_id:
                # Chosen as a translation before choices were kept as originals.
                self.initial["practice"] = chosen.translation_of_id

    def clean_weekdays(self):
        return join_weekdays(self.cleaned_data["weekdays"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not split_weekdays(cleaned.get("weekdays")):
            self.add_error("weekdays", _("Choose at least one day for your reminder."))
        if cleaned.get("kind") == Reminder.Kind.PRACTICE:
            if not cleaned.get("practice") and "practice" not in self.errors:
                self.add_error("practice", _("Choose the practice to be reminded of."))
        else:
            cleaned["practice"] = None
        return cleaned

    def save(self, commit=True):
        reminder = super().save(commit=False)
        # Saving the settings is a fresh start: a pause from an email ends.
        reminder.paused_until = None
        if commit:
            reminder.save()
        return reminder

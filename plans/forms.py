from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import DEFAULT_MESSAGE, MESSAGE_MAX_LENGTH, Person, Plan
from practices.models import Practice


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class PracticesField(forms.ModelMultipleChoiceField):
    """The plan's practices, each once in the reader's language (Practice.objects.to_choose),
    chosen by the original's slug. A translation's slug (a device's copy made from an
    older page) counts as its original's."""

    def label_from_instance(self, practice):
        return practice.reader_label

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            slugs = [str(v) for v in value]
            originals = Practice.objects.filter(slug__in=slugs).original_slugs()
            value = [originals.get(slug, slug) for slug in slugs]
        return super()._check_values(value)


class PlanForm(forms.ModelForm):
    """Every part of the plan. The guided steps each show a few of these fields (STEPS)."""

    class Meta:
        model = Plan
        fields = [
            "warning_signs",
            "on_my_own",
            "practices",
            "distractions",
            "clinician_name",
            "clinician_phone",
            "safer_space",
            "worth_holding_on_to",
        ]
        labels = {
            "warning_signs": _("My warning signs"),
            "on_my_own": _("Things I can do on my own"),
            "practices": _("Aira practices that help me"),
            "distractions": _("People and places that take my mind off things"),
            "clinician_name": _("My clinician, doctor or therapist"),
            "clinician_phone": _("Their phone number"),
            "safer_space": _("Making my space safer"),
            "worth_holding_on_to": _("What matters to me, worth holding on to"),
        }
        help_texts = {
            "warning_signs": _(
                "Thoughts, feelings or situations that tell you a hard moment is coming."
            ),
            "on_my_own": _("Small things that help you ride it out, without anyone else."),
            "distractions": _(
                "Somewhere to go or someone to be around, without having to talk about it."
            ),
            "clinician_phone": _("Digits, spaces and a + for the country code."),
            "safer_space": _(
                "Things you could put out of reach, or ask someone to keep for you, until "
                "this passes."
            ),
        }
        field_classes = {"practices": PracticesField}
        widgets = {
            "warning_signs": textarea(),
            "on_my_own": textarea(),
            "practices": forms.CheckboxSelectMultiple,
            "distractions": textarea(),
            "clinician_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "clinician_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "safer_space": textarea(),
            "worth_holding_on_to": textarea(),
        }

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "practices" in self.fields:
            field = self.fields["practices"]
            field.queryset = Practice.objects.to_choose().only("title", "slug")
            # Chosen by slug: a device's copy names practices the same way on any server,
            # and a number sent in their place can never overflow the database's integer.
            field.to_field_name = "slug"
            chosen = list(self.instance.practices.all()) if self.instance.pk else []
            if not self.is_bound and any(p.translation_of_id for p in chosen):
                # Chosen as a translation before choices were kept as originals.
                self.initial["practices"] = [
                    p.translation_of.slug if p.translation_of_id else p.slug for p in chosen
                ]
        if fields is not None:  # one guided step: only its own parts
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]


class PersonForm(forms.ModelForm):
    """One of my people. The uuid is made when the form is shown, so a double tap or a
    resent form saves the same person once."""

    uuid = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = ["name", "phone", "email", "message"]
        labels = {
            "name": _("Their name"),
            "phone": _("Their phone number"),
            "email": _("Their email address"),
            "message": _("The message to send them"),
        }
        help_texts = {
            "phone": _("For Call and Text. Include the country code if they live abroad."),
            "email": _("Optional if you gave a phone number."),
            "message": _(
                "In your own words. Aira puts it in the text or email for you to send; "
                "Aira never sends anything or contacts anyone itself."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "message": textarea(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = MESSAGE_MAX_LENGTH
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("message", DEFAULT_MESSAGE)

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

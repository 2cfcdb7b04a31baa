"""Aira's form renderer writes the common widgets in Python (aira.forms.WIDGET_WRITERS):
exactly what Django's own templates write, character for character."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from aira.forms import WIDGET_WRITERS, AiraFormRenderer


class EveryWidgetForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), ("b", 'Say "b"')])
    grouped = forms.ChoiceField(
        choices=[("Calm", [("1", "One"), ("2", "Two")]), ("Sleep & rest", [("3", "Three")])],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    maybe = forms.NullBooleanField(required=False)
    name = forms.CharField(max_length=20, help_text="Your <name>")
    email = forms.EmailField(required=False)
    website = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    count = forms.IntegerField(min_value=0, max_value=10, required=False)
    ratio = forms.DecimalField(required=False, decimal_places=1)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"autofocus": True}))


FILLED = {
    "plain": "a",
    "grouped": "2",
    "several": ["x", "y"],
    "maybe": "true",
    "name": 'Ann <b> & "Co"',
    "email": "ann@example.com",
    "website": "https://example.org/?a=1&b=2",
    "phone": "+44 20 7946 0000",
    "count": "11",  # invalid: aria-invalid on the input
    "ratio": "2.5",
    "secret": "p<w>",
    "token": "abc",
    "day": "2026-12-03",
    "moment": "2026-12-03 14:05",
    "at": "14:05",
    "agree": "on",
    "note": "First line\n<second> & third",
}


@pytest.mark.parametrize(
    "data", [None, FILLED, {"note": "", "name": ""}], ids=["blank", "filled", "empty"]
)
def test_every_widget_writes_what_djangos_templates_write(data):
    ours = EveryWidgetForm(data, initial={"day": datetime.date(2026, 1, 2), "agree": True})
    djangos = EveryWidgetForm(
        data, initial={"day": datetime.date(2026, 1, 2), "agree": True}, renderer=DjangoTemplates()
    )
    assert isinstance(ours.renderer, AiraFormRenderer)
    if data is not None:
        ours.is_valid()
        djangos.is_valid()
    for name in EveryWidgetForm.base_fields:
        assert ours[name].as_widget() == djangos[name].as_widget(), name


def test_every_writer_is_tried_above():
    form = EveryWidgetForm()
    used = {form[name].field.widget.template_name for name in form.fields}
    written = set(WIDGET_WRITERS) - {"django/forms/widgets/input.html"}  # included by all
    assert written - used <= {
        "django/forms/widgets/search.html",  # Django's SearchInput: same input template
        "django/forms/widgets/color.html",  # ColorInput
        "django/forms/widgets/tel.html",
    }


def test_a_safe_value_is_not_escaped_twice():
    widget = forms.TextInput()
    value = mark_safe("a &amp; b")
    ours = widget.render("x", value, renderer=AiraFormRenderer())
    assert ours == widget.render("x", value, renderer=DjangoTemplates())
    assert 'value="a &amp; b"' in ours


def test_other_widgets_still_use_their_templates():
    form = forms.Form()
    form.fields["pick"] = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    assert "django/forms/widgets/radio.html" not in WIDGET_WRITERS
    assert 'type="radio"' in form["pick"].as_widget()


class TemplateFieldRenderer(AiraFormRenderer):
    """Aira's renderer with the field group left to templates/forms/field.html."""

    def render(self, template_name, context, request=None):
        if template_name == "forms/field.html":
            return TemplatesSetting.render(self, template_name, context, request)
        return super().render(template_name, context, request)


class FieldKindsForm(forms.Form):
    name = forms.CharField(label='Name & "nickname"', help_text="Your <b>first</b> name")
    agree = forms.BooleanField(label="I agree", required=False, help_text="Tick to agree")
    feelings = forms.MultipleChoiceField(
        label="Feelings",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hidden_label = forms.CharField(label="", required=False)
    count = forms.IntegerField(min_value=0, max_value=10, required=False)


@pytest.mark.parametrize(
    "data",
    [None, {"name": "", "agree": "on", "count": "11"}, {"name": "Ann", "feelings": ["a"]}],
    ids=["blank", "with errors", "valid"],
)
def test_every_field_group_is_what_the_field_template_writes(data):
    ours = FieldKindsForm(data)
    templated = FieldKindsForm(data, renderer=TemplateFieldRenderer())
    if data is not None:
        ours.is_valid()
        templated.is_valid()
    for name in FieldKindsForm.base_fields:
        written = ours[name].as_field_group()
        assert parse_html(written) == parse_html(templated[name].as_field_group()), name
    if data and "count" in data:
        assert 'class="errorlist"' in ours["count"].as_field_group()
    assert "<legend>Feelings</legend>" in ours["feelings"].as_field_group()
    assert '<label for="id_name">Name &amp; &quot;nickname&quot;</label>' in (
        ours["name"].as_field_group()
    )

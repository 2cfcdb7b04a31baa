"""Aira's faster select template writes exactly what Django's own would."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from aira.forms import AiraFormRenderer


class ChoicesForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), ("b", 'Say "b"')])
    grouped = forms.ChoiceField(
        choices=[("Calm", [("1", "One"), ("2", "Two")]), ("Sleep", [("3", "Three")])],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)


def test_select_widgets_render_as_djangos_own_templates_do():
    data = {"plain": "a", "grouped": "2", "several": ["x", "y"]}
    ours = ChoicesForm(data)
    djangos = ChoicesForm(data, renderer=DjangoTemplates())
    assert isinstance(ours.renderer, AiraFormRenderer)
    for name in ("plain", "grouped", "several"):
        assert parse_html(ours[name].as_widget()) == parse_html(djangos[name].as_widget())
    assert 'value="a" selected>A &amp; B</option>' in ours["plain"].as_widget()

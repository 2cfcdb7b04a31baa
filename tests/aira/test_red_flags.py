"""The medical red flags: one list, with the emergency number of the person's country."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from aira.context_processors import crisis_country


def render_red_flags(**headers):
    request = RequestFactory().get("/", **headers)
    return render_to_string("includes/red_flags.html", crisis_country(request), request=request)


def test_red_flags_name_each_emergency_sign():
    html = render_red_flags()
    for sign in (
        "spreads to your arm, jaw or back",
        "comes on with exertion",
        "faint",
        "lips look blue",
        "face droops",
        "slurred",
        "new medicine or a drug",
        "heart or lung condition",
        "first attack and it comes with chest pain",
    ):
        assert sign in html


def test_red_flags_dial_the_likely_countrys_emergency_number():
    html = render_red_flags(HTTP_ACCEPT_LANGUAGE="en-AU,en;q=0.8")
    assert 'href="tel:000"' in html


def test_red_flags_without_a_known_country_say_local_number_and_link_the_list():
    html = render_red_flags(HTTP_ACCEPT_LANGUAGE="xx")
    assert "your local emergency number" in html
    assert 'href="/crisis/"' in html
    assert "tel:" not in html

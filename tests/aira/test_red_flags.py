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
        "faint or pass out, even briefly",
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
    assert (
        '<a class="button button--primary" href="tel:000">Call 000 (emergency, Australia)</a>'
        in html
    )


def test_feeling_about_to_faint_is_not_itself_a_red_flag():
    # "About to faint" is a classic panic fear (what-a-panic-attack-is.md): sending
    # everyone who feels it to the emergency number would send most people mid-panic.
    assert "about to" not in render_red_flags()


def test_red_flags_without_a_known_country_lead_to_the_emergency_numbers_by_country():
    html = render_red_flags(HTTP_ACCEPT_LANGUAGE="xx")
    assert (
        '<a class="button button--primary" href="/crisis/">Find your emergency number</a>' in html
    )
    assert "tel:" not in html  # no number we can't know to be theirs

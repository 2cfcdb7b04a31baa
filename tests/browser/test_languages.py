"""Choosing Spanish in the footer on a phone: the pages, the JavaScript strings and the
read-aloud language follow, with the selector working by keyboard (issue 20)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_spanish_in_the_footer_turns_the_site_spanish(site):
    site.set_viewport_size({"width": 390, "height": 844})
    make_practice(
        "respiracion-tranquila",
        title="Respiración tranquila",
        steps=[{"title": "Respira despacio", "text": "Suelta el aire poco a poco."}] * 2,
    )
    page = site.go("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")

    # Keyboard only: the labelled select, then its button.
    select = page.get_by_label("Language")
    select.focus()
    select.select_option("es")
    for target in (select, page.get_by_role("button", name="Change language")):
        box = target.bounding_box()
        assert box["height"] >= 44, target
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change language")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recupera el equilibrio.")
    # Set by aira.js from the JavaScript catalogue.
    expect(page.locator("[data-theme-toggle]")).to_have_text(
        re.compile("^Usar tema (claro|oscuro)$")
    )
    expect(page.get_by_label("Idioma")).to_have_value("es")

    page = site.go("/practices/respiracion-tranquila/")
    page.get_by_role("button", name="Empezar").click()
    page.get_by_role("button", name="Saltar esta pregunta").click()
    expect(page.get_by_text("Paso 1 de 2")).to_be_visible()
    # The read-aloud voice takes its language from <html lang> (static/js/player.js).
    assert page.evaluate("document.documentElement.lang") == "es"

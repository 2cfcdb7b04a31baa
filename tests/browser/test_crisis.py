"""The crisis page on a small phone: the person's country first, everything reachable."""

import pytest
from playwright.sync_api import expect

SMALLEST = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def crisis_page(browser, live_server):
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            **SMALLEST, base_url=live_server.url, service_workers="block", **options
        )
        contexts.append(context)
        page = context.new_page()
        page.goto("/crisis/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_spanish_phone_sees_spain_first_and_marked(crisis_page):
    page = crisis_page(locale="es-ES", timezone_id="Europe/Madrid")
    first = page.locator(".crisis-country").first
    expect(first).to_have_attribute("id", "es")
    # A Spanish phone reads the page in Spanish (issue 20).
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(first.get_by_text("Tu país, según la configuración de tu dispositivo")).to_be_visible()
    expect(first.get_by_role("link", name="Llamar al 024")).to_be_visible()
    expect(first.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")


def test_page_fits_320px_and_every_call_or_text_link_is_a_44px_target(crisis_page):
    page = crisis_page(locale="en-GB")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    links = page.locator('a[href^="tel:"], a[href^="sms:"]')
    assert links.count() > 40
    small = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')]
            .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44 || box.right > innerWidth)
            .map(([text]) => text)"""
    )
    assert small == []


def test_keyboard_reaches_all_other_countries_from_the_first(crisis_page):
    page = crisis_page(locale="en-AU")
    expect(page.locator(".crisis-country").first).to_have_attribute("id", "au")
    link = page.get_by_role("link", name="Not your country? See all the others")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url("/crisis/#all-countries")
    page.get_by_role("navigation", name="Countries").get_by_role("link", name="Japan").click()
    japan = page.locator("#jp")
    expect(japan).to_be_in_viewport()
    expect(japan.get_by_role("link", name="Call 0120-279-338")).to_be_visible()

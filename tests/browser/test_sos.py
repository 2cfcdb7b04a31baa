"""The SOS page on a phone: three choices in view before anything else, each one tap
(or one Tab-and-Enter), with JavaScript and without it."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.browser.conftest import go_offline, tab_to

PANIC = "It feels like panic or anxiety"
UNSAFE = "I might hurt myself, or I'm not safe"
PHYSICAL = "Something feels physically wrong"


@pytest.fixture
def phone(browser, live_server):
    """A phone whose browser asks for Australian English (Accept-Language: en-AU) and
    whose clock names no listed country, so the page's country comes from the language."""
    contexts = []

    def _open(path, *, javascript=True, width=390, height=844):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=True,
            has_touch=True,
            locale="en-AU",
            timezone_id="UTC",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + path)
        return page

    yield _open
    for context in contexts:
        context.close()


def choice(page, text):
    """The triage button or link whose label starts with `text`."""
    return page.locator(".sos-triage").locator("a, button").filter(has_text=text)


def sos_by_keyboard(page, text):
    """From the top of /sos/, Tab to the choice and press Enter."""
    tab_to(page, re.compile(re.escape(text) + r"\b.*", re.S))
    page.keyboard.press("Enter")


@pytest.mark.parametrize("width,height", [(390, 844), (320, 568)])
def test_the_three_choices_are_in_view_without_scrolling(
    phone, builtin_practices, artifacts_dir, width, height
):
    page = phone("/sos/", width=width, height=height)
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's take this one step at a time.")
    page.screenshot(path=artifacts_dir / f"sos-{width}x{height}.png")
    assert page.evaluate("() => window.scrollY") == 0
    tops = []
    for text in (PANIC, UNSAFE, PHYSICAL):
        box = choice(page, text).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (text, box)
        assert box["height"] >= 44 and box["width"] >= 44
        tops.append(box["y"])
    assert tops == sorted(tops)  # in this order
    # Before anything else: the optional scale comes after them.
    assert page.get_by_role("button", name="0", exact=True).bounding_box()["y"] > tops[-1]
    # Nothing scrolls sideways, even at 320px.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_panic_reaches_stay_safe_in_one_tap_from_the_header(phone, builtin_practices):
    page = phone("/")
    page.get_by_role("link", name="Need help now?").click()
    expect(page).to_have_url(re.compile("/sos/$"))
    choice(page, PANIC).click()
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/s/[0-9a-f-]+/step/1/$"))
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")
    session = PracticeSession.objects.get()
    assert session.practice.slug == "stay-safe" and session.rating_before is None


def test_unsafe_goes_straight_to_the_crisis_lines_of_the_country(phone, builtin_practices):
    page = phone("/sos/")
    choice(page, UNSAFE).click()
    expect(page).to_have_url(re.compile("/crisis/#au$"))
    australia = page.locator("#au")
    expect(australia).to_be_in_viewport()
    expect(australia.get_by_role("heading", level=2)).to_have_text("Australia")
    expect(australia.locator('a[href="tel:131114"]')).to_be_visible()  # Lifeline


def test_physically_wrong_opens_the_red_flags_with_the_emergency_number(phone, builtin_practices):
    page = phone("/sos/")
    red_flags = page.locator("details#red-flags")
    expect(red_flags).not_to_have_attribute("open", "")  # collapsed, yet on the page
    choice(page, PHYSICAL).click()
    expect(red_flags).to_have_attribute("open", "")
    expect(red_flags).to_be_in_viewport()
    expect(red_flags.get_by_text("severely short of breath")).to_be_visible()
    expect(red_flags.locator('a[href="tel:000"]')).to_be_visible()
    expect(red_flags.locator("summary")).to_be_focused()
    expect(page).to_have_url(re.compile("/sos/#red-flags$"))  # opened in place, no reload


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_choice_works_with_the_keyboard(phone, builtin_practices, javascript):
    page = phone("/sos/", javascript=javascript)
    sos_by_keyboard(page, PANIC)
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/s/[0-9a-f-]+/step/1/$"))
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")

    page.goto(page.url.split("/practices/")[0] + "/sos/")
    sos_by_keyboard(page, UNSAFE)
    expect(page).to_have_url(re.compile("/crisis/#au$"))
    expect(page.locator("#au")).to_be_in_viewport()

    page.goto(page.url.split("/crisis/")[0] + "/sos/")
    sos_by_keyboard(page, PHYSICAL)
    red_flags = page.locator("details#red-flags")
    expect(red_flags).to_have_attribute("open", "")
    expect(red_flags.locator('a[href="tel:000"]')).to_be_visible()
    expect(red_flags).to_be_in_viewport()
    if javascript:
        expect(page).to_have_url(re.compile("/sos/#red-flags$"))
    else:
        # The link's own href: the page again, with the list open and scrolled to.
        expect(page).to_have_url(re.compile(r"/sos/\?physical=1#red-flags$"))


def test_each_choice_shows_where_the_keyboard_is(phone, builtin_practices):
    page = phone("/sos/")
    for text in (PANIC, UNSAFE, PHYSICAL):
        tab_to(page, re.compile(re.escape(text) + r"\b.*", re.S))
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert outline[0] != "none" and outline[1] >= 2, (text, outline)


def test_panic_starts_stay_safe_in_one_tap_with_no_connection(site, builtin_practices):
    from tests.browser.test_offline import wait_for_offline_ready

    page = site.go("/")
    wait_for_offline_ready(page)
    go_offline(page)
    page.go("/sos/")
    choice(page, PANIC).click()
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/offline/#.*step=1"))
    expect(page.locator("[data-offline-title]")).to_have_text("Stay Safe")
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")

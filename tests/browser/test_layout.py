"""What the screen shows on a phone (issue 15): every key page at 320 and 390 px without
sideways scrolling, with 44px tap targets and a header of two rows, and one test for each
layout bug a newcomer tripped over."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from practices.models import Practice, PracticeSession
from tests.aira.test_user_agents import IPHONE_SAFARI
from tests.browser.conftest import tab_to, walk_all_steps
from tests.conftest import PASSWORD
from tracking.models import CheckIn

PHONE_WIDTHS = [320, 390]
# The page sweep also takes the most common Android width, between the two.
SWEEP_WIDTHS = [320, 360, 390]

# What a person sees and taps, measured in the page. A target is a visible link, button,
# summary, form field or [role=button]; a checkbox or radio is measured with its label
# (tapping either works), and a card's link with its card (its ::after covers the card).
#
# "Inline in running text", the one exception to 44x44 (WCAG 2.5.8 exempts it too): an
# <a> laid out inline (computed display: inline) inside a <p> or <li> that holds at
# least one word of two letters or more outside its links and buttons. A link alone in
# its paragraph, or a list of links, is not running text and must be 44x44.
MEASURE_PAGE = """
() => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (getComputedStyle(el).visibility === "hidden") return false;
    return !el.closest("[hidden], .visually-hidden, details:not([open]) > :not(summary)");
  };
  const name = (el) => (el.getAttribute("aria-label") || el.innerText || el.value || el.name || el.tagName)
    .trim().replace(/\\s+/g, " ").slice(0, 60);
  const inlineInRunningText = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.closest("p, li");
    if (!block) return false;
    const words = block.cloneNode(true);
    words.querySelectorAll("a, button").forEach((inner) => inner.remove());
    return /\\p{L}{2,}/u.test(words.textContent);
  };
  const union = (a, b) => ({
    width: Math.max(a.right, b.right) - Math.min(a.left, b.left),
    height: Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top),
  });
  const small = [];
  const targets = "a[href], button, summary, select, textarea, input:not([type=hidden]), [role=button]";
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el) || el.matches(".skip-link")) continue;
    let box = el.getBoundingClientRect();
    if (el.matches(".card__link") && el.closest(".card")) box = el.closest(".card").getBoundingClientRect();
    if ((el.type === "radio" || el.type === "checkbox") && el.labels && el.labels.length) {
      box = union(box, el.labels[0].getBoundingClientRect());
    }
    // Half a pixel of rounding: 43.6 px is a 44 px box drawn at a fractional position.
    if ((box.width < 43.5 || box.height < 43.5) && !inlineInRunningText(el)) {
      small.push(`${el.tagName.toLowerCase()} "${name(el)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  // The header's rows: its links and buttons grouped by the lines they share. A link
  // whose own words wrap ("Account" broken in two) counts as wrapped.
  const rows = [];
  const wrapped = [];
  for (const el of document.querySelectorAll(".site-header a, .site-header button")) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    const row = rows.find((r) => box.top < r.bottom - 1 && box.bottom > r.top + 1);
    if (row) { row.top = Math.min(row.top, box.top); row.bottom = Math.max(row.bottom, box.bottom); }
    else rows.push({ top: box.top, bottom: box.bottom });
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      if (!text.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) wrapped.push(name(el));
    }
  }
  const header = [...document.querySelectorAll(".site-header a")].filter(visible).map(name);
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth,
    small, headerRows: rows.length, wrapped, header,
  };
}
"""


def measure(page):
    return page.evaluate(MEASURE_PAGE)


def assert_fits_a_phone(page, path):
    found = measure(page)
    where = f"{path} at {found['innerWidth']}px"
    assert found["scrollWidth"] <= found["innerWidth"], f"{where} scrolls sideways"
    assert found["small"] == [], f"{where}: tap targets under 44x44 px: {found['small']}"
    assert found["headerRows"] <= 2, f"{where}: header in {found['headerRows']} rows"
    assert found["wrapped"] == [], f"{where}: header links wrap: {found['wrapped']}"
    assert "Need help now?" in found["header"], where
    assert "In crisis?" in found["header"], where


@pytest.fixture
def key_content(builtin_practices):
    """The built-in practices and library, as a fresh install has them."""
    from library import builtin

    builtin.load()


def history_for(user):
    """A few days of check-ins and a practised day, so Progress draws its chart,
    calendar and What helps you."""
    now = timezone.now()
    practice = Practice.objects.get(slug="physiological-sigh")
    for days_ago, anxiety in [(3, 7), (2, 6), (1, 5), (0, 4)]:
        CheckIn.objects.create(
            user=user, anxiety=anxiety, mood=3, created_at=now - timedelta(days=days_ago)
        )
    PracticeSession.objects.create(
        user=user, practice=practice, started_at=now - timedelta(minutes=3), ended_at=now,
        finished=True, rating_before=7, rating_after=4, steps_completed=practice.steps.count(),
    )  # fmt: skip


@pytest.mark.parametrize("width", SWEEP_WIDTHS)
def test_every_key_page_fits_a_phone(site, sign_in, user, key_content, width):
    site.set_viewport_size({"width": width, "height": 844})
    article = "/library/what-a-panic-attack-is/"
    visitor_pages = [
        "/", "/library/", article, "/library/search/?q=panic", "/practices/",
        "/practices/physiological-sigh/", "/sos/", "/crisis/", "/privacy/",
        "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    ]  # fmt: skip
    for path in visitor_pages:
        site.go(path)
        expect(site.get_by_role("heading", level=1)).to_be_visible()
        assert_fits_a_phone(site, path)

    history_for(user)
    sign_in(user)
    signed_in_pages = [
        "/progress/", "/progress/history/", "/progress/summary/", "/progress/preferences/",
        "/progress/data/", "/library/saved/", article, "/accounts/email/",
        "/accounts/password/change/", "/accounts/2fa/", "/accounts/sessions/",
    ]  # fmt: skip
    for path in signed_in_pages:
        site.go(path)
        expect(site.get_by_role("heading", level=1)).to_be_visible()
        assert_fits_a_phone(site, path)


@pytest.mark.parametrize("slug", ["stay-safe", "physiological-sigh"])
def test_every_stage_of_the_player_fits_a_320px_phone(site, sign_in, user, builtin_practices, slug):
    """Stay Safe shows the red flags in a step; the double sigh has the pacer's settings."""
    sign_in(user)
    site.set_viewport_size({"width": 320, "height": 700})
    site.go(f"/practices/{slug}/")
    site.get_by_role("button", name="Begin").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Before you begin")
    assert_fits_a_phone(site, "before")
    site.get_by_role("button", name="7", exact=True).click()
    progress = site.locator(".player__progress")
    expect(progress).to_contain_text("Step 1 of")
    total = int(re.search(r"of (\d+)", progress.inner_text()).group(1))
    for number in range(1, total + 1):
        expect(progress).to_contain_text(f"Step {number} of {total}")
        assert_fits_a_phone(site, f"step {number}")
        site.get_by_role("button", name="Finish" if number == total else "Next").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("You've reached the end")
    assert_fits_a_phone(site, "after")
    site.get_by_role("button", name="4", exact=True).click()
    expect(site).to_have_url(re.compile("/done/$"))
    assert_fits_a_phone(site, "done")
    site.go(f"/progress/sessions/{PracticeSession.objects.get().uuid}/")
    assert_fits_a_phone(site, "the session in history")


# --- Bug 1: the clinician summary's dates -------------------------------------------------


def test_summary_dates_show_the_period_and_changing_only_to_works(site, sign_in, user):
    sign_in(user)
    site.go("/progress/summary/")
    heading = site.get_by_role("heading", level=1)
    start, end = re.fullmatch(r"Summary for (.+) to (.+)", heading.inner_text()).groups()
    start_day = date.fromisoformat(site.get_by_label("From").input_value())
    end_day = date.fromisoformat(site.get_by_label("To").input_value())
    assert f"{start_day.day} {start_day:%B %Y}" == start
    assert f"{end_day.day} {end_day:%B %Y}" == end

    new_end = start_day + timedelta(days=7)
    site.get_by_label("To").fill(new_end.isoformat())
    site.get_by_role("button", name="Show summary").click()
    expect(heading).to_have_text(
        f"Summary for {start} to {new_end.day} {new_end:%B %Y}", use_inner_text=True
    )


# --- Bug 2: signed-in devices -------------------------------------------------------------


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_signed_in_devices_are_named_and_fit_a_phone(site, sign_in, user, width):
    phone = Client(headers={"user-agent": IPHONE_SAFARI})
    phone.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    site.set_viewport_size({"width": width, "height": 844})
    sign_in(user)
    site.go("/accounts/sessions/")

    devices = site.locator(".device-list > li")
    expect(devices).to_have_count(2)
    expect(devices.filter(has_text="Safari on iPhone")).to_contain_text("Signed in")
    # This browser is Chromium on Linux, and marked as the device in use.
    expect(devices.filter(has_text="This device")).to_contain_text("Chrome on Linux")
    found = measure(site)
    assert found["scrollWidth"] <= found["innerWidth"]
    expect(site.get_by_role("link", name="Account")).to_be_in_viewport()


# --- Bug 4: the 0-10 buttons at 320 px ----------------------------------------------------


def assert_ratings_inside_the_margins(page):
    buttons = page.locator(".rating__button")
    expect(buttons).to_have_count(11)
    boxes = [buttons.nth(n).bounding_box() for n in range(11)]
    margin = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('main')).paddingRight)"
    )
    for number, box in enumerate(boxes):
        assert box["width"] >= 43.5 and box["height"] >= 43.5, (number, box)
        assert box["x"] >= margin - 0.5, (number, box)
        assert box["x"] + box["width"] <= 320 - margin + 0.5, (number, box)


def test_rating_buttons_keep_inside_the_page_at_320px(site, builtin_practices):
    site.set_viewport_size({"width": 320, "height": 700})
    site.go("/sos/")
    assert_ratings_inside_the_margins(site)

    site.go("/practices/physiological-sigh/")
    site.get_by_role("button", name="Begin").click()
    expect(site.get_by_text("How strong is your distress right now?")).to_be_visible()
    assert_ratings_inside_the_margins(site)

    site.get_by_role("button", name="6", exact=True).click()
    walk_all_steps(site)
    expect(site.get_by_text("How strong is your distress now?")).to_be_visible()
    assert_ratings_inside_the_margins(site)


# --- Bug 5: gaps in the practices list ----------------------------------------------------


def test_practice_cards_sit_one_gap_apart(site, builtin_practices):
    site.set_viewport_size({"width": 390, "height": 844})
    site.go("/practices/")
    gaps = site.evaluate(
        """() => [...document.querySelectorAll('.card-grid')].flatMap((grid) => {
             const cards = [...grid.children].map((card) => card.getBoundingClientRect());
             return cards.slice(1).map((card, n) => card.top - cards[n].bottom);
           })"""
    )
    assert gaps, "no two cards in one list"
    assert max(gaps) <= 24, gaps  # the grid's 1rem gap, not 2rem margins on top


# --- Bug 6: every <details> looks openable ------------------------------------------------


MARKER = """(summary) => {
  const marker = getComputedStyle(summary, "::before");
  const style = getComputedStyle(summary);
  return {
    nativeMarker: style.display === "list-item",
    drawn: marker.content !== "none" && marker.content !== "normal" && parseFloat(marker.width) > 0,
    transform: marker.transform,
  };
}"""


# The chevron's computed transforms, closed and open (static/css/aira.css).
ROTATED_MINUS_45 = "matrix(0.707107, -0.707107, 0.707107, 0.707107, 0, 0)"
ROTATED_45 = "matrix(0.707107, 0.707107, -0.707107, 0.707107, 0, 0)"


def assert_every_summary_has_a_marker(page):
    summaries = page.locator("details > summary")
    assert summaries.count() > 0
    for n in range(summaries.count()):
        marker = summaries.nth(n).evaluate(MARKER)
        assert marker["nativeMarker"] or marker["drawn"], summaries.nth(n).inner_text()


def test_every_details_shows_a_marker_and_opens_with_the_keyboard(
    site, sign_in, user, builtin_practices
):
    site.go("/practices/physiological-sigh/")
    site.get_by_role("button", name="Begin").click()
    site.get_by_role("button", name="Skip this question").click()
    expect(site.locator(".player__progress")).to_contain_text("Step 1 of")
    assert_every_summary_has_a_marker(site)

    settings = site.locator("summary", has_text="Player settings")
    closed = settings.evaluate(MARKER)["transform"]
    tab_to(site, "Player settings")
    outline = settings.evaluate(
        "(el) => { const s = getComputedStyle(el); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline  # focus is visible
    site.keyboard.press("Enter")
    expect(site.locator("details.player-settings")).to_have_attribute("open", "")
    # The chevron turns from -45 to 45 degrees, pointing down. It takes a 150 ms
    # transition, so the test waits for the turn to end rather than reading it midway.
    assert closed == ROTATED_MINUS_45, closed
    site.wait_for_function(
        "([summary, open]) => getComputedStyle(summary, '::before').transform === open",
        arg=[settings.element_handle(), ROTATED_45],
    )

    CheckIn.objects.create(user=user, anxiety=5, mood=3)
    sign_in(user)
    site.go("/progress/")
    expect(site.locator("summary", has_text="Show the numbers as a table")).to_be_visible()
    assert_every_summary_has_a_marker(site)

    site.go("/sos/")
    assert_every_summary_has_a_marker(site)


# --- Rough edges --------------------------------------------------------------------------


def contrast(first, second):
    def luminance(rgb):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css_colour):
    return tuple(int(n) for n in re.findall(r"\d+", css_colour)[:3])


def computed_colour(page, colour):
    """A CSS colour (a custom property's value) as the rgb() the browser computes."""
    return page.evaluate(
        """(colour) => { const probe = document.createElement("i"); probe.style.color = colour;
             document.body.append(probe); const rgb = getComputedStyle(probe).color;
             probe.remove(); return rgb; }""",
        colour,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_focuses_in_the_calm_accent(site, scheme):
    site.emulate_media(color_scheme=scheme)
    site.go("/library/search/")
    search = site.get_by_role("searchbox")
    search.focus()
    found = search.evaluate(
        """(el) => { const root = getComputedStyle(document.documentElement);
             return { outline: getComputedStyle(el).outlineColor,
                      style: getComputedStyle(el).outlineStyle,
                      accent: root.getPropertyValue("--accent-strong").trim(),
                      urgent: root.getPropertyValue("--urgent-border").trim(),
                      page: getComputedStyle(document.body).backgroundColor }; }"""
    )
    assert found["style"] != "none"
    assert found["outline"] == computed_colour(site, found["accent"])
    assert found["outline"] != computed_colour(site, found["urgent"])  # not the alarm colour
    assert contrast(rgb(found["outline"]), rgb(found["page"])) >= 3


def test_calendar_weeks_are_all_one_height(site, sign_in, user, builtin_practices):
    history_for(user)
    sign_in(user)
    site.set_viewport_size({"width": 390, "height": 844})
    site.go("/progress/")
    expect(site.locator(".calendar .is-practised")).not_to_have_count(0)
    heights = site.locator(".calendar tbody tr").evaluate_all(
        "(rows) => rows.map((row) => row.getBoundingClientRect().height)"
    )
    assert max(heights) - min(heights) < 1, heights


def test_one_day_of_check_ins_is_said_in_words(site, sign_in, user):
    CheckIn.objects.create(user=user, anxiety=6, mood=3)
    sign_in(user)
    site.go("/progress/")
    trend = site.locator("#trend")
    expect(trend).to_contain_text("You have check-ins on 1 day so far.")
    expect(trend.locator("svg")).to_have_count(0)
    expect(trend.get_by_role("cell", name="6.0")).to_be_visible()


def test_saved_articles_are_linked_from_progress_and_the_account_menu(site, sign_in, user):
    sign_in(user)
    site.go("/progress/")
    site.get_by_role("link", name=re.compile("^Saved articles")).click()
    expect(site).to_have_url(re.compile("/library/saved/$"))
    expect(site.get_by_text("so you can read it without a connection")).to_be_visible()

    site.go("/accounts/email/")
    site.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Saved articles"
    ).click()
    expect(site).to_have_url(re.compile("/library/saved/$"))

import re

from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.browser.conftest import tab_to, walk_all_steps


def test_sos_in_one_tap_then_stay_safe_with_the_keyboard_only(site, builtin_practices):
    page = site.go("/")
    tab_to(page, "Need help now?")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/sos/$"))

    tab_to(page, "7")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/s/[0-9a-f-]+/step/1/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are here")

    # Mark the window: if Next reloaded the whole page the mark would be gone.
    page.evaluate("window.__stillTheSamePage = true")
    steps = PracticeSession.objects.get().practice.steps.count()
    for number in range(1, steps + 1):
        expect(page.locator(".player__progress")).to_contain_text(f"Step {number} of {steps}")
        tab_to(page, "Finish" if number == steps else "Next")
        page.keyboard.press("Enter")
        if number < steps:
            expect(page).to_have_url(re.compile(f"/step/{number + 1}/$"))
            # Focus moves to the new step's heading, so the next Tab starts there.
            expect(page.locator("#player-heading")).to_be_focused()
    assert page.evaluate("window.__stillTheSamePage === true")

    expect(page.get_by_role("heading", level=1)).to_have_text("You've reached the end")
    tab_to(page, "3")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done for taking this time")
    expect(page.locator(".summary__change")).to_have_text("You went from 7 to 3.")

    session = PracticeSession.objects.get()
    assert (session.rating_before, session.rating_after, session.finished) == (7, 3, True)
    assert session.steps_completed == steps


def test_back_and_refresh_keep_the_step(site, builtin_practices):
    page = site.go("/practices/box-breathing/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile("/step/2/$"))
    page.go_back()
    expect(page).to_have_url(re.compile("/step/1/$"))
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")
    page.reload()
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")


def test_signed_in_breathing_practice_is_recorded(site, sign_in, user, builtin_practices):
    sign_in(user)
    page = site.go("/practices/extended-exhale/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="6").click()
    walk_all_steps(page)
    page.get_by_role("button", name="2").click()
    expect(page.locator(".summary__change")).to_have_text("You went from 6 to 2.")
    expect(page.get_by_text("This session is saved in your")).to_be_visible()

    session = PracticeSession.objects.get(user=user)
    assert session.practice.slug == "extended-exhale"
    assert (session.rating_before, session.rating_after, session.finished) == (6, 2, True)


def shape_scale(page):
    return page.evaluate(
        "() => getComputedStyle(document.querySelector('.pacer__shape')).transform"
    )


def open_breathing_step(page, live_url):
    page.goto(live_url + "/practices/box-breathing/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    for number in range(2, 10):
        if page.locator("[data-pacer]").count():
            break
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".player__progress")).to_contain_text(f"Step {number} of")
    expect(page.locator("[data-pacer]")).to_be_visible()


def test_pacer_moves_and_counts_the_breath(site, builtin_practices):
    open_breathing_step(site, site.site_url)
    expect(site.locator("[data-pacer-status]")).to_contain_text("Breathe in")
    first = shape_scale(site)
    # The shape is growing: wait for it to move, however slowly a loaded machine draws.
    site.wait_for_function(
        "first => getComputedStyle(document.querySelector('.pacer__shape')).transform !== first",
        arg=first,
    )
    expect(site.locator("[data-pacer-count]")).to_have_text(re.compile(r"^[1-4]$"))


def test_pacer_honours_reduced_motion(browser, live_server, builtin_practices):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    open_breathing_step(page, live_server.url)
    expect(page.locator("[data-pacer-status]")).to_contain_text("Breathe in")
    still = shape_scale(page)
    page.wait_for_timeout(1500)
    assert shape_scale(page) == still  # no movement, only words and numbers
    expect(page.locator("[data-pacer-count]")).to_have_text(re.compile(r"^[1-4]$"))
    context.close()

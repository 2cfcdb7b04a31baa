"""The breathing pace, as people see it: the pacer's timing online and offline, the
double sigh's labels, and the choice remembered for a visitor and for an account."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from practices.models import Practice, PracticePreferences
from tests import factories
from tests.browser.conftest import go_offline, go_online
from tests.browser.test_offline import wait_for_offline_ready
from tests.conftest import PASSWORD

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def steady_breath(transactional_db):
    """A short practice: a word, then four-in, six-out breathing for two rounds."""
    return factories.make_practice(
        "steady-breath",
        minutes=1,
        steps=[
            {"title": "Settle", "text": "Sit."},
            {
                **factories.BREATHE_4_6,
                "title": "Breathe with the guide",
                "text": "Follow the circle.",
                "cycles": 2,
            },
        ],
    )


def breathing_step_url(page, slug):
    """Begin `slug` in the player and return the address of its breathing step."""
    page.goto(page.site_url + f"/practices/{slug}/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")
    session = re.search(r"/s/([0-9a-f-]{36})/", page.url).group(1)
    number = next(
        i
        for i, step in enumerate(Practice.objects.get(slug=slug).steps.all(), start=1)
        if step.kind == "breathing"
    )
    return f"{page.site_url}/practices/{slug}/s/{session}/step/{number}/"


def open_with_still_clock(page, url):
    """Open `url` with the page's clock stopped, so each second passes only when asked."""
    page.clock.install(time=START)
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    page.goto(url)
    expect(page.locator("[data-pacer-status]")).to_contain_text("(round 1 of")


def labels_each_second(page, seconds):
    status = page.locator("[data-pacer-status]")
    seen = []
    for _ in range(seconds):
        seen.append(re.sub(r" \(round.*", "", status.inner_text()))
        page.clock.run_for(1000)
    return seen


def run(labels):
    """['Breathe in', 'Breathe in', 'Breathe out'] -> [('Breathe in', 2), ('Breathe out', 1)]"""
    runs = []
    for label in labels:
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1] + 1)
        else:
            runs.append((label, 1))
    return runs


def choose_pace(page, label):
    pace = page.locator("details.pace-settings")
    if pace.count() and not pace.get_attribute("open"):
        pace.locator("summary").click()
    page.get_by_role("radio", name=label).check()


def test_pace_sets_the_pacers_timing_from_the_next_breath_and_stays_for_a_visitor(
    site, steady_breath
):
    url = breathing_step_url(site, "steady-breath")
    open_with_still_clock(site, url)
    expect(site.locator("[data-pace-current]")).to_have_text("As written")
    site.clock.run_for(1000)
    choose_pace(site, "Gentler start")  # mid-breath: this breath stays as it was
    expect(site.locator("[data-pace-current]")).to_have_text("Gentler start")
    seen = ["Breathe in", *labels_each_second(site, 14)]
    assert run(seen) == [
        ("Breathe in", 4),
        ("Breathe out", 6),
        ("Breathe in", 3),
        ("Breathe out", 2),
    ]
    site.clock.resume()
    expect(site.locator("#pace-status")).to_have_text(
        "Saved: Gentler start. The breathing guide uses it from the next breath."
    )

    # Remembered on this device: after a reload, and on another page.
    site.reload()
    expect(site.locator("[data-pace-current]")).to_have_text("Gentler start")
    expect(site.locator("[data-pacer]")).to_have_attribute("data-pace", "gentler")
    site.go("/practices/breathing-pace/")
    expect(site.get_by_role("radio", name="Gentler start")).to_be_checked()
    assert not PracticePreferences.objects.exists()  # a visitor's choice stays on the device


def test_pace_sets_the_offline_pacers_timing(site, steady_breath):
    page = site.go("/practices/breathing-pace/")
    wait_for_offline_ready(page)
    page.get_by_role("radio", name="Slower").check()
    expect(page.locator("#pace-status")).to_contain_text("Saved: Slower.")
    go_offline(page)

    page.clock.install(time=START)
    page.clock.pause_at(START + dt.timedelta(minutes=1))
    page.goto(page.site_url + "/practices/steady-breath/offline/#step=2")
    expect(page.locator("[data-pacer-status]")).to_contain_text("(round 1 of 2)")
    expect(page.locator("[data-pace-current]")).to_have_text("Slower")
    page.clock.run_for(1000)
    choose_pace(page, "Gentler start")  # offline too, from the next breath
    seen = ["Breathe in", *labels_each_second(page, 17)]
    assert run(seen) == [
        ("Breathe in", 5),
        ("Breathe out", 8),
        ("Breathe in", 3),
        ("Breathe out", 2),
    ]


def test_the_double_sigh_never_says_hold_between_its_in_breaths(site, builtin_practices):
    url = breathing_step_url(site, "physiological-sigh")
    open_with_still_clock(site, url)
    seen = labels_each_second(site, 11)
    assert run(seen) == [
        ("Breathe in", 3),
        ("Breathe in a little more", 1),
        ("Breathe out", 6),
        ("Breathe in", 1),
    ]
    assert "Hold" not in seen


def test_account_pace_follows_the_person_to_another_browser(
    site, sign_in, user, steady_breath, browser
):
    sign_in(user)
    site.go("/practices/breathing-pace/")
    site.get_by_role("radio", name="Slower").check()
    expect(site.locator("#pace-status")).to_contain_text("Saved: Slower.")
    # Said aloud too, and the focus stays on the choice.
    expect(site.locator("#announcer")).to_have_text(
        "Saved: Slower. The breathing guide uses it from the next breath."
    )
    expect(site.get_by_role("radio", name="Slower")).to_be_focused()
    assert PracticePreferences.objects.get(user=user).breathing_pace == "slower"

    elsewhere = browser.new_context().new_page()
    elsewhere.site_url = site.site_url
    elsewhere.goto(site.site_url + "/accounts/login/")
    elsewhere.get_by_label("Email").fill(user.email)
    elsewhere.get_by_label("Password").fill(PASSWORD)
    elsewhere.get_by_role("button", name="Log in").click()
    expect(elsewhere.get_by_role("link", name="Account")).to_be_visible()
    url = breathing_step_url(elsewhere, "steady-breath")
    open_with_still_clock(elsewhere, url)
    expect(elsewhere.locator("[data-pace-current]")).to_have_text("Slower")
    assert run(labels_each_second(elsewhere, 6)) == [("Breathe in", 5), ("Breathe out", 1)]
    elsewhere.context.close()


def test_pace_chosen_offline_reaches_the_account_when_back_online(
    site, sign_in, user, steady_breath
):
    sign_in(user)
    page = site.go("/practices/")
    wait_for_offline_ready(page)
    go_offline(page)
    page.go("/practices/steady-breath/offline/#step=2")
    expect(page.locator("[data-pace-current]")).to_have_text("As written")
    choose_pace(page, "Slower")
    expect(page.locator("[data-pace-current]")).to_have_text("Slower")
    assert not PracticePreferences.objects.exists()  # nothing reached the server yet

    go_online(page)
    page.go("/practices/")
    for _ in range(100):  # the outbox sends it once the page has loaded
        if PracticePreferences.objects.filter(user=user, breathing_pace="slower").exists():
            break
        page.wait_for_timeout(100)
    assert PracticePreferences.objects.get(user=user).breathing_pace == "slower"
    expect(page.locator("#sync-status")).to_be_hidden()

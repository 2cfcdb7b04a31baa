"""Breathe together in two browsers: one starts, the other joins the link later with a
clock three seconds fast, on a phone in the dark with reduced motion. Both must show the
same phase at the same moment, count two people, and both see the end."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import wait_until

# The joiner's clock runs this far ahead: only the measured offset to the server's clock
# can bring its phases back in line with the starter's.
SKEW_MS = 3000
TOLERANCE_MS = 150
# Short phases (2, 1, 2, 1 seconds): many phase changes to compare in a few seconds.
QUICK = {
    "kind": "breathing",
    "inhale_seconds": 2,
    "hold_in_seconds": 1,
    "exhale_seconds": 2,
    "hold_out_seconds": 1,
    "cycles": 4,
}


@pytest.fixture
def two_people(browser, live_server, settings):
    settings.TOGETHER_POLL_SECONDS = 1  # the count and the end arrive within a second
    starter = browser.new_context(viewport={"width": 1280, "height": 800})
    joiner = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        color_scheme="dark",
        reduced_motion="reduce",
    )
    joiner.add_init_script(
        f"(() => {{ const real = Date.now.bind(Date); Date.now = () => real() + {SKEW_MS}; }})();"
    )
    yield starter.new_page(), joiner.new_page()
    starter.close()
    joiner.close()


def transitions(page):
    """The phases this page has shown, except the first (joined mid-phase, so its moment
    is the page's arrival, not a phase change)."""
    return page.evaluate("() => window.airaTogether.log()")[1:]


def assert_in_step(starter, joiner):
    """The phase each shows now, on screen, started on both within TOLERANCE_MS."""
    shown = starter.evaluate("() => window.airaTogether.shown()")
    # On screen is what the pacer says it shows, on both pages.
    expect(starter.locator("[data-pacer-status]")).to_have_text(shown["name"])
    # The joiner may be a moment from showing it: wait for that phase there, then compare.
    wait_until(
        joiner,
        "() => window.airaTogether.log()"
        f".some(e => e.round === {shown['round']} && e.index === {shown['index']})",
        timeout_ms=2000,
    )
    same = (shown["round"], shown["index"])
    mine = next(
        e
        for e in starter.evaluate("() => window.airaTogether.log()")
        if (e["round"], e["index"]) == same
    )
    theirs = next(e for e in transitions(joiner) if (e["round"], e["index"]) == same)
    assert theirs["name"] == mine["name"]
    drift = abs((theirs["at"] - SKEW_MS) - mine["at"])
    assert drift <= TOLERANCE_MS, f"{mine['name']}: {drift} ms apart"
    expect(joiner.locator("[data-pacer-status]")).to_have_text(
        re.compile(r"Breathe in|Hold|Breathe out|Rest")
    )
    return drift


def test_two_people_breathe_in_step_see_each_other_and_the_end(two_people, live_server):
    starter, joiner = two_people
    factories.make_practice("quick-breath", title="Quick breath", steps=[QUICK])

    starter.goto(live_server.url + "/together/")
    starter.get_by_label(re.compile(r"^Quick breath: breathe in for 2")).check()
    starter.get_by_role("button", name="Start and get a link").click()
    expect(starter.get_by_role("button", name="End for everyone")).to_be_visible()
    link = starter.get_by_label("Link to this breathing session").input_value()
    assert re.fullmatch(rf"{live_server.url}/together/[A-Za-z0-9_-]{{22,}}/", link)
    assert starter.url == link
    expect(starter.get_by_role("button", name="Copy the link")).to_be_visible()

    # The joiner arrives a few phases late.
    starter.wait_for_timeout(2500)
    joiner.goto(link)
    expect(joiner.get_by_role("button", name="End for everyone")).to_have_count(0)
    wait_until(joiner, "() => window.airaTogether && window.airaTogether.log().length >= 2")
    offset = joiner.evaluate("() => window.airaTogether.offset()")
    assert abs(offset + SKEW_MS) < 100, offset  # it measured its own clock as 3 s fast

    drifts = []
    for pause in (700, 1300, 1900):  # three moments, in different phases
        starter.wait_for_timeout(pause)
        drifts.append(assert_in_step(starter, joiner))
    assert len(drifts) == 3
    print(f"phase changes apart by {drifts} ms")  # shown with -s

    # Reduced motion: the count and the phase in words, the shape still.
    expect(joiner.locator("[data-pacer-count]")).to_have_text(re.compile(r"^[12]$"))
    assert (
        joiner.evaluate(
            "() => getComputedStyle(document.querySelector('.pacer__shape')).transitionDuration"
        )
        == "0s"
    )

    for page in (starter, joiner):
        expect(page.locator("#presence-count")).to_have_text(
            re.compile(r"2 people breathing on this link now")
        )

    # Reloading keeps the tab's token (sessionStorage): still two people, not three.
    joiner.reload()
    wait_until(joiner, "() => window.airaTogether && window.airaTogether.synced()")
    starter.wait_for_timeout(2500)  # two polls of each page
    for page in (starter, joiner):
        expect(page.locator("#presence-count")).to_have_text(
            re.compile(r"2 people breathing on this link now")
        )

    starter.get_by_role("button", name="End for everyone").click()
    expect(
        starter.locator("#together").get_by_text("This breathing session has ended.")
    ).to_be_visible()
    # The joiner learns it at the next poll: the pacer goes, the end takes its place.
    expect(
        joiner.locator("#together").get_by_text("This breathing session has ended.")
    ).to_be_visible()
    expect(joiner.locator("[data-together-pacer]")).to_have_count(0)
    assert joiner.evaluate("() => window.airaTogether.stopped()")
    expect(joiner.locator("#announcer")).to_have_text("This breathing session has ended.")
    expect(joiner.get_by_role("link", name="Breathe on your own")).to_be_visible()


def test_read_aloud_says_each_phase_with_the_devices_voice(browser, live_server):
    """The player's read-aloud setting, on this page too: each phase is spoken as it
    starts (the device's speech is recorded here instead of heard)."""
    context = browser.new_context()
    context.add_init_script(
        "window.__spoken = [];"
        "if (window.speechSynthesis) {"
        "  window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);"
        "}"
    )
    page = context.new_page()
    page.goto(live_server.url + "/together/")
    page.get_by_role("button", name="Start and get a link").click()
    page.get_by_text("Read aloud").click()
    page.get_by_label(re.compile("Say each breath aloud")).check()
    wait_until(page, "() => window.__spoken.length >= 1", timeout_ms=12_000)
    spoken = page.evaluate("() => window.__spoken")
    assert set(spoken) <= {"Breathe in", "Breathe out"}, spoken
    # The choice is the practice player's own, kept on the device.
    assert page.evaluate("() => JSON.parse(localStorage.getItem('aira.player')).voice") is True
    context.close()

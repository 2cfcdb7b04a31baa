"""The panic log on a phone: an attack logged in a few taps, and what the log shows back
on the progress page; and an entry made when the connection has gone, sent once it returns."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    NETWORK,
    go_offline,
    go_online,
    wait_for,
    wait_for_offline_ready,
    wait_until,
)
from tracking.models import PanicAttack

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server, site):
    context = browser.new_context(**PHONE, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, user):
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def test_log_an_attack_in_under_ten_taps_and_see_it_came_to_an_end(
    phone, user, builtin_practices, artifacts_dir
):
    page = phone
    log_in(page, user)
    page.goto("/progress/")
    # Nothing logged yet: nothing about attacks is shown.
    expect(page.get_by_text("came to an end")).to_have_count(0)

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.tap()
        taps += 1

    tap(page.get_by_role("link", name="Panic log: note an attack afterwards"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Panic log")
    # The time is already filled in; the questions that matter most are one tap each.
    expect(page.get_by_label("When did it start?")).not_to_have_value("")
    tap(page.get_by_role("radio", name="20 min"))
    tap(page.get_by_role("radio", name="8", exact=True))
    tap(page.get_by_role("checkbox", name="Racing heart"))
    tap(page.get_by_role("checkbox", name="Dizziness"))
    page.screenshot(path=str(artifacts_dir / "panic-log-phone.png"), full_page=True)
    tap(page.get_by_role("button", name="Save to my log"))
    expect(page.get_by_text("Saved to your panic log.")).to_be_visible()
    expect(page.locator(".history-item")).to_contain_text(
        "about 20 minutes · peak 8 of 10 · racing heart, dizziness"
    )
    tap(page.get_by_role("link", name="Your progress"))

    summary = page.locator("#panic-summary")
    expect(
        summary.get_by_text("The attack you logged came to an end; it lasted about 20 minutes.")
    ).to_be_visible()
    expect(summary).to_contain_text("Peak")
    expect(summary).to_contain_text("8 of 10")
    page.screenshot(path=str(artifacts_dir / "panic-summary-phone.png"), full_page=True)
    assert taps < 10
    attack = PanicAttack.objects.get(user=user)
    assert (attack.minutes, attack.peak, attack.sensations) == (20, 8, "racing_heart,dizziness")


def test_the_tap_targets_are_at_least_44_pixels(phone, user, builtin_practices):
    page = phone
    log_in(page, user)
    page.goto("/progress/panic/")
    for name in ("20 min", "Racing heart", "Fear of dying"):
        box = page.locator("label", has_text=name).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
    for number in ("0", "10"):
        box = page.locator(f'label[for="id_peak_{number}"]').bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (number, box)
    # Nothing scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_entry_made_offline_waits_on_the_device_and_is_sent_once(phone, user, builtin_practices):
    page = phone
    log_in(page, user)
    page.goto("/progress/panic/")
    page.get_by_role("radio", name="10 min").tap()
    page.get_by_role("checkbox", name="Shaking").tap()
    go_offline(page)
    page.get_by_role("button", name="Save to my log").tap()
    expect(page.locator("[data-sync-note]")).to_have_text(
        "Saved on this device, will sync when you're back online."
    )
    assert PanicAttack.objects.count() == 0
    # A second tap while still offline keeps the one waiting record.
    page.get_by_role("button", name="Save to my log").tap()
    go_online(page)
    wait_for(lambda: PanicAttack.objects.filter(user=user).exists())
    expect(page.locator("[data-sync-note]")).to_have_text("Saved.")
    page.reload()
    expect(page.locator(".history-item")).to_have_count(1)
    attack = PanicAttack.objects.get(user=user)
    assert (attack.minutes, attack.sensations) == (10, "shaking")


def test_opened_without_a_connection_the_panic_log_still_takes_an_entry(
    site, sign_in, user, builtin_practices
):
    """The service worker sends a panic log opened offline to its kept blank copy, whose
    entry waits on the device and reaches the account once the connection returns."""
    sign_in(user)
    page = site.go("/progress/")
    wait_for_offline_ready(page)
    wait_until(
        page, "async () => !!(await caches.match('/progress/panic/offline/', { ignoreVary: true }))"
    )
    go_offline(page)

    page.go("/progress/panic/")
    expect(page).to_have_url(re.compile(r"/progress/panic/offline/$"))
    expect(
        page.get_by_text("You're offline. What you log here waits on this device")
    ).to_be_visible()
    # Its own uuid and the time it was opened, filled in on the device.
    expect(page.locator("#id_uuid")).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    expect(page.get_by_label("When did it start?")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\dT"))
    page.get_by_role("radio", name="30 min").click()
    page.get_by_role("radio", name="6", exact=True).click()
    page.get_by_role("button", name="Save to my log").click()
    expect(page.locator("[data-sync-note]")).to_have_text(
        "Saved on this device, will sync when you're back online."
    )
    assert PanicAttack.objects.count() == 0

    go_online(page)
    # The next page opened with a connection sends what waits (queue.js).
    page.reload()
    attack = wait_for(lambda: PanicAttack.objects.filter(user=user).first())
    assert (attack.minutes, attack.peak) == (30, 6)
    page.go("/progress/")
    expect(
        page.get_by_text("The attack you logged came to an end; it lasted about 30 minutes.")
    ).to_be_visible()


def test_a_panic_log_posted_without_a_connection_is_kept_not_lost(
    site, sign_in, user, builtin_practices
):
    """A form that was open online and is sent after the connection went, without the
    page noticing: the service worker passes its answers to the offline copy."""
    sign_in(user)
    page = site.go("/progress/panic/")
    wait_for_offline_ready(page)
    wait_until(
        page, "async () => !!(await caches.match('/progress/panic/offline/', { ignoreVary: true }))"
    )
    page.get_by_role("radio", name="10 min").click()
    page.get_by_role("checkbox", name="Nausea").click()
    page.get_by_text("Add more: what happened, what helped, a note").click()
    page.get_by_label("What did you fear would happen?").fill("Being sick on the bus")
    sent_uuid = page.locator("#id_uuid").input_value()
    # Offline for the server only: the browser still believes it is online, so the page
    # posts the form and the service worker is the one that finds no connection.
    NETWORK.down.set()
    page.get_by_role("button", name="Save to my log").click()
    expect(page).to_have_url(re.compile(r"/progress/panic/offline/$"))
    expect(page.locator("[data-sync-note]")).to_be_visible()
    NETWORK.down.clear()
    # The next page opened with a connection sends what waits (queue.js).
    page.reload()
    attack = wait_for(lambda: PanicAttack.objects.filter(user=user).first())
    assert str(attack.uuid) == sent_uuid
    assert (attack.minutes, attack.sensations, attack.feared) == (
        10,
        "nausea",
        "Being sick on the bus",
    )

"""Stay Safe's second step shows the medical emergency signs, opened, online and offline."""

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import go_offline
from tests.browser.test_offline import wait_for_offline_ready


def expect_red_flags_open(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("This wave will pass")
    flags = page.locator("#player .red-flags")
    expect(flags).to_have_attribute("open", "")
    expect(flags.get_by_text("your lips look blue")).to_be_visible()
    expect(flags.get_by_role("link", name=re.compile(r"^Call \d+ \(emergency"))).to_have_attribute(
        "href", re.compile(r"^tel:\d+$")
    )


def test_stay_safe_names_the_emergencies_on_its_second_step(site, builtin_practices):
    page = site.go("/practices/stay-safe/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are here")
    expect(page.locator(".red-flags")).to_have_count(0)
    page.get_by_role("button", name="Next").click()
    expect_red_flags_open(page)


def test_the_offline_stay_safe_names_them_too(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    go_offline(page)
    page.go(f"/practices/stay-safe/offline/#session={uuid.uuid4()}&stage=step&step=2")
    expect_red_flags_open(page)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feel your feet")
    expect(page.locator(".red-flags")).to_have_count(0)

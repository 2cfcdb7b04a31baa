"""The offline player's summary leads with more support by the same rule, in the same
words, as the online one (PracticeSession.needs_more_support)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import walk_all_steps
from tests.browser.test_offline import wait_for_offline_ready


def offline_stay_safe(page, before, after):
    page.go("/sos/")
    page.get_by_role("button", name=str(before), exact=True).click()
    expect(page).to_have_url(re.compile(r"/practices/play-offline/#"))
    walk_all_steps(page)
    page.get_by_role("button", name=str(after), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done for taking this time")


def test_offline_summary_leads_with_more_support_when_it_got_worse(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    page.context.set_offline(True)

    offline_stay_safe(page, 4, 6)
    support = page.locator("#player [data-summary-support]")
    expect(support.get_by_role("heading", level=2)).to_have_text(
        "A little more support, if you'd like it"
    )
    items = support.locator(".more-support > li")
    expect(items).to_have_count(3)
    # Stay Safe was just done: the other short practice is offered, from the offline data.
    expect(items.nth(0).get_by_role("link")).to_have_text("Longer out-breath")
    expect(items.nth(0).get_by_role("link")).to_have_attribute(
        "href", "/practices/extended-exhale/"
    )
    expect(items.nth(1)).to_contain_text("Message or call someone you trust")
    expect(items.nth(2).get_by_role("link")).to_have_attribute("href", re.compile(r"^/crisis/"))
    # It leads: before the ratings.
    assert page.evaluate(
        "() => !!(document.querySelector('#player [data-summary-support]').compareDocumentPosition("
        "document.querySelector('#player .summary__change')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    expect(page.locator(".summary__change")).to_have_text("You went from 4 to 6.")


def test_offline_summary_is_as_before_when_it_eased(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    page.context.set_offline(True)

    offline_stay_safe(page, 6, 2)
    expect(page.locator(".summary__change")).to_have_text("You went from 6 to 2.")
    expect(page.locator("#player [data-summary-support]")).to_have_count(0)

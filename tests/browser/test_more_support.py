"""More support when things got harder: the summary (online and in the offline player,
by the same rule and in the same words) and the progress page's gentle note."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import go_offline, walk_all_steps
from tests.browser.test_offline import wait_for_offline_ready


def offline_stay_safe(page, before, after):
    page.go("/sos/")
    page.get_by_role("button", name=str(before), exact=True).click()
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/offline/#"))
    walk_all_steps(page)
    page.get_by_role("button", name=str(after), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done for taking this time")


def test_offline_summary_leads_with_more_support_when_it_got_worse(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    go_offline(page)

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
    go_offline(page)

    offline_stay_safe(page, 6, 2)
    expect(page.locator(".summary__change")).to_have_text("You went from 6 to 2.")
    expect(page.locator("#player [data-summary-support]")).to_have_count(0)


def test_the_third_hard_check_in_brings_the_gentle_note_without_a_reload(
    site, sign_in, user, builtin_practices, artifacts_dir
):
    from django.utils import timezone

    from tracking.models import CheckIn

    for hours in (2, 1):
        CheckIn.objects.create(
            user=user,
            anxiety=9,
            mood=3,
            created_at=timezone.now() - timezone.timedelta(hours=hours),
        )
    sign_in(user)
    page = site.go("/progress/")
    expect(page.get_by_role("heading", name="A gentle note")).to_have_count(0)
    page.evaluate("window.__stillTheSamePage = true")

    page.get_by_role("radio", name="8", exact=True).check()
    page.get_by_role("radio", name="Okay").check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".checkin-saved").get_by_text("Check-in saved.")).to_be_visible()
    note = page.locator("#support-note")
    expect(note.get_by_role("heading", name="A gentle note")).to_be_visible()
    expect(note.get_by_role("link", name="Stay Safe")).to_have_attribute(
        "href", "/practices/stay-safe/"
    )
    assert page.evaluate("window.__stillTheSamePage === true")  # swapped in place
    expect(page.locator("#announcer")).to_have_text(
        "Check-in saved. There is a gentle note for you at the top of the page."
    )
    page.screenshot(path=artifacts_dir / "progress-gentle-note.png")


def test_online_summary_leads_with_more_support_on_a_phone(
    browser, live_server, builtin_practices, artifacts_dir
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="en-GB", timezone_id="UTC"
    )
    page = context.new_page()
    page.goto(live_server.url + "/practices/box-breathing/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="5", exact=True).click()
    walk_all_steps(page)
    page.get_by_role("button", name="7", exact=True).click()
    support = page.locator("[data-summary-support]")
    expect(support).to_be_in_viewport()  # it leads, under the heading
    links = support.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_text("Stay Safe")
    expect(links.nth(1)).to_have_attribute("href", "/crisis/#gb")
    expect(page.locator(".summary__change")).to_contain_text("You went from 5 to 7.")
    page.screenshot(path=artifacts_dir / "summary-more-support-phone.png", full_page=True)
    result = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}
        },
    )
    assert result.violations_count == 0, result.generate_report()
    context.close()

"""A newcomer signs up, does a practice, checks in, sees what helps, takes their data and deletes the account."""

import json
import re

from django.core import mail
from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.browser.conftest import walk_all_steps
from tracking.models import CheckIn

PASSWORD = "a calm and steady passphrase"


def log_in(page, email, password=PASSWORD):
    page.go("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def sign_up(page, email):
    page.go("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.go(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def do_practice(page, slug, before, after):
    page.go(f"/practices/{slug}/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name=str(before), exact=True).click()
    walk_all_steps(page)
    page.get_by_role("button", name=str(after), exact=True).click()
    expect(page.locator(".summary__change")).to_have_text(f"You went from {before} to {after}.")


def test_sign_up_practise_check_in_see_progress_export_and_delete_the_account(
    site, builtin_practices, artifacts_dir, tmp_path, browser
):
    page = site
    sign_up(page, "journey@example.com")
    do_practice(page, "box-breathing", before=8, after=5)
    page.get_by_role("link", name="Make a quick check-in").click()
    user = PracticeSession.objects.get().user
    assert user.email == "journey@example.com"

    page.go("/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    # The session is counted and appears in What helps you.
    expect(page.get_by_text("You practised on 1 day this week.")).to_be_visible()
    helps = page.locator(".helps-list")
    expect(helps).to_contain_text("Box breathing")
    expect(helps).to_contain_text("1 rated session, on average \u22123 points")
    expect(helps).to_contain_text("Too few sessions to say yet.")

    # A check-in in a few taps, without leaving the page (HTMX).
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("radio", name="Okay").check()
    page.get_by_role("checkbox", name="Sleep").check()
    page.get_by_label("Private note (optional)").fill("Calmer after breathing.")
    url_before = page.url
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Check-in saved")
    assert page.url == url_before
    expect(page.locator(".checkin-recent")).to_contain_text("anxiety 4, mood okay")
    # The trend heard the event and redrew itself with today's check-in: one day is said
    # in words, with its numbers, until there are enough days for a chart.
    expect(page.locator("#trend")).to_contain_text("You have check-ins on 1 day so far.")
    expect(page.locator("#trend").get_by_role("cell", name="4.0")).to_be_visible()
    assert CheckIn.objects.filter(user=user).count() == 1
    # The form is fresh: a second check-in would be a new one.
    expect(page.get_by_role("radio", name="4", exact=True)).not_to_be_checked()

    # Switching the range keeps the page and puts the range in the address.
    page.get_by_role("link", name="7 days").click()
    expect(page).to_have_url(re.compile(r"/progress/\?range=7$"))
    expect(page.get_by_role("link", name="7 days")).to_have_attribute("aria-current", "page")

    page.screenshot(path=str(artifacts_dir / "progress.png"), full_page=True)

    # Both appear after a reload too.
    page.reload()
    expect(page.locator(".checkin-recent")).to_contain_text("Sleep")
    expect(page.locator(".helps-list")).to_contain_text("Box breathing")

    # A phone-sized look in the dark theme, kept as a test artifact.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        color_scheme="dark",
    )
    phone.add_cookies(page.context.cookies())
    phone_page = phone.new_page()
    phone_page.goto(page.site_url + "/progress/")
    expect(phone_page.get_by_role("button", name="Save check-in")).to_be_visible()
    phone_page.screenshot(path=str(artifacts_dir / "progress-iphone-dark.png"), full_page=True)
    phone.close()

    # Download everything as JSON.
    page.go("/progress/data/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as JSON").click()
    download = download_info.value
    assert re.fullmatch(r"aira-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = json.loads(path.read_text())
    assert data["account"]["email"] == "journey@example.com"
    assert data["checkins"][0]["note"] == "Calmer after breathing."
    assert data["practice_sessions"][0]["rating_before"] == 8

    # Delete the account: a wrong password first, then the right one.
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Password").fill("not the right one at all")
    page.get_by_role("button", name="Delete my account").click()
    expect(
        page.get_by_text("That password is not right. Nothing has been deleted.")
    ).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and data have been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    # The account is gone: logging in fails.
    log_in(page, "journey@example.com")
    expect(page.get_by_text("password you specified are not correct")).to_be_visible()

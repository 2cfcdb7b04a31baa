"""Reminders end to end: turn one on, get the email, stop it signed out from the link."""

import re
from datetime import UTC, datetime

from django.core import mail
from playwright.sync_api import expect

from reminders import services
from reminders.models import Reminder


def test_turn_on_a_reminder_get_the_email_and_stop_it_signed_out(
    site, sign_in, make_user, browser, settings
):
    user = sign_in(make_user("reminded@example.com"))
    page = site
    page.go("/progress/")
    page.get_by_role("link", name=re.compile("^Reminders")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    email_box = page.get_by_label("Send me reminders by email")
    expect(email_box).not_to_be_checked()
    email_box.check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).check()
    page.get_by_label("At this time").fill("20:00")
    page.get_by_label("In this time zone").select_option("Europe/London")
    page.get_by_label("Check in: how am I right now?").check()
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Your reminders are on.")).to_be_visible()
    expect(page.get_by_label("Send me reminders by email")).to_be_checked()

    # The scheduler's dispatch at 20:05 London time.
    settings.AIRA_BASE_URL = page.site_url
    assert services.dispatch(now=datetime(2027, 1, 9, 20, 5, tzinfo=UTC)) == 1
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    assert message.subject == "A gentle reminder to check in"
    assert f"{page.site_url}/progress/#checkin" in message.body
    stop_link = re.search(r"(http://\S+/reminders/stop/\S+/)", message.body)[1]
    assert message.extra_headers["List-Unsubscribe"] == f"<{stop_link}>"

    # Opened from the email app, where nobody is signed in.
    signed_out = browser.new_context()
    try:
        email_page = signed_out.new_page()
        email_page.goto(stop_link)
        expect(email_page.get_by_role("heading", level=1)).to_have_text("Stop your reminders?")
        email_page.get_by_role("button", name="Stop reminders").click()
        expect(email_page.get_by_role("heading", level=1)).to_have_text("Reminders are off")
        assert not Reminder.objects.get(user=user).enabled
    finally:
        signed_out.close()

    page.go("/reminders/")
    expect(page.get_by_label("Send me reminders by email")).not_to_be_checked()

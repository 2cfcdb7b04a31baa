"""Reminder settings, the calendar file, and the pause and stop links from the emails."""

import re
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from icalendar import Calendar

from reminders import links, services
from reminders.models import Reminder, ReminderSent

pytestmark = pytest.mark.django_db

URL = "/reminders/"


def turn_on(client, **fields):
    data = {
        "enabled": "on",
        "weekdays": ["0", "2"],
        "at": "20:00",
        "time_zone": "Europe/London",
        "kind": "checkin",
        **fields,
    }
    return client.post(URL, data)


def sent_reminder(user, *, day=date(2027, 1, 9)):
    return ReminderSent.objects.create(user=user, local_date=day)


# --- Settings ------------------------------------------------------------------------------


def test_reminders_are_off_until_turned_on(owner_client, user):
    page = owner_client.get(URL).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="enabled"[^>]*>', page)[0]
    assert "checked" not in checkbox
    assert not Reminder.objects.exists()  # a GET never writes


def test_the_first_guess_of_time_zone_is_the_browsers(owner_client):
    owner_client.cookies["aira_tz"] = "Asia/Tokyo"
    page = owner_client.get(URL).content.decode()
    assert '<option value="Asia/Tokyo" selected>' in page


def test_turning_on_saves_and_redirects(owner_client, user):
    response = turn_on(owner_client)
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    reminder = Reminder.objects.get(user=user)
    assert (reminder.enabled, reminder.weekday_list, reminder.at, reminder.time_zone) == (
        True,
        [0, 2],
        time(20, 0),
        "Europe/London",
    )
    page = owner_client.get(URL).content.decode()
    assert "Your reminders are on" in page
    checkbox = re.search(r'<input type="checkbox" name="enabled"[^>]*>', page)[0]
    assert "checked" in checkbox
    assert 'href="/reminders/aira-reminder.ics"' in page


def test_a_practice_reminder_needs_a_practice(owner_client, user, make_practice):
    response = turn_on(owner_client, kind="practice")
    assert response.status_code == 200
    assert "Choose the practice to be reminded of." in response.content.decode()
    assert not Reminder.objects.exists()
    practice = make_practice("box-breathing")
    turn_on(owner_client, kind="practice", practice=str(practice.pk))
    assert Reminder.objects.get(user=user).practice == practice


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekdays": []}, "Choose at least one day for your reminder."),
        ({"weekdays": ["9"]}, "Choose days from Monday to Sunday."),
        ({"at": "25:00"}, "Enter a time such as 20:00."),
        ({"time_zone": "Mars/Olympus"}, "Choose your time zone from the list."),
        ({"practice": "999999", "kind": "practice"}, "Choose a practice from the list."),
    ],
)
def test_bad_input_re_renders_with_a_message_and_keeps_what_was_typed(
    owner_client, fields, message
):
    response = turn_on(owner_client, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # What was typed is still there.
    if "at" not in fields:
        assert 'name="at" value="20:00"' in page
    if "weekdays" not in fields:
        assert 'value="0" id="id_weekdays_0" checked' in page
        assert 'value="1" id="id_weekdays_1" checked' not in page
    assert not Reminder.objects.exists()


def test_turning_off_needs_no_days(owner_client, user):
    turn_on(owner_client)
    response = owner_client.post(
        URL, {"at": "20:00", "time_zone": "Europe/London", "kind": "checkin"}
    )
    assert response.status_code == 302
    assert Reminder.objects.get(user=user).enabled is False


def test_saving_ends_a_pause(owner_client, user):
    turn_on(owner_client)
    Reminder.objects.filter(user=user).update(paused_until=date(2099, 1, 1))
    assert "paused up to and including" in owner_client.get(URL).content.decode()
    turn_on(owner_client)
    assert Reminder.objects.get(user=user).paused_until is None


def test_each_person_sees_and_changes_only_their_own(client, user, other_user):
    Reminder.objects.create(user=other_user, enabled=True, weekdays="4", time_zone="Asia/Tokyo")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'value="4" checked' not in page
    turn_on(client)
    assert Reminder.objects.get(user=other_user).weekday_list == [4]
    assert Reminder.objects.get(user=user).weekday_list == [0, 2]


def test_a_visitor_is_sent_to_log_in(client):
    assert client.get(URL).headers["Location"].startswith("/accounts/login/?next=/reminders/")
    assert client.post(URL, {}).headers["Location"].startswith("/accounts/login/")


def test_reachable_from_the_progress_page_and_the_account_pages(owner_client):
    assert 'href="/reminders/"' in owner_client.get("/progress/").content.decode()
    assert 'href="/reminders/"' in owner_client.get("/accounts/email/").content.decode()


def test_settings_page_queries_do_not_grow_with_practices(owner_client, make_practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_practice("practice-0")
    turn_on(owner_client)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for n in range(1, 30):
        make_practice(f"practice-{n}")
    assert queries() == few <= 8


def test_other_methods_are_refused(owner_client):
    assert owner_client.put(URL).status_code == 405
    assert owner_client.post("/reminders/aira-reminder.ics").status_code == 405
    assert Client().delete("/reminders/stop/anything/").status_code == 405


# --- The calendar file ------------------------------------------------------------------------


def test_the_calendar_file_repeats_weekly_in_the_persons_time_zone(owner_client, user):
    turn_on(owner_client, weekdays=["0", "2", "6"], at="07:45", time_zone="America/New_York")
    response = owner_client.get("/reminders/aira-reminder.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.content
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends in CRLF
    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "SU"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (7, 45, "America/New_York")
    assert start.weekday() in (0, 2, 6)
    assert b"DTSTART;TZID=America/New_York:" in raw
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/New_York"
    assert "/progress/#checkin" in str(event["URL"])
    assert calendar.walk("VALARM")


def test_the_calendar_file_escapes_a_practice_title(owner_client, user, make_practice):
    practice = make_practice("odd", title="Rest; then, breathe")
    turn_on(owner_client, kind="practice", practice=str(practice.pk))
    raw = owner_client.get("/reminders/aira-reminder.ics").content
    assert b"Rest\\; then\\, breathe" in raw
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Aira: a moment for Rest; then, breathe"


def test_the_calendar_works_with_email_reminders_off(owner_client, user):
    """The calendar alternative works with email reminders off."""
    turn_on(owner_client, enabled="")
    assert Reminder.objects.get(user=user).enabled is False
    assert owner_client.get("/reminders/aira-reminder.ics").status_code == 200


def test_no_calendar_before_days_are_chosen(owner_client):
    response = owner_client.get("/reminders/aira-reminder.ics")
    assert response.headers["Location"] == URL


# --- Pause and stop links -----------------------------------------------------------------


def test_the_stop_link_asks_first_then_stops_once_without_logging_in(user):
    Reminder.objects.create(user=user, enabled=True, weekdays="0")
    sent = sent_reminder(user)
    path = f"/reminders/stop/{links.make_token(sent, 'stop')}/"
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Stop your reminders?" in page.content.decode()
    assert Reminder.objects.get(user=user).enabled  # opening the link changes nothing
    response = visitor.post(path)  # no CSRF token, no cookie: the link is the permission
    assert response.status_code == 302
    assert Reminder.objects.get(user=user).enabled is False
    after = visitor.get(path).content.decode()
    assert "Reminders are off" in after
    # Used once: it cannot be used again (after the person turned reminders back on).
    Reminder.objects.filter(user=user).update(enabled=True)
    assert visitor.post(path).status_code == 404
    assert Reminder.objects.get(user=user).enabled is True


def test_one_click_unsubscribe_from_a_mail_app(user):
    """RFC 8058: the mail app POSTs List-Unsubscribe=One-Click, with no cookies."""
    Reminder.objects.create(user=user, enabled=True, weekdays="0")
    sent = sent_reminder(user)
    response = Client(enforce_csrf_checks=True).post(
        f"/reminders/stop/{links.make_token(sent, 'stop')}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Reminder.objects.get(user=user).enabled is False


def test_the_pause_link_pauses_for_a_week_once(user):
    reminder = Reminder.objects.create(user=user, enabled=True, weekdays="0", time_zone="UTC")
    sent = sent_reminder(user)
    path = f"/reminders/pause/{links.make_token(sent, 'pause')}/"
    visitor = Client()
    assert "Pause your reminders for a week?" in visitor.get(path).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=datetime(2027, 1, 9, 9, tzinfo=UTC)):
        assert visitor.post(path).status_code == 302
    reminder.refresh_from_db()
    assert reminder.enabled and reminder.paused_until == date(2027, 1, 15)
    assert "Reminders are paused" in visitor.get(path).content.decode()
    assert visitor.post(path).status_code == 404


def test_a_pause_link_cannot_stop_and_a_stop_link_cannot_pause(user):
    Reminder.objects.create(user=user, enabled=True, weekdays="0")
    sent = sent_reminder(user)
    pause_token = links.make_token(sent, "pause")
    assert Client().post(f"/reminders/stop/{pause_token}/").status_code == 404
    stop_token = links.make_token(sent, "stop")
    assert Client().post(f"/reminders/pause/{stop_token}/").status_code == 404
    reminder = Reminder.objects.get(user=user)
    assert reminder.enabled and reminder.paused_until is None


def test_links_expire_after_30_days(user):
    Reminder.objects.create(user=user, enabled=True, weekdays="0")
    sent = sent_reminder(user)
    with mock.patch("django.core.signing.time.time", return_value=1_800_000_000):
        token = links.make_token(sent, "stop")
    later = 1_800_000_000 + 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        page = Client().get(f"/reminders/stop/{token}/").content.decode()
        assert "This link no longer works" in page
        assert Client().post(f"/reminders/stop/{token}/").status_code == 404
    assert Reminder.objects.get(user=user).enabled
    with mock.patch("django.core.signing.time.time", return_value=later - 2 * 24 * 3600):
        assert Client().post(f"/reminders/stop/{token}/").status_code == 302
    assert not Reminder.objects.get(user=user).enabled


def test_a_link_cannot_change_another_persons_settings(user, other_user):
    Reminder.objects.create(user=user, enabled=True, weekdays="0")
    Reminder.objects.create(user=other_user, enabled=True, weekdays="0")
    mine = sent_reminder(user)
    theirs = sent_reminder(other_user)
    # My signed link, with their id put in: the signature no longer matches.
    forged = signing.dumps({"u": other_user.pk, "n": mine.nonce}, salt="wrong")
    payload = links.make_token(mine, "stop").split(":")
    tampered = signing.dumps({"u": other_user.pk, "n": mine.nonce}, compress=True).split(":")
    tampered = ":".join([tampered[0], *payload[1:]])
    for token in (forged, tampered, "nonsense", theirs.nonce):
        assert Client().post(f"/reminders/stop/{token}/").status_code == 404
    # A validly signed token naming them with my nonce finds nothing either: the nonce
    # belongs to my email only.
    crossed = signing.dumps(
        {"u": other_user.pk, "n": mine.nonce}, salt=links.salt("stop"), compress=True
    )
    assert Client().post(f"/reminders/stop/{crossed}/").status_code == 404
    assert Reminder.objects.get(user=other_user).enabled
    # My own link stops only mine.
    Client().post(f"/reminders/stop/{links.make_token(mine, 'stop')}/")
    assert not Reminder.objects.get(user=user).enabled
    assert Reminder.objects.get(user=other_user).enabled


def test_the_links_in_a_real_email_work(user, settings):
    settings.AIRA_BASE_URL = "http://testserver"
    Reminder.objects.create(user=user, enabled=True, weekdays="5", time_zone="UTC")
    services.dispatch(now=datetime(2027, 1, 9, 20, 5, tzinfo=UTC))
    [message] = mail.outbox
    pause = re.search(r"http://testserver(/reminders/pause/[^/\s]+/)", message.body)[1]
    stop = re.search(r"http://testserver(/reminders/stop/[^/\s]+/)", message.body)[1]
    assert Client().post(pause).status_code == 302
    assert Client().post(stop).status_code == 302  # each link works once, on its own
    reminder = Reminder.objects.get(user=user)
    assert reminder.paused_until is not None and not reminder.enabled


def test_a_reminder_link_after_the_account_is_gone(user):
    sent = sent_reminder(user)
    token = links.make_token(sent, "stop")
    user.delete()
    assert Client().post(f"/reminders/stop/{token}/").status_code == 404
    assert "This link no longer works" in Client().get(f"/reminders/stop/{token}/").content.decode()


def test_reminder_pages_are_not_cached(owner_client, user):
    sent = sent_reminder(user)
    for path in (URL, f"/reminders/stop/{links.make_token(sent, 'stop')}/"):
        assert "no-store" in owner_client.get(path).headers["Cache-Control"]


# --- Your data ------------------------------------------------------------------------------


def test_reminders_are_in_the_export_and_deleted_with_the_account(owner_client, user, password):
    import json

    turn_on(owner_client)
    sent_reminder(user, day=date(2027, 1, 9))
    data = json.loads(owner_client.get("/progress/data/export.json").content)
    assert data["reminders_sent"][0]["local_date"] == "2027-01-09"
    assert data["preferences"]["reminder_enabled"] is True
    assert data["preferences"]["reminder_time_zone"] == "Europe/London"
    assert data["preferences"]["reminder_days"] == "Monday,Wednesday"
    owner_client.post("/progress/data/delete/", {"password": password})
    assert not Reminder.objects.exists()
    assert not ReminderSent.objects.exists()


def test_the_day_the_clocks_go_forward_has_23_hours():
    """What "used Aira today" counts on that day."""
    from zoneinfo import ZoneInfo

    start, end = services.day_bounds(date(2027, 3, 28), ZoneInfo("Europe/London"))
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)

"""Sending reminders: on the chosen days at the person's own time, daylight saving
included, once a day at most, and never on a day they already used Aira."""

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection

from practices.models import PracticeSession
from reminders import services
from reminders.models import Reminder, ReminderSent
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db

EVERY_DAY = "0,1,2,3,4,5,6"
# Europe/London in 2027: the clocks go forward at 01:00 UTC on Sunday 28 March and back
# at 01:00 UTC on Sunday 31 October.
SPRING_FORWARD = date(2027, 3, 28)
AUTUMN_BACK = date(2027, 10, 31)


def make_reminder(user, **fields):
    return Reminder.objects.create(
        user=user,
        **{
            "enabled": True,
            "weekdays": EVERY_DAY,
            "at": time(20, 0),
            "time_zone": "Europe/London",
            **fields,
        },
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def run_dispatcher(start, end, every=timedelta(minutes=5)):
    """The scheduler's 5-minute dispatch over a stretch of time: the UTC moment of each
    email sent."""
    sent_at = []
    now = start
    while now <= end:
        before = len(mail.outbox)
        services.dispatch(now=now)
        sent_at += [now] * (len(mail.outbox) - before)
        now += every
    return sent_at


@pytest.mark.parametrize(
    ("change_day", "expected_utc"),
    [
        # 20:00 in summer time is 19:00 UTC; the Saturday before was still 20:00 UTC.
        (SPRING_FORWARD, [utc(2027, 3, 27, 20, 0), utc(2027, 3, 28, 19, 0)]),
        # Back to 20:00 UTC on the Sunday; the Saturday before was 19:00 UTC.
        (AUTUMN_BACK, [utc(2027, 10, 30, 19, 0), utc(2027, 10, 31, 20, 0)]),
    ],
    ids=["spring", "autumn"],
)
def test_a_reminder_at_20_00_london_is_sent_once_a_day_across_the_clock_change(
    user, change_day, expected_utc
):
    make_reminder(user)
    saturday = change_day - timedelta(days=1)
    sent = run_dispatcher(
        datetime.combine(saturday, time(12, 0), tzinfo=UTC),
        datetime.combine(change_day + timedelta(days=1), time(12, 0), tzinfo=UTC),
    )
    assert sent == expected_utc
    assert list(
        ReminderSent.objects.order_by("local_date").values_list("local_date", flat=True)
    ) == [
        saturday,
        change_day,
    ]


@pytest.mark.parametrize(
    ("change_day", "expected_utc"),
    [
        # 01:30 never happens that night: the reminder comes at 02:00 BST, just after the gap.
        (SPRING_FORWARD, [utc(2027, 3, 28, 1, 0)]),
        # 01:30 happens twice (BST, then GMT): one reminder, the first time.
        (AUTUMN_BACK, [utc(2027, 10, 31, 0, 30)]),
    ],
    ids=["spring", "autumn"],
)
def test_a_reminder_in_the_hour_the_clocks_change_comes_once(user, change_day, expected_utc):
    make_reminder(user, at=time(1, 30))
    sent = run_dispatcher(
        datetime.combine(change_day - timedelta(days=1), time(22, 0), tzinfo=UTC),
        datetime.combine(change_day, time(6, 0), tzinfo=UTC),
    )
    assert sent == expected_utc


def test_only_on_the_chosen_days_in_the_persons_time_zone(user):
    # Monday and Thursday at 08:00 in Tokyo (23:00 UTC the evening before).
    make_reminder(user, weekdays="0,3", at=time(8, 0), time_zone="Asia/Tokyo")
    sent = run_dispatcher(utc(2027, 1, 3, 0, 0), utc(2027, 1, 10, 0, 0))  # Sun to Sun
    assert sent == [utc(2027, 1, 3, 23, 0), utc(2027, 1, 6, 23, 0)]


@pytest.mark.parametrize("used", ["practice", "checkin"])
def test_none_on_a_day_the_person_already_used_aira(user, make_practice, used):
    make_reminder(user)
    # 08:30 on the Saturday in London; the reminder is due at 20:00.
    morning = utc(2027, 1, 9, 8, 30)
    if used == "practice":
        PracticeSession.objects.create(user=user, practice=make_practice(), started_at=morning)
    else:
        CheckIn.objects.create(user=user, anxiety=4, mood=3, created_at=morning)
    sent = run_dispatcher(utc(2027, 1, 9, 12, 0), utc(2027, 1, 10, 21, 0))
    # Nothing on Saturday; Sunday's comes as usual.
    assert sent == [utc(2027, 1, 10, 20, 0)]


def test_use_late_the_evening_before_in_utc_does_not_count_for_the_local_day(user, make_practice):
    """A check-in at 23:30 in New York is the next day in UTC, but the same local day."""
    make_reminder(user, at=time(9, 0), time_zone="America/New_York")
    CheckIn.objects.create(user=user, anxiety=4, mood=3, created_at=utc(2027, 1, 9, 4, 30))
    # Saturday 9 January, 09:00 in New York is 14:00 UTC.
    assert run_dispatcher(utc(2027, 1, 9, 12, 0), utc(2027, 1, 9, 16, 0)) == [
        utc(2027, 1, 9, 14, 0)
    ]


def test_nothing_while_off_or_paused_and_a_change_counts_from_the_next_one(user):
    reminder = make_reminder(user, enabled=False)
    assert run_dispatcher(utc(2027, 1, 4, 19, 0), utc(2027, 1, 4, 21, 0)) == []
    reminder.enabled = True
    reminder.save()
    reminder.pause(today=date(2027, 1, 5))  # Tuesday to Monday 11th
    assert (
        run_dispatcher(utc(2027, 1, 5, 0, 0), utc(2027, 1, 11, 23, 0), every=timedelta(hours=1))
        == []
    )
    assert run_dispatcher(utc(2027, 1, 12, 19, 0), utc(2027, 1, 12, 21, 0)) == [
        utc(2027, 1, 12, 20, 0)
    ]
    reminder.at = time(21, 15)
    reminder.save()
    assert run_dispatcher(utc(2027, 1, 13, 6, 0), utc(2027, 1, 13, 23, 0)) == [
        utc(2027, 1, 13, 21, 15)
    ]


def test_a_worker_that_was_stopped_does_not_send_late_at_night(user):
    make_reminder(user)
    # Not running from 19:00 until 23:00: by then the evening's reminder is skipped.
    assert run_dispatcher(utc(2027, 1, 9, 23, 0), utc(2027, 1, 9, 23, 55)) == []


def test_never_two_within_hours_when_the_time_zone_changes(user):
    reminder = make_reminder(user, at=time(20, 0), time_zone="Asia/Tokyo")
    assert run_dispatcher(utc(2027, 1, 9, 10, 0), utc(2027, 1, 9, 12, 0)) == [
        utc(2027, 1, 9, 11, 0)
    ]
    # The person travels: 20:00 in Los Angeles on the same date is 04:00 UTC tomorrow.
    reminder.time_zone = "America/Los_Angeles"
    reminder.save()
    assert run_dispatcher(utc(2027, 1, 10, 3, 0), utc(2027, 1, 10, 5, 0)) == []


def test_the_email_is_short_kind_and_has_one_link_and_the_unsubscribe_headers(
    user, make_practice, settings
):
    settings.AIRA_BASE_URL = "https://aira.example"
    practice = make_practice("box-breathing", title="Box breathing")
    make_reminder(user, kind=Reminder.Kind.PRACTICE, practice=practice)
    run_dispatcher(utc(2027, 1, 9, 20, 0), utc(2027, 1, 9, 20, 0))
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "A gentle reminder: Box breathing"
    body = message.body
    assert "Box breathing is here whenever you are ready" in body
    assert "https://aira.example/practices/box-breathing/" in body
    sent = ReminderSent.objects.get()
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://aira.example/reminders/stop/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://aira.example/reminders/pause/" in body
    assert message.extra_headers["List-Unsubscribe"][1:-1] in body
    # No counts, no streaks, nothing missed.
    lowered = body.lower()
    for word in ("missed", "streak", "days in a row", "you haven't", "don't forget"):
        assert word not in lowered
    assert sent.local_date == date(2027, 1, 9)


def test_a_check_in_reminder_links_to_the_check_in(user):
    make_reminder(user)
    run_dispatcher(utc(2027, 1, 9, 20, 0), utc(2027, 1, 9, 20, 0))
    assert mail.outbox[0].subject == "A gentle reminder to check in"
    assert "/progress/#checkin" in mail.outbox[0].body


def test_dispatch_twice_at_the_same_moment_sends_once(user):
    make_reminder(user)
    now = utc(2027, 1, 9, 20, 5)
    assert services.dispatch(now=now) == 1
    assert services.dispatch(now=now) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_dispatching_at_once_send_one_email(make_user):
    user = make_user("racer@example.com")
    make_reminder(user)
    now = utc(2027, 1, 9, 20, 5)
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        barrier.wait()
        try:
            counts.append(services.dispatch(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Both finished (a thread that raised would leave one count), one of them sent.
    assert sorted(counts) == [0, 1]
    assert ReminderSent.objects.count() == len(mail.outbox) == 1


def test_a_practice_no_longer_published_falls_back_to_a_check_in(user, make_practice):
    practice = make_practice("retired")
    make_reminder(user, kind=Reminder.Kind.PRACTICE, practice=practice)
    practice.is_published = False
    practice.save()
    run_dispatcher(utc(2027, 1, 9, 20, 0), utc(2027, 1, 9, 20, 0))
    [message] = mail.outbox
    assert message.subject == "A gentle reminder to check in"
    assert "Retired" not in message.body and "/practices/retired/" not in message.body
    assert "/progress/#checkin" in message.body


def test_no_reminder_for_a_deactivated_account(user):
    make_reminder(user)
    user.is_active = False
    user.save()
    assert run_dispatcher(utc(2027, 1, 9, 19, 0), utc(2027, 1, 9, 21, 0)) == []


def test_the_record_of_sent_reminders_is_kept_40_days(user):
    now = utc(2027, 3, 1, 12, 0)
    for days_ago in (41, 39, 1):
        ReminderSent.objects.create(
            user=user,
            local_date=(now - timedelta(days=days_ago)).date(),
            sent_at=now - timedelta(days=days_ago),
        )
    assert services.forget_old_reminders(now=now) == 1
    assert sorted(
        (now.date() - d).days for d in ReminderSent.objects.values_list("local_date", flat=True)
    ) == [1, 39]

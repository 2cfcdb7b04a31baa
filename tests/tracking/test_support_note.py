"""When the three most recent check-ins each say very low mood or anxiety 8 or more, the
progress page opens with one gentle note: a short practice, reaching out, the crisis
lines. Nothing is sent anywhere; the note comes and goes with the check-ins."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tracking.models import CheckIn, Mood, TrackingPreferences

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")
NOTE = "A gentle note"
VERY_LOW, OKAY = Mood.VERY_LOW, Mood.OKAY


def checkins(make_checkin, user, *answers):
    """Check-ins from (anxiety, mood) pairs, given newest first, an hour apart."""
    now = timezone.now()
    for hours, (anxiety, mood) in enumerate(answers):
        make_checkin(user, anxiety=anxiety, mood=mood, created_at=now - timedelta(hours=hours))
    return list(CheckIn.objects.for_user(user))


@pytest.mark.parametrize(
    "answers,expected",
    [
        ([(2, VERY_LOW), (8, OKAY), (10, VERY_LOW)], True),  # either sign counts
        ([(9, OKAY), (8, OKAY), (8, 4), (1, 5)], True),  # only the latest three matter
        ([(9, OKAY), (8, VERY_LOW)], False),  # two in a row
        ([(3, OKAY), (9, OKAY), (8, VERY_LOW), (9, VERY_LOW)], False),  # the latest is fine
        ([(9, OKAY), (3, OKAY), (8, VERY_LOW), (9, VERY_LOW)], False),  # interrupted
        ([(7, Mood.LOW), (7, Mood.LOW), (7, Mood.LOW)], False),  # just below either line
        ([], False),
    ],
)
def test_hard_run_needs_three_hard_check_ins_in_a_row(make_checkin, user, answers, expected):
    assert CheckIn.hard_run(checkins(make_checkin, user, *answers)) is expected


def note_of(html):
    """The gentle note's slot at the top of the page, and where it sits."""
    match = re.search(r'<div id="support-note"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1), match.start()


@pytest.fixture
def stay_safe(make_practice):
    return make_practice(title="Stay Safe", minutes=4)


def test_the_note_opens_the_page_with_practice_someone_and_crisis_lines(
    owner_client, user, make_checkin, stay_safe
):
    checkins(make_checkin, user, (9, OKAY), (3, VERY_LOW), (8, Mood.LOW))
    html = owner_client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    note, at = note_of(html)
    assert NOTE in note
    assert at < html.index("How are you right now?")  # at the top
    offered = note.index('<a href="/practices/stay-safe/" data-support-practice>Stay Safe</a>')
    reach_out = note.index("Message or call someone you trust")
    crisis = note.index('<a href="/crisis/#gb">crisis lines you can call or text now</a>')
    assert offered < reach_out < crisis
    assert "Nothing is sent to anyone." in note
    assert html.count(NOTE) == 1


def test_no_note_after_two_hard_check_ins_or_an_interrupted_run(
    owner_client, user, make_checkin, stay_safe
):
    checkins(make_checkin, user, (9, OKAY), (9, OKAY), (4, OKAY), (9, OKAY))
    note, _ = note_of(owner_client.get(PROGRESS).content.decode())
    assert note.strip() == ""


def test_someone_elses_hard_check_ins_never_show_on_my_page(
    owner_client, user, other_user, make_checkin
):
    checkins(make_checkin, other_user, (9, VERY_LOW), (9, VERY_LOW), (9, VERY_LOW))
    checkins(make_checkin, user, (2, 4))
    assert NOTE not in owner_client.get(PROGRESS).content.decode()


def quick_checkin(client, anxiety, mood, **headers):
    return client.post(
        reverse("tracking:checkin_create"),
        {"uuid": str(uuid.uuid4()), "anxiety": anxiety, "mood": mood},
        **headers,
    )


def test_the_note_comes_and_goes_with_new_check_ins(owner_client, user, make_checkin, stay_safe):
    TrackingPreferences.objects.create(user=user)
    checkins(make_checkin, user, (8, OKAY), (9, OKAY))
    assert NOTE not in owner_client.get(PROGRESS).content.decode()

    quick_checkin(owner_client, 2, VERY_LOW)  # the third hard one in a row
    assert NOTE in owner_client.get(PROGRESS).content.decode()

    quick_checkin(owner_client, 3, OKAY)  # a lighter moment ends the run
    assert NOTE not in owner_client.get(PROGRESS).content.decode()


def test_a_check_in_saved_with_htmx_fills_and_clears_the_note_in_place(
    owner_client, user, make_checkin, stay_safe
):
    checkins(make_checkin, user, (8, OKAY), (9, OKAY))
    owner_client.get(PROGRESS)
    panel = quick_checkin(owner_client, 10, OKAY, HTTP_HX_REQUEST="true").content.decode()
    assert '<div id="support-note" hx-swap-oob="true">' in panel
    assert NOTE in note_of(panel)[0]
    assert "There is a gentle note for you at the top of the page." in panel  # announced

    panel = quick_checkin(owner_client, 1, 4, HTTP_HX_REQUEST="true").content.decode()
    note, _ = note_of(panel)
    assert '<div id="support-note" hx-swap-oob="true">' in panel and note.strip() == ""
    assert 'data-announce="Check-in saved"' in panel


def test_the_note_links_to_the_readers_countrys_crisis_lines(client, user, make_checkin, stay_safe):
    TrackingPreferences.objects.create(user=user)
    checkins(make_checkin, user, (9, VERY_LOW), (9, VERY_LOW), (9, VERY_LOW))
    client.force_login(user)
    assert (
        'href="/crisis/#gb"' in client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    )
    assert (
        'href="/crisis/#au"' in client.get(PROGRESS, HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    )

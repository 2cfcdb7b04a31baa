"""Choosing the breathing pace: remembered on the device for visitors, on the account
for signed-in people, and used by the pacer the server renders."""

import re

import pytest
from django.test import Client

from practices.models import PracticePreferences
from practices.pacing import PACE_COOKIE
from tests.factories import BREATHE_4_6

pytestmark = pytest.mark.django_db

URL = "/practices/breathing-pace/"


@pytest.fixture
def breathing_practice(make_practice):
    return make_practice("steady-breath", steps=[{}, {**BREATHE_4_6, "cycles": 3}])


def breathing_step(c, practice):
    """Begin the practice with client `c` and return its breathing step's page."""
    session_id = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
    c.post(f"/practices/{practice.slug}/begin/", {"session_id": session_id, "skip_rating": "on"})
    url = f"/practices/{practice.slug}/s/{session_id}/step/2/"
    return url, c.get(url).content.decode()


def shown_pace(html):
    return re.search(r'data-pace="([^"]+)"', html).group(1)


def checked_pace(html):
    return re.search(r'<input type="radio" name="pace" value="([^"]+)"[^>]* checked', html).group(1)


def test_visitor_starts_as_written(client, breathing_practice):
    _url, html = breathing_step(client, breathing_practice)
    assert shown_pace(html) == "as-written"
    assert "Breathe in for 4, breathe out for 6 seconds. 3 rounds" in html
    assert checked_pace(html) == "as-written"


def test_visitor_choice_is_kept_on_the_device_and_used_by_the_pacer(client, breathing_practice):
    url, _html = breathing_step(client, breathing_practice)
    response = client.post(URL, {"pace": "gentler", "next": url})
    assert response.status_code == 302 and response.url == url
    assert response.cookies[PACE_COOKIE].value == "gentler"
    assert not response.cookies[PACE_COOKIE]["httponly"]  # the offline player reads it
    html = client.get(url).content.decode()
    assert shown_pace(html) == "gentler"
    assert "Breathe in for 3, breathe out for 5 seconds. 3 rounds" in html
    assert "Saved: Gentler start." in html
    assert not PracticePreferences.objects.exists()


def test_account_choice_follows_the_person_to_another_device(user, breathing_practice):
    first = Client()
    first.force_login(user)
    first.post(URL, {"pace": "slower"})
    elsewhere = Client()
    elsewhere.force_login(user)
    _url, html = breathing_step(elsewhere, breathing_practice)
    assert shown_pace(html) == "slower"
    assert "Breathe in for 5, breathe out for 8 seconds" in html


def test_account_choice_wins_over_what_the_device_remembers(owner_client, user, breathing_practice):
    PracticePreferences.objects.create(user=user, breathing_pace="slower")
    owner_client.cookies[PACE_COOKIE] = "gentler"
    _url, html = breathing_step(owner_client, breathing_practice)
    assert shown_pace(html) == "slower"


def test_saving_twice_keeps_one_preference(owner_client, user):
    for _ in range(2):
        assert owner_client.post(URL, {"pace": "gentler"}).status_code == 302
    assert PracticePreferences.objects.get().breathing_pace == "gentler"
    assert PracticePreferences.objects.get().user == user


def test_one_persons_choice_never_changes_anothers(owner_client, other_user, breathing_practice):
    owner_client.post(URL, {"pace": "slower"})
    other = Client()
    other.force_login(other_user)
    _url, html = breathing_step(other, breathing_practice)
    assert shown_pace(html) == "as-written"


def test_unknown_pace_is_refused_with_a_message_and_changes_nothing(owner_client):
    response = owner_client.post(URL, {"pace": "faster"})
    assert response.status_code == 400
    assert "Choose one of the paces listed." in response.content.decode()
    assert PACE_COOKIE not in response.cookies
    assert not PracticePreferences.objects.exists()


def test_htmx_save_answers_with_the_status_only(client):
    response = client.post(URL, {"pace": "slower"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="pace-status"' in html and "Saved: Slower." in html
    assert response.cookies[PACE_COOKIE].value == "slower"
    assert "HX-Request" in response.headers["Vary"]


def test_the_offline_outbox_gets_json(owner_client, user):
    response = owner_client.post(URL, {"pace": "gentler"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"status": "saved", "pace": "gentler"}
    assert PracticePreferences.objects.get(user=user).breathing_pace == "gentler"


def test_a_next_address_elsewhere_is_not_followed(client):
    response = client.post(URL, {"pace": "gentler", "next": "https://elsewhere.example/"})
    assert response.url == URL


def test_the_pace_page_works_without_javascript(client):
    client.cookies[PACE_COOKIE] = "slower"
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert checked_pace(html) == "slower"
    assert f'action="{URL}"' in html and 'method="post"' in html


def test_the_offline_player_keeps_the_breathing_step_at_every_pace(client, breathing_practice):
    html = client.get("/practices/steady-breath/offline/").content.decode()
    kept = dict(
        re.findall(
            r'<template data-stage="step/2"[^>]* data-pace="([^"]+)">(.*?)</template>', html, re.S
        )
    )
    # As written first: the one the offline player shows when the device chose no pace.
    assert list(kept) == ["as-written", "gentler", "slower"]
    assert shown_pace(kept["slower"]) == "slower"
    assert '"gentler":[[3,5]]' in kept["as-written"].replace("&quot;", '"')
    assert "Breathe in for 5, breathe out for 8 seconds." in kept["slower"]

"""Where the plan shows elsewhere: the SOS page (under the triage) and the gentle offer
on the progress page and a practice's summary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Person, Plan
from practices.models import PracticeSession

pytestmark = pytest.mark.django_db


def main_of(response):
    return response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.fixture
def sos_practices(make_practice):
    return [
        make_practice("stay-safe", title="Stay Safe", category="panic", steps=4),
        make_practice("physiological-sigh", title="The double sigh", category="panic"),
    ]


def test_sos_shows_my_people_one_tap_away_under_the_triage(owner_client, user, sos_practices):
    Person.objects.create(user=user, name="Sam", phone="+44 7700 900123", message="Come over?")
    Plan.objects.create(user=user, warning_signs="Pacing")
    main = main_of(owner_client.get("/sos/"))
    people = main.index("My people and my plan")
    assert main.index("It feels like panic or anxiety") < people
    assert main.index("Something feels physically wrong") < people
    assert main.index("how strong is it right now?") < people
    assert 'href="sms:+447700900123?&amp;body=Come%20over%3F"' in main
    assert 'href="tel:+447700900123"' in main
    assert 'href="/plan/"' in main


def test_sos_without_a_plan_or_people_shows_neither(owner_client, user, sos_practices):
    Plan.objects.create(user=user, offer_dismissed=True)  # a "not now" is not a plan
    main = main_of(owner_client.get("/sos/"))
    assert "sos-plan" not in main and "Open my plan" not in main


def test_sos_for_a_visitor_holds_the_slots_the_device_copy_fills(client, sos_practices):
    main = main_of(client.get("/sos/"))
    assert "data-device-sos hidden" in main
    assert "<template data-device-person>" in main
    assert main.index("It feels like panic or anxiety") < main.index("data-device-sos")


def sos_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sos/").status_code == 200
    return len(captured)


def test_sos_query_count_is_fixed_and_at_most_two_more_when_signed_in(
    client, user, sos_practices, reader_language
):
    visitor = sos_queries(client)
    client.force_login(user)
    signed_in_empty = sos_queries(client)
    Plan.objects.create(user=user, warning_signs="Pacing")
    Person.objects.create(user=user, name="One", phone="0161 496 0000")
    one = sos_queries(client)
    for n in range(4):
        Person.objects.create(user=user, name=f"More {n}", email=f"m{n}@example.com")
    assert sos_queries(client) == one == signed_in_empty
    # Any signed-in page reads the session and the user (2); the plan and people add 2.
    # A visitor's page reads nothing more: their plan is on the device.
    assert signed_in_empty == visitor + 2 + 2


# --- The offer ------------------------------------------------------------------------


def test_progress_offers_a_plan_until_not_now(owner_client, user):
    assert "A plan for hard moments, made in a calmer one" in main_of(
        owner_client.get("/progress/")
    )
    owner_client.post("/plan/not-now/", {"next": "/progress/"})
    main = main_of(owner_client.get("/progress/"))
    assert "made in a calmer one" not in main
    assert "Your plan is here whenever you want it" in main


def test_no_offer_to_someone_who_has_a_plan(owner_client, user, make_practice):
    plan = Plan.objects.create(user=user)
    plan.practices.set([make_practice("calm")])  # chosen practices alone are a plan
    assert "made in a calmer one" not in main_of(owner_client.get("/progress/"))


def test_a_visitor_is_offered_once_and_not_again_after_not_now(client):
    assert "made in a calmer one" in main_of(client.get("/progress/"))
    client.post("/plan/not-now/", {"next": "/progress/"})
    assert "made in a calmer one" not in main_of(client.get("/progress/"))


def test_the_practice_summary_offers_a_plan_once(owner_client, user, make_practice):
    practice = make_practice("calm-breath", steps=1)
    session = PracticeSession.objects.create(
        user=user, practice=practice, finished=True, ended_at=timezone.now()
    )
    done = f"/practices/calm-breath/s/{session.uuid}/done/"
    assert "made in a calmer one" in main_of(owner_client.get(done))
    response = owner_client.post("/plan/not-now/", {"next": done})
    assert response.headers["Location"] == done
    assert "made in a calmer one" not in main_of(owner_client.get(done))


def test_the_offline_players_summary_never_offers_a_plan(client, make_practice):
    make_practice("calm-breath", steps=1)
    html = client.get("/practices/calm-breath/offline/").content.decode()
    assert "made in a calmer one" not in html


def test_the_privacy_page_says_what_is_kept_about_my_people_and_why(client):
    html = client.get("/privacy/").content.decode()
    assert "About the people you add" in html
    assert "Aira never contacts them" in html
    assert "a name, a number and/or an email address, and your message" in html
    assert (
        "Aira&#x27;s server never receives it" in html or "Aira's server never receives it" in html
    )

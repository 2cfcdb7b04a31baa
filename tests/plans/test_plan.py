import json

import pytest
from django.urls import reverse

from plans.models import Person, Plan
from practices.models import PracticeSession

pytestmark = pytest.mark.django_db

PLAN, EDIT = "/plan/", "/plan/edit/"


def main_of(response):
    html = response.content.decode()
    return html.split("<main")[1].split("</main>")[0]


def test_a_visitor_is_offered_a_plan_kept_on_their_device(client):
    main = main_of(client.get(PLAN))
    assert 'href="/plan/step/1/"' in main
    assert "stays in this browser on this device only" in main
    assert 'href="/accounts/signup/?next=/plan/"' in main
    assert "data-device-plan hidden" in main


def test_owner_writes_the_whole_plan_on_one_page(owner_client, user, make_practice):
    sigh = make_practice("physiological-sigh", title="The double sigh")
    response = owner_client.post(
        EDIT,
        {
            "warning_signs": "Checking my pulse",
            "on_my_own": "A hot drink by the window",
            "practices": [sigh.slug],
            "distractions": "The café on the corner",
            "clinician_name": "Dr Rahman",
            "clinician_phone": "020 7946 0000",
            "safer_space": "Ask my sister to keep my spare medicines",
            "worth_holding_on_to": "My dog Lola",
        },
    )
    assert response.headers["Location"] == PLAN
    plan = Plan.objects.get(user=user)
    assert plan.warning_signs == "Checking my pulse"
    assert list(plan.practices.all()) == [sigh]
    main = main_of(owner_client.get(PLAN))
    for text in ("Checking my pulse", "The café on the corner", "My dog Lola", "Dr Rahman"):
        assert text in main
    assert 'href="tel:02079460000"' in main
    assert 'href="/practices/physiological-sigh/"' in main


def test_a_bad_clinician_number_gets_a_message_and_loses_nothing(owner_client, user):
    response = owner_client.post(
        EDIT, {"warning_signs": "Racing thoughts at night", "clinician_phone": "ring the surgery"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A phone number can hold only digits" in html
    assert "Racing thoughts at night" in html and 'value="ring the surgery"' in html
    assert not Plan.objects.exists()


def test_the_plan_shows_the_crisis_lines_of_the_likely_country(owner_client, user):
    Plan.objects.create(user=user, warning_signs="Can't sleep")
    main = main_of(owner_client.get(PLAN, HTTP_ACCEPT_LANGUAGE="en-GB"))
    assert "Lines in United Kingdom" in main
    assert 'href="tel:999"' in main
    assert 'href="/crisis/"' in main


def test_each_person_sees_only_their_own_plan_and_people(client, user, other_user):
    Plan.objects.create(user=user, warning_signs="Owner's signs")
    Person.objects.create(user=user, name="Owner's friend", phone="0161 496 0000")
    client.force_login(other_user)
    for path in (PLAN, EDIT, "/plan/print/", "/plan/people/", "/plan/step/1/"):
        html = client.get(path).content.decode()
        assert "Owner&#x27;s signs" not in html and "Owner&#x27;s friend" not in html
    client.post(EDIT, {"warning_signs": "Mine"})
    assert Plan.objects.get(user=user).warning_signs == "Owner's signs"
    assert Plan.objects.get(user=other_user).warning_signs == "Mine"


def test_a_visitors_post_stores_nothing_and_shows_what_they_typed(client):
    response = client.post(EDIT, {"warning_signs": "Tight chest"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing you typed was sent to be stored" in html
    assert "Tight chest" in html
    assert not Plan.objects.exists()


def test_pages_are_not_stored_by_browsers_and_not_indexed(owner_client):
    for path in (PLAN, EDIT, "/plan/print/", "/plan/people/", "/plan/step/2/"):
        response = owner_client.get(path)
        assert "no-store" in response.headers["Cache-Control"], path
        assert '<meta name="robots" content="noindex">' in response.content.decode(), path


# --- Guided ----------------------------------------------------------------------------


def test_guided_steps_save_each_part_and_move_forward_and_back(owner_client, user):
    first = owner_client.get("/plan/step/1/").content.decode()
    assert "Part 1 of 7" in first and "For example:" in first
    response = owner_client.post("/plan/step/1/", {"warning_signs": "Pacing", "continue": "1"})
    assert response.headers["Location"] == "/plan/step/2/"
    assert Plan.objects.get(user=user).warning_signs == "Pacing"
    response = owner_client.post("/plan/step/2/", {"on_my_own": "Shower", "back": "1"})
    assert response.headers["Location"] == "/plan/step/1/"
    plan = Plan.objects.get(user=user)
    assert (plan.warning_signs, plan.on_my_own) == ("Pacing", "Shower")
    # The last step finishes on the plan itself.
    response = owner_client.post("/plan/step/7/", {"worth_holding_on_to": "Lola"})
    assert response.headers["Location"] == PLAN


def test_skip_is_a_plain_link_to_the_next_part(owner_client):
    html = owner_client.get("/plan/step/3/").content.decode()
    assert 'href="/plan/step/4/"' in html and "Skip this part" in html
    assert 'href="/plan/"' in owner_client.get("/plan/step/7/").content.decode()


def test_htmx_step_answers_the_next_part_as_a_fragment_and_pushes_its_address(owner_client, user):
    response = owner_client.post(
        "/plan/step/1/", {"warning_signs": "Pacing"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="plan-step"' in html and "Part 2 of 7" in html
    assert response.headers["HX-Push-Url"] == "/plan/step/2/"
    assert "HX-Request" in response.headers["Vary"]
    assert 'data-announce="Part 2 of 7: Things I can do on my own"' in html
    full = owner_client.get("/plan/step/2/")
    assert "<html" in full.content.decode()
    # The last part leads to the plan itself: a whole page, not a fragment.
    last = owner_client.post(
        "/plan/step/7/", {"worth_holding_on_to": "Lola"}, HTTP_HX_REQUEST="true"
    )
    assert last.headers["HX-Redirect"] == "/plan/"


def test_a_bad_step_keeps_what_was_typed(owner_client, user):
    response = owner_client.post(
        "/plan/step/5/", {"clinician_name": "Dr Rahman", "clinician_phone": "12"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Dr Rahman"' in html and "This number has 2 digits" in html
    assert not Plan.objects.exists()


def test_an_unknown_step_is_a_404(owner_client):
    assert owner_client.get("/plan/step/8/").status_code == 404
    assert owner_client.get("/plan/step/0/").status_code == 404


def test_part_two_suggests_what_helps_from_the_persons_own_ratings(
    owner_client, user, make_practice
):
    sigh = make_practice("physiological-sigh", title="The double sigh")
    walk = make_practice("slow-walk", title="A slow walk")
    for before, after in ((8, 4), (7, 4), (6, 3)):
        PracticeSession.objects.create(
            user=user, practice=sigh, rating_before=before, rating_after=after, finished=True
        )
    PracticeSession.objects.create(
        user=user, practice=walk, rating_before=3, rating_after=5, finished=True
    )
    html = owner_client.get("/plan/step/2/").content.decode()
    suggestions = html.split("these have helped you:")[1].split("</ul>")[0]
    assert "The double sigh" in suggestions and "over 3 rated sessions" in suggestions
    assert "A slow walk" not in suggestions  # it went up, not down
    assert 'value="slow-walk"' in html  # still there to pick


# --- The offer --------------------------------------------------------------------------


def test_not_now_is_kept_in_the_account(owner_client, user):
    response = owner_client.post("/plan/not-now/", {"next": "/progress/"})
    assert response.headers["Location"] == "/progress/"
    assert Plan.objects.get(user=user).offer_dismissed
    assert not Plan.objects.get(user=user).is_written()


def test_not_now_for_a_visitor_is_a_cookie(client):
    response = client.post("/plan/not-now/", {"next": "https://elsewhere.example/"})
    assert response.headers["Location"] == "/"
    assert response.cookies["aira_plan_offer"].value == "not-now"
    assert not Plan.objects.exists()


def test_not_now_rejects_get(owner_client):
    assert owner_client.get("/plan/not-now/").status_code == 405


# --- A visitor's device copy into the account -------------------------------------------


def device_copy(**plan):
    return {
        "plan": {"warning_signs": "From the device", "safer_space": "Device space", **plan},
        "people": [
            {
                "uuid": "6f1c1c1e-8a44-4a8e-9a57-3b1f6f0c2a11",
                "name": "Sam",
                "phone": "0161 496 0000",
                "email": "",
                "message": "Call me?",
            }
        ],
    }


def test_a_device_copy_fills_the_empty_parts_and_adds_its_people(owner_client, user):
    Plan.objects.create(user=user, warning_signs="Already in my account")
    response = owner_client.post("/plan/from-device/", {"device_copy": json.dumps(device_copy())})
    assert response.headers["Location"] == PLAN
    plan = Plan.objects.get(user=user)
    assert plan.warning_signs == "Already in my account"
    assert plan.safer_space == "Device space"
    assert Person.objects.get(user=user).message == "Call me?"
    # A retry of the same copy adds no one twice.
    owner_client.post("/plan/from-device/", {"device_copy": json.dumps(device_copy())})
    assert Person.objects.filter(user=user).count() == 1
    # The next plan page tells the device its copy can go.
    assert "data-device-copy-saved" in owner_client.get(PLAN).content.decode()
    assert "data-device-copy-saved" not in owner_client.get(PLAN).content.decode()


def test_an_invalid_device_copy_saves_nothing_and_says_why(owner_client, user):
    copy = device_copy(clinician_phone="not a number")
    response = owner_client.post(
        "/plan/from-device/", {"device_copy": json.dumps(copy)}, follow=True
    )
    html = response.content.decode()
    assert "Nothing was saved" in html and "A phone number can hold only digits" in html
    assert not Plan.objects.exists() and not Person.objects.exists()
    garbage = owner_client.post("/plan/from-device/", {"device_copy": "{not json"}, follow=True)
    assert "could not be read" in garbage.content.decode()


def test_from_device_needs_an_account(client):
    response = client.post("/plan/from-device/", {"device_copy": json.dumps(device_copy())})
    assert response.headers["Location"].startswith("/accounts/login/")
    assert not Person.objects.exists()


def test_the_plan_page_query_count_does_not_grow_with_people(
    owner_client, user, make_practice, reader_language, django_assert_num_queries
):
    plan = Plan.objects.create(user=user, warning_signs="Signs")
    practices = [make_practice(f"p-{n}") for n in range(3)]
    plan.practices.set(practices[:1])

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(PLAN).status_code == 200
        return len(captured)

    Person.objects.create(user=user, name="One", phone="0161 496 0000")
    few = count()
    plan.practices.set(practices)
    for n in range(4):
        Person.objects.create(user=user, name=f"More {n}", email=f"m{n}@example.com")
    assert count() == few


def test_reverse_names(owner_client):
    assert reverse("plans:plan") == PLAN


def test_the_professionals_part_shows_the_countrys_lines(owner_client):
    html = owner_client.get("/plan/step/5/", HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    assert "See the lines in Australia" in html and 'href="tel:000"' in html

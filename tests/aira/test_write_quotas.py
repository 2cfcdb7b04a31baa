"""Write quotas: a runaway client cannot fill the database with practice sessions or
check-ins, and a person using Aira by hand never meets the limit (aira/quotas.py)."""

import uuid

import pytest
from django.test import Client

from practices.models import PracticeSession
from tests.factories import offline_session_record
from tracking.models import CheckIn

pytestmark = [pytest.mark.django_db, pytest.mark.cache_backend]

QUOTA = 60  # settings.ACCOUNT_RATE_LIMITS: 60 a minute
CALM = "Aira is pausing new saves for a minute. Everything saved so far is kept."


@pytest.fixture
def practice(make_practice):
    return make_practice("calm-breath", steps=[{"title": "Breathe"}])


def begin(client, practice, session_id=None):
    return client.post(
        f"/practices/{practice.slug}/begin/",
        {"session_id": session_id or uuid.uuid4(), "skip_rating": "on"},
    )


def checkin(**overrides):
    return {"uuid": str(uuid.uuid4()), "anxiety": "4", "mood": "3", "note": "A walk.", **overrides}


def test_the_61st_begin_in_a_minute_is_refused_calmly_and_creates_nothing(client, practice):
    for _ in range(QUOTA):
        assert begin(client, practice).status_code == 302

    refused = begin(client, practice)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert CALM in refused.content.decode()
    assert PracticeSession.objects.count() == QUOTA


def test_another_address_and_an_account_keep_their_own_quota(client, practice, make_user):
    for _ in range(QUOTA):
        begin(client, practice)
    assert begin(client, practice).status_code == 429

    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert begin(elsewhere, practice).status_code == 302
    signed_in = Client()  # the same address as the runaway visitor
    signed_in.force_login(make_user())
    assert begin(signed_in, practice).status_code == 302
    assert PracticeSession.objects.count() == QUOTA + 2


def test_one_account_over_quota_leaves_another_account_alone(practice, make_user):
    runaway, person = Client(), Client()
    runaway.force_login(make_user())
    person.force_login(make_user())
    for _ in range(QUOTA):
        begin(runaway, practice)

    assert begin(runaway, practice).status_code == 429
    assert begin(person, practice).status_code == 302


def test_a_retry_of_a_session_already_saved_is_not_counted(client, practice):
    for _ in range(QUOTA - 1):
        begin(client, practice)
    first = uuid.uuid4()
    begin(client, practice, first)

    # Pressing Begin again on a page whose session exists finds it, quota or not.
    assert begin(client, practice, first).status_code == 302
    assert begin(client, practice).status_code == 429


def test_an_offline_session_over_quota_is_answered_busy_so_the_device_keeps_it(client, practice):
    url = "/practices/sessions/sync/"
    for _ in range(QUOTA):
        assert client.post(url, offline_session_record(practice)).status_code == 201
    record = offline_session_record(practice)

    response = client.post(url, record)

    assert response.status_code == 429
    assert response.json()["status"] == "busy"
    assert CALM in response.json()["errors"]["__all__"][0]
    assert not PracticeSession.objects.filter(uuid=record["session_id"]).exists()


def test_a_resend_of_a_synced_session_is_accepted_over_quota(client, practice):
    url = "/practices/sessions/sync/"
    saved = offline_session_record(practice)
    client.post(url, saved)
    for _ in range(QUOTA - 1):
        client.post(url, offline_session_record(practice))

    assert client.post(url, saved).status_code == 200
    assert client.post(url, offline_session_record(practice)).status_code == 429


def test_the_61st_checkin_keeps_the_answers_on_screen_and_saves_nothing(owner_client, user):
    for _ in range(QUOTA):
        assert owner_client.post("/progress/checkins/", checkin()).status_code == 302
    data = checkin(note="Still typed in the box.")

    response = owner_client.post("/progress/checkins/", data)

    assert response.status_code == 429
    html = response.content.decode()
    assert CALM in html and "Still typed in the box." in html
    assert CheckIn.objects.filter(user=user).count() == QUOTA


def test_an_offline_checkin_over_quota_is_answered_busy(owner_client, user, other_user):
    url = "/progress/checkins/sync/"
    for _ in range(QUOTA):
        assert owner_client.post(url, checkin()).status_code == 201

    response = owner_client.post(url, checkin())

    assert response.status_code == 429
    assert response.json()["status"] == "busy"
    assert CheckIn.objects.filter(user=user).count() == QUOTA
    someone_else = Client()
    someone_else.force_login(other_user)
    assert someone_else.post(url, checkin()).status_code == 201


def test_many_accounts_from_one_address_share_an_address_quota_too(practice, make_user, settings):
    import re

    for action in ("checkin_writes", "practice_writes"):
        assert re.search(r"\b\d+/m/ip\b", settings.ACCOUNT_RATE_LIMITS[action]), action
    # The address quota shrunk to 3, so that the test needn't make 1,000 records.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "checkin_writes": re.sub(
            r"\b\d+/m/ip\b", "3/m/ip", settings.ACCOUNT_RATE_LIMITS["checkin_writes"]
        ),
    }
    saved = []
    for n in range(4):
        client = Client()
        client.force_login(make_user(f"script{n}@example.com"))
        saved.append(client.post("/progress/checkins/", checkin()).status_code)
    assert saved[:3] == [302, 302, 302]
    assert saved[3] == 429
    assert CheckIn.objects.count() == 3

"""A practice played offline reaches the server later: exactly once, and only its owner's."""

import pytest
from django.test import Client
from django.utils.html import strip_tags

from practices.models import PracticeSession
from tests.factories import offline_session_record

pytestmark = pytest.mark.django_db
URL = "/practices/sessions/sync/"


@pytest.fixture
def record(practice):
    return offline_session_record(practice)


def test_a_visitors_offline_session_is_saved_and_theirs_to_see(client, record):
    response = client.post(URL, record)
    assert response.status_code == 201
    assert response.json() == {"status": "saved", "id": record["session_id"], "created": True}
    session = PracticeSession.objects.get(uuid=record["session_id"])
    assert (session.rating_before, session.rating_after, session.finished) == (7, 3, True)
    assert session.started_at.isoformat() == "2026-11-20T08:15:00.123000+00:00"
    assert session.user is None
    done = client.get(f"/practices/{record['practice']}/s/{record['session_id']}/done/")
    assert "You went from 7 to 3." in strip_tags(done.content.decode())


def test_a_signed_in_users_session_is_saved_to_their_account(owner_client, user, record):
    assert owner_client.post(URL, record).status_code == 201
    assert PracticeSession.objects.get(uuid=record["session_id"]).user == user


def test_sending_twice_keeps_one(client, record):
    assert client.post(URL, record).status_code == 201
    again = client.post(URL, record)
    assert again.status_code == 200 and again.json()["created"] is False
    assert PracticeSession.objects.count() == 1


def test_a_send_whose_answer_was_lost_is_accepted_when_repeated(client, record):
    # The page navigated away mid-send: the server saved the session, but the browser
    # never got the answer or the cookie that remembers it. The next page sends it again.
    first_page = Client()
    assert first_page.post(URL, record).status_code == 201

    response = client.post(URL, record)

    assert response.status_code == 200
    assert PracticeSession.objects.count() == 1
    done = client.get(f"/practices/{record['practice']}/s/{record['session_id']}/done/")
    assert done.status_code == 200


def test_a_lost_answer_then_logging_in_still_lands_in_the_account(owner_client, user, record):
    assert Client().post(URL, record).status_code == 201  # sent as a visitor, answer lost
    assert owner_client.post(URL, record).status_code == 200
    assert PracticeSession.objects.get().user == user


def test_someone_else_cannot_claim_or_change_a_visitors_session_by_its_id(client, record):
    assert Client().post(URL, record).status_code == 201
    changed = {**record, "rating_after": "0"}

    response = client.post(URL, changed)

    assert response.status_code == 404
    assert response.json()["status"] == "rejected"
    assert PracticeSession.objects.get().rating_after == 3
    done = client.get(f"/practices/{record['practice']}/s/{record['session_id']}/done/")
    assert done.status_code == 404


def test_another_account_cannot_take_a_users_session_even_with_the_whole_record(
    owner_client, record, other_user
):
    assert owner_client.post(URL, record).status_code == 201
    other = Client()
    other.force_login(other_user)
    assert other.post(URL, record).status_code == 404
    assert PracticeSession.objects.get().user.email != other_user.email


def test_progress_only_moves_forward(owner_client, record):
    partial = {**record, "steps_completed": "1", "finished": "", "rating_after": ""}
    assert owner_client.post(URL, partial).status_code == 201
    assert owner_client.post(URL, record).status_code == 200
    assert owner_client.post(URL, partial).status_code == 200
    session = PracticeSession.objects.get()
    assert (session.steps_completed, session.finished, session.rating_after) == (3, True, 3)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("rating_before", "11", "Please choose a number from 0 to 10."),
        ("practice", "no-such-practice", "This practice no longer exists."),
        ("ended_at", "2026-11-20T08:00:00Z", "The end time is before the start time."),
    ],
)
def test_bad_records_are_explained_and_nothing_saved(client, record, field, value, message):
    response = client.post(URL, {**record, field: value})
    assert response.status_code == 400
    assert message in str(response.json()["errors"])
    assert PracticeSession.objects.count() == 0


def test_an_accounts_session_sent_by_a_visitor_is_refused_so_never_attached_at_sign_in(
    client, record, user, other_user, password
):
    from aira.device import owner_tag

    response = client.post(URL, {**record, "owner": owner_tag(user)})
    assert response.status_code == 409 and response.json()["status"] == "other-account"
    client.post("/accounts/login/", {"login": other_user.email, "password": password})
    assert PracticeSession.objects.count() == 0


def test_an_accounts_session_sent_by_another_account_is_refused(client, record, user, other_user):
    from aira.device import owner_tag

    client.force_login(other_user)
    assert client.post(URL, {**record, "owner": owner_tag(user)}).status_code == 409
    assert PracticeSession.objects.count() == 0


def test_a_visitors_offline_session_is_attached_when_they_sign_in(client, record, user, password):
    assert client.post(URL, {**record, "owner": ""}).status_code == 201
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert PracticeSession.objects.get().user == user


def test_steps_completed_is_capped_at_the_practices_step_count(client, record):
    response = client.post(URL, {**record, "steps_completed": "500"})
    assert response.status_code == 201
    assert PracticeSession.objects.get(uuid=record["session_id"]).steps_completed == 3
    # A repeat with the same absurd number is still the same record, and changes nothing.
    again = client.post(URL, {**record, "steps_completed": "500"})
    assert again.status_code == 200
    assert PracticeSession.objects.get(uuid=record["session_id"]).steps_completed == 3

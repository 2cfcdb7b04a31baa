"""Check-ins made offline arrive later, exactly once."""

import uuid

import pytest

from tracking.models import CheckIn

pytestmark = pytest.mark.django_db
URL = "/progress/checkins/sync/"


def payload(**overrides):
    data = {
        "uuid": str(uuid.uuid4()),
        "anxiety": "6",
        "mood": "2",
        "tags": ["work", "sleep"],
        "note": "Written on the train.",
        "created_at": "2026-11-20T08:15:00Z",
    }
    data.update(overrides)
    return data


def test_offline_checkin_is_saved_with_its_own_time(owner_client, user):
    data = payload()
    response = owner_client.post(URL, data)
    assert response.status_code == 201
    assert response.json()["status"] == "saved"
    checkin = CheckIn.objects.get(uuid=data["uuid"])
    assert checkin.user == user
    assert (checkin.anxiety, checkin.mood, checkin.note) == (6, 2, "Written on the train.")
    assert checkin.created_at.isoformat() == "2026-11-20T08:15:00+00:00"


def test_sending_the_same_checkin_twice_keeps_one(owner_client):
    data = payload()
    assert owner_client.post(URL, data).status_code == 201
    assert owner_client.post(URL, data).status_code == 200
    assert CheckIn.objects.filter(uuid=data["uuid"]).count() == 1


def test_signed_out_gets_a_json_answer_not_a_login_page(client):
    response = client.post(URL, payload())
    assert response.status_code == 401
    assert "Log in" in response.json()["errors"]["__all__"][0]
    assert CheckIn.objects.count() == 0


def test_out_of_range_values_are_explained_and_nothing_saved(owner_client):
    response = owner_client.post(URL, payload(anxiety="11", created_at="2999-01-01T00:00:00Z"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "anxiety" in errors and errors["created_at"] == ["The check-in's time is in the future."]
    assert CheckIn.objects.count() == 0


def test_someone_elses_uuid_is_refused(client, owner_client, other_user):
    data = payload()
    owner_client.post(URL, data)
    client.force_login(other_user)
    response = client.post(URL, {**data, "note": "overwrite?"})
    assert response.status_code == 404
    assert CheckIn.objects.get(uuid=data["uuid"]).note == "Written on the train."


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(URL).status_code == 405


def test_a_checkin_tagged_as_another_accounts_is_refused_and_not_stored(client, user, other_user):
    from aira.device import owner_tag

    client.force_login(other_user)
    response = client.post(URL, payload(owner=owner_tag(user)))
    assert response.status_code == 409
    assert response.json() == {
        "status": "other-account",
        "errors": {
            "owner": [
                "This record belongs to another account. Sign in as its owner to send it, "
                "or discard it."
            ]
        },
    }
    assert CheckIn.objects.count() == 0


def test_a_checkin_tagged_as_its_own_accounts_is_saved(owner_client, user):
    from aira.device import owner_tag

    assert owner_client.post(URL, payload(owner=owner_tag(user))).status_code == 201
    assert CheckIn.objects.get().user == user


def test_a_checkin_tagged_as_a_visitors_is_never_filed_into_the_account_signed_in(owner_client):
    # Check-ins are only ever an account's: one a device tagged "" was made by no one
    # signed in, so it must not become whoever signs in next.
    assert owner_client.post(URL, payload(owner="")).status_code == 409
    assert CheckIn.objects.count() == 0

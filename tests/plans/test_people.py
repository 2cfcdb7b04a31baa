import uuid
from urllib.parse import unquote

import pytest
from django.urls import reverse

from plans.models import MAX_PEOPLE, Person

pytestmark = pytest.mark.django_db

PEOPLE = "/plan/people/"


def add(client, **fields):
    data = {"uuid": str(uuid.uuid4()), "name": "Sam", "phone": "+44 7700 900123", "message": ""}
    data.update(fields)
    return client.post(PEOPLE, data)


def test_owner_adds_a_person_with_the_kind_default_message(owner_client, user):
    form_page = owner_client.get(PEOPLE).content.decode()
    assert "I&#x27;m having a hard time. Could you call me or sit with me for a bit?" in form_page
    response = add(owner_client, message="")
    assert response.status_code == 302 and response.headers["Location"] == PEOPLE
    person = Person.objects.get(user=user)
    assert (person.name, person.phone) == ("Sam", "+44 7700 900123")
    assert (
        person.message_text == "I'm having a hard time. Could you call me or sit with me for a bit?"
    )


def test_links_carry_the_message_properly_encoded(owner_client, user):
    add(owner_client, email="sam@example.com", message="Hard day & I'd like company?")
    person = Person.objects.get(user=user)
    assert person.tel_href == "tel:+447700900123"
    # The one sms: form iOS and Android both read; spaces are %20, never "+".
    assert person.sms_href == "sms:+447700900123?&body=Hard%20day%20%26%20I%27d%20like%20company%3F"
    assert person.mailto_href == (
        "mailto:sam@example.com?body=Hard%20day%20%26%20I%27d%20like%20company%3F"
    )
    assert unquote(person.sms_href.split("body=")[1]) == "Hard day & I'd like company?"
    html = owner_client.get(PEOPLE).content.decode()
    assert 'href="sms:+447700900123?&amp;body=Hard%20day%20%26%20I%27d%20like%20company%3F"' in html
    assert 'href="tel:+447700900123"' in html
    assert 'href="mailto:sam@example.com?body=Hard' in html


def test_email_only_person_gets_an_email_link_and_no_text_or_call(owner_client, user):
    add(owner_client, phone="", email="ana@example.com")
    html = owner_client.get(PEOPLE).content.decode()
    assert 'data-person-link="mailto"' in html
    assert 'data-person-link="sms"' not in html and 'data-person-link="tel"' not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "call me maybe"}, "A phone number can hold only digits"),
        ({"phone": "12"}, "This number has 2 digits"),
        ({"phone": "+44 7700 900123 4444 5555"}, "This number has 20 digits"),
        ({"phone": "", "email": "sam@"}, "Enter a valid email address."),
        ({"phone": "", "email": ""}, "Add a phone number or an email address"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_loses_nothing(owner_client, user, fields, message):
    typed = {"message": "Please come round, I need company", "email": "", **fields}
    response = add(owner_client, **typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved yet." in html
    assert "Please come round, I need company" in html  # what was typed is still there
    for value in fields.values():
        if value:
            assert f'value="{value}"' in html
    assert not Person.objects.exists()


def test_a_double_tap_adds_the_person_once(owner_client, user):
    person_id = str(uuid.uuid4())
    add(owner_client, uuid=person_id)
    add(owner_client, uuid=person_id)
    assert Person.objects.filter(user=user).count() == 1


def test_someone_elses_person_uuid_is_never_overwritten(client, user, other_user):
    theirs = Person.objects.create(user=other_user, name="Kim", phone="0161 496 0000")
    client.force_login(user)
    response = add(client, uuid=str(theirs.uuid), name="Overwritten")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Kim" and theirs.user == other_user


def test_the_list_holds_a_few_people(owner_client, user):
    for n in range(MAX_PEOPLE):
        Person.objects.create(user=user, name=f"P{n}", phone="0161 496 0000")
    assert "as many as it can" in owner_client.get(PEOPLE).content.decode()
    response = add(owner_client, name="One more")
    assert response.status_code == 400
    assert "Remove someone to add someone new" in response.content.decode()
    assert Person.objects.filter(user=user).count() == MAX_PEOPLE


def test_other_user_gets_404_on_edit_and_delete(client, user, other_user):
    person = Person.objects.create(user=user, name="Sam", phone="0161 496 0000")
    client.force_login(other_user)
    for name in ("plans:person_edit", "plans:person_delete"):
        url = reverse(name, args=[person.uuid])
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"uuid": str(person.uuid), "name": "X", "phone": "0161 496 0001"}
            ).status_code
            == 404
        )
    assert Person.objects.get(pk=person.pk).name == "Sam"
    assert "Sam" not in client.get(PEOPLE).content.decode()


def test_visitor_is_sent_to_log_in_for_edit_and_delete(client, user):
    person = Person.objects.create(user=user, name="Sam", phone="0161 496 0000")
    url = reverse("plans:person_edit", args=[person.uuid])
    assert client.get(url).headers["Location"].startswith("/accounts/login/")


def test_owner_edits_a_person_and_bad_input_keeps_what_was_typed(owner_client, user):
    person = Person.objects.create(user=user, name="Sam", phone="0161 496 0000")
    url = reverse("plans:person_edit", args=[person.uuid])
    bad = owner_client.post(url, {"uuid": str(person.uuid), "name": "Samira", "phone": "abc"})
    assert bad.status_code == 400
    assert 'value="Samira"' in bad.content.decode()
    assert Person.objects.get(pk=person.pk).name == "Sam"
    ok = owner_client.post(
        url, {"uuid": str(person.uuid), "name": "Samira", "phone": "0161 496 0001"}
    )
    assert ok.headers["Location"] == PEOPLE
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Samira", "0161 496 0001")


def test_owner_removes_a_person(owner_client, user):
    person = Person.objects.create(user=user, name="Sam", phone="0161 496 0000")
    url = reverse("plans:person_delete", args=[person.uuid])
    assert "Remove Sam from my people?" in owner_client.get(url).content.decode()
    owner_client.post(url)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_visitors_post_is_checked_shown_back_and_stored_nowhere(client):
    # Valid: 200, for plan.js to keep it on the device; without JavaScript, the page says so.
    response = add(client, name="Sam")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing you typed was sent to be stored" in html
    assert 'value="Sam"' in html
    # Not valid: 400 with the message, so plan.js shows it and keeps nothing.
    response = add(client, name="Sam", phone="12")
    assert response.status_code == 400
    assert "This number has 2 digits" in response.content.decode()
    assert not Person.objects.exists()


def test_the_people_page_says_aira_sends_nothing(owner_client):
    html = owner_client.get(PEOPLE).content.decode()
    assert "Aira never sends a message or contacts anyone" in html

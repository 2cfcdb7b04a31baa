"""Asking my people to breathe with me: on a link I started, each of my people is one tap
away with my own message and the link written in. Aira sends nothing itself."""

from urllib.parse import quote

import pytest

from plans.models import Person

pytestmark = pytest.mark.django_db


def started_page(client, start):
    response, _key = start()
    return response["Location"], client.get(response["Location"]).content.decode()


def test_the_starter_can_text_or_email_my_people_the_link_with_my_message(client, start, make_user):
    me = make_user()
    Person.objects.create(user=me, name="Sam", phone="+44 7700 900123", message="Breathe with me?")
    Person.objects.create(user=me, name="Ann", email="ann@example.com")
    client.force_login(me)
    path, html = started_page(client, start)
    link = f"http://testserver{path}"
    text = quote(f"Breathe with me? {link}", safe="")
    assert f'href="sms:+447700900123?&amp;body={text}"' in html
    default = quote(
        f"I'm having a hard time. Could you call me or sit with me for a bit? {link}", safe=""
    )
    assert f'href="mailto:ann@example.com?body={default}"' in html
    assert "Ask one of my people" in html


def test_a_joiner_sees_no_one_elses_people(client, start, make_user):
    me = make_user()
    Person.objects.create(user=me, name="Sam", phone="+44 7700 900123")
    client.force_login(me)
    response, _key = start()
    other = make_user(email="other@example.com")
    Person.objects.create(user=other, name="Kim", phone="+44 7700 900456")
    client.cookies.clear()
    client.force_login(other)  # joining my link, not its starter
    html = client.get(response["Location"]).content.decode()
    assert "Ask one of my people" not in html
    assert "Sam" not in html and "Kim" not in html


def test_a_visitor_starter_sees_no_list(client, start):
    _path, html = started_page(client, start)
    assert "Ask one of my people" not in html


def test_my_plan_offers_to_ask_someone_to_breathe_with_me(client, make_user):
    from plans.models import Plan

    me = make_user()
    Plan.objects.create(user=me, warning_signs="Pacing the hall")
    client.force_login(me)
    html = client.get("/plan/").content.decode()
    assert 'href="/together/">Ask someone to breathe with you</a>' in html

"""Signed-in devices (allauth's usersessions, templates/usersessions/): names a person
recognises, in a list that wraps on a phone rather than a wide table."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from tests.aira.test_user_agents import ANDROID_CHROME, IPHONE_SAFARI

pytestmark = pytest.mark.django_db


def signed_in_from(user, password, user_agent):
    client = Client(headers={"user-agent": user_agent})
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


def test_each_device_is_named_and_this_one_is_marked(user, password):
    signed_in_from(user, password, ANDROID_CHROME)
    phone = signed_in_from(user, password, IPHONE_SAFARI)

    html = phone.get("/accounts/sessions/").content.decode()

    assert '<ul class="device-list">' in html
    assert "<table" not in html
    assert "<strong>Chrome on Android</strong>" in html
    assert "<strong>Safari on iPhone</strong> <span" in html
    assert html.count("This device") == 1
    assert html.index("This device") > html.index("Safari on iPhone")
    assert "Signed in " in html
    assert "AppleWebKit" not in html  # the raw user agent is not shown
    assert "Log out of the other devices" in html


def test_logging_out_the_other_devices_keeps_this_one(user, password):
    laptop = signed_in_from(user, password, ANDROID_CHROME)
    phone = signed_in_from(user, password, IPHONE_SAFARI)

    phone.post("/accounts/sessions/")

    assert [s.user_agent for s in UserSession.objects.filter(user=user)] == [IPHONE_SAFARI]
    assert phone.get("/accounts/email/").status_code == 200
    assert laptop.get("/accounts/email/").status_code == 302  # asked to log in again


def test_with_one_device_the_button_logs_out(user, password):
    phone = signed_in_from(user, password, IPHONE_SAFARI)
    html = phone.get("/accounts/sessions/").content.decode()
    assert 'action="/accounts/logout/"' in html
    assert ">Log out</button>" in html

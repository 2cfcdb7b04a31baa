"""CSRF, enforced, for every URL of the project (htmx requests included).

Django's test client skips CSRF checks unless asked; these tests ask. They walk the same
URL patterns as tests/test_access_walk.py: a POST without the token is refused with 403
everywhere, with or without the `HX-Request` header, and the same POST with the token
(read from the cookie and sent as `X-CSRFToken`, as htmx does) gets through to the view.
"""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client

from tests.test_access_walk import People, all_cases, ask, walk_routes, world_fixture  # noqa: F401 - the `world` fixture
from tracking.models import CheckIn

CSRF_FAILURE = "CSRF verification failed"
# RFC 8058: a mail app's one-click unsubscribe POSTs to the List-Unsubscribe address with
# no cookie and no token. The address carries a signed, single-use token of its own
# (tests/reminders/test_views.py), which is what a CSRF token would otherwise prove.
ONE_CLICK = {"reminders:stop"}
HTMX = {"HX-Request": "true"}

# Endpoints that change something. The walk must find each of them accepting a POST with
# the token, so this test cannot pass by finding nothing to check.
STATE_CHANGING = {
    "set_theme",
    "practices:begin",
    "practices:before",
    "practices:step",
    "practices:after",
    "practices:sync",
    "practices:breathing_pace",
    "library:bookmark",
    "tracking:preferences",
    "reminders:settings",
    "reminders:pause",
    "reminders:stop",
    "tracking:checkin_create",
    "tracking:checkin_sync",
    "tracking:checkin_edit",
    "tracking:checkin_delete",
    "tracking:session_delete",
    "accounts:delete_account",
    "account_login",
    "account_logout",
    "account_signup",
    "account_email",
    "account_change_password",
    "account_reset_password",
    "account_reauthenticate",
    "usersessions_list",
    "admin:logout",
}


def csrf_token(client):
    """What htmx sends: the token the page carries, here read from the CSRF cookie."""
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get("/")
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def is_csrf_failure(response):
    return response.status_code == 403 and CSRF_FAILURE in response.content.decode()


@pytest.mark.parametrize("role", ["visitor", "owner"])
def test_every_post_without_the_token_is_refused(world, role):
    people = People(world, enforce_csrf_checks=True)
    client = people.client(role)
    csrf_token(client)  # the cookie is there; only the token in the request is missing
    accepted = []
    for key, path in all_cases(world):
        if key in ONE_CLICK:
            continue
        for headers in ({}, HTMX):
            response = ask(people.client(role), "POST", path, headers=headers)
            if not is_csrf_failure(response):
                accepted.append(f"{key} {path} {headers or ''}: {response.status_code}")
    assert not accepted, "POSTs accepted without a CSRF token:\n" + "\n".join(accepted)


def test_only_the_one_click_unsubscribe_is_exempt():
    from django.urls import get_resolver

    exempt = set()
    for key, pattern in [(r.key, r.pattern) for r in walk_routes(get_resolver().url_patterns)]:
        if getattr(pattern.callback, "csrf_exempt", False):
            exempt.add(key)
    assert exempt == ONE_CLICK


@pytest.mark.parametrize("role", ["visitor", "owner"])
def test_every_post_with_the_token_reaches_the_view(world, role):
    people = People(world, enforce_csrf_checks=True)
    refused, takes_post = [], set()
    for key, path in all_cases(world):
        for headers in ({}, HTMX):
            client = people.client(role)
            response = ask(
                client, "POST", path, headers={**headers, "X-CSRFToken": csrf_token(client)}
            )
            if is_csrf_failure(response):
                refused.append(f"{key} {path} {headers or ''}")
            elif response.status_code != 405:
                takes_post.add(key.split("[")[0])
    assert not refused, "POSTs refused despite a valid token:\n" + "\n".join(refused)
    if role == "owner":
        missing = STATE_CHANGING - takes_post
        assert not missing, f"These endpoints no longer accept POST: {sorted(missing)}"


def test_a_wrong_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf_token(client)
    response = client.post(
        "/progress/checkins/",
        {"uuid": uuid.uuid4(), "anxiety": 3, "mood": 3},
        headers={**HTMX, "X-CSRFToken": "x" * 32},
    )
    assert is_csrf_failure(response)
    assert not CheckIn.objects.exists()


def test_htmx_post_with_the_token_from_the_page_saves(user):
    """The token htmx sends comes from `hx-headers` on <body>: use exactly that."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/progress/").content.decode()
    hx_headers = re.search(r"<body[^>]*hx-headers='([^']+)'", page)
    assert hx_headers, "the page carries no hx-headers with the CSRF token"
    headers = json.loads(hx_headers.group(1))
    record = uuid.uuid4()
    response = client.post(
        "/progress/checkins/",
        {"uuid": record, "anxiety": 3, "mood": 3},
        headers={**HTMX, **headers},
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert CheckIn.objects.filter(uuid=record, user=user).exists()

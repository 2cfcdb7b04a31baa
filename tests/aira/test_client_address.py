"""Per-address limits behind a proxy: AIRA_TRUSTED_PROXY_COUNT says whose address counts."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from tests.aira.test_accounts import signed_in_as
from tests.aira.test_settings import run_manage

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # what REMOTE_ADDR is for everyone behind the proxy


def behind_the_proxy(client_address):
    """A browser at `client_address`, reaching Aira through the proxy, which overwrites
    X-Forwarded-For with the address it saw."""
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": client_address})


def fail_logins(client, times=10):
    for n in range(times):
        client.post("/accounts/login/", {"login": f"guess{n}@example.com", "password": "nope"})


def test_behind_a_trusted_proxy_failed_logins_count_per_client(settings, user, password):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = behind_the_proxy("203.0.113.5")
    fail_logins(guesser)
    refused = guesser.post("/accounts/login/", {"login": user.email, "password": password})
    assert "Too many failed login attempts" in refused.content.decode()
    assert signed_in_as(guesser) is None

    # Someone else behind the same proxy is not locked out by the guesser's failures.
    owner = behind_the_proxy("198.51.100.7")
    response = owner.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert signed_in_as(owner) == user.email


def test_without_a_trusted_proxy_a_forged_header_changes_nothing(settings, user, password):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the default
    client = Client(REMOTE_ADDR="192.0.2.9")
    for n in range(10):
        # A new forged address with every guess: still one address, REMOTE_ADDR.
        client.post(
            "/accounts/login/",
            {"login": f"guess{n}@example.com", "password": "nope"},
            headers={"x-forwarded-for": f"198.51.100.{n}"},
        )
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": password},
        headers={"x-forwarded-for": "198.51.100.200"},
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_as(client) is None


def test_signed_in_devices_show_the_clients_address_behind_a_trusted_proxy(
    settings, user, password
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    phone = behind_the_proxy("203.0.113.5")
    phone.post("/accounts/login/", {"login": user.email, "password": password})
    assert UserSession.objects.get(user=user).ip == "203.0.113.5"
    page = phone.get("/accounts/sessions/").content.decode()
    assert "203.0.113.5" in page
    assert PROXY not in page


def test_signed_in_devices_ignore_a_forged_header_without_a_trusted_proxy(user, password):
    client = Client(REMOTE_ADDR="192.0.2.9", headers={"x-forwarded-for": "203.0.113.5"})
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert UserSession.objects.get(user=user).ip == "192.0.2.9"


def test_the_proxy_count_comes_from_the_environment(tmp_path):
    env = {"DJANGO_DEBUG": "1", "AIRA_DATA_DIR": str(tmp_path), "AIRA_TRUSTED_PROXY_COUNT": "1"}
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = run_manage("shell", "-c", code, env_overrides=env)
    assert result.stdout.strip().splitlines()[-1] == "1", result.stderr
    result = run_manage("check", env_overrides={**env, "AIRA_TRUSTED_PROXY_COUNT": "-1"})
    assert "AIRA_TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from aira.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, email, password="a calm and steady passphrase"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_sends_a_verification_link_and_confirming_logs_in(client):
    response = sign_up(client, "new.person@example.com")
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.com").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    # With mandatory verification the link shows a confirmation form; POST confirms.
    assert client.get(link.group(1)).status_code == 200
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.com").verified
    assert client.get("/").wsgi_request.user.is_authenticated


def test_short_or_common_passwords_are_refused_with_a_message(client):
    response = sign_up(client, "short@example.com", password="tiny")
    assert response.status_code == 200
    assert "at least 10 characters" in response.content.decode()
    response = sign_up(client, "common@example.com", password="password123")
    assert "too common" in response.content.decode()
    assert not User.objects.filter(email__in=["short@example.com", "common@example.com"]).exists()


def test_long_passphrase_without_digits_or_symbols_is_accepted(client):
    response = sign_up(
        client, "phrase@example.com", password="quiet river under a slow grey sky " * 3
    )
    assert response.status_code == 302


def test_duplicate_sign_up_looks_like_a_new_one(client, user):
    """No account enumeration: the visitor sees the same page either way."""
    fresh = sign_up(client, "fresh@example.com")
    client.logout()
    duplicate = sign_up(client, user.email)
    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate.headers["Location"] == fresh.headers["Location"]
    assert User.objects.filter(email=user.email).count() == 1


def test_wrong_password_shows_a_clear_error(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": "not it at all"})
    assert response.status_code == 200
    assert (
        "The email address and/or password you specified are not correct."
        in response.content.decode()
    )


def test_login_with_email_and_password(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_password_reset_for_unknown_email_looks_the_same(client, user):
    known = client.post("/accounts/password/reset/", {"email": user.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]


def test_repeated_failed_logins_are_rate_limited(client, user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong guess here"})
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "wrong guess here"}
    )
    assert (
        response.status_code == 429 or "Too many failed login attempts" in response.content.decode()
    )


def test_account_pages_use_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert "Need help now?" in html


def test_account_pages_show_the_account_menu_with_your_data(owner_client):
    html = owner_client.get("/accounts/email/").content.decode()
    assert '<nav class="account-nav" aria-label="Account">' in html
    assert 'href="/progress/data/">Your data</a>' in html
    assert 'href="/accounts/password/change/"' in html

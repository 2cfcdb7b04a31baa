import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from aira.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.cache_backend
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


# --- Passwords (OWASP ASVS 5.0 level 2: length, a common-password list, no composition) ---


def test_password_rules_are_length_and_a_common_list_without_composition_rules(settings):
    validators = {v["NAME"].rsplit(".", 1)[1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10
    assert "CommonPasswordValidator" in validators
    # Only Django's own validators: none of them demands digits, capitals or symbols.
    assert set(validators) <= {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


def test_a_very_long_unicode_passphrase_signs_up_and_logs_in(client):
    passphrase = "the sea is slow and grey, and I am here 🌊 — ça va, still breathing " * 4
    assert len(passphrase) > 250
    assert sign_up(client, "long.phrase@example.com", password=passphrase).status_code == 302
    EmailAddress.objects.filter(email="long.phrase@example.com").update(verified=True)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "long.phrase@example.com", "password": passphrase}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == "long.phrase@example.com"


# --- Two-factor sign-in (allauth MFA: authenticator app and recovery codes) -------------


def log_in(client, email, password="a calm and steady passphrase"):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    return response


def reauthenticate(client, password="a calm and steady passphrase"):
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()


def current_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def turn_on_totp(user):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def signed_in_as(client):
    user = client.get("/progress/").wsgi_request.user
    return user.email if user.is_authenticated else None


def test_two_factor_page_is_in_the_account_layout(owner_client):
    response = owner_client.get("/accounts/2fa/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert '<nav class="account-nav" aria-label="Account">' in html
    assert 'aria-current="page">Two-factor sign-in</a>' in html
    assert "Authenticator app" in html
    assert "no-store" in response.headers["Cache-Control"]


def test_turning_on_two_factor_just_after_logging_in_does_not_ask_for_the_password(client, user):
    log_in(client, user.email)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "Turn on the authenticator app" in response.content.decode()


def test_turning_on_two_factor_after_a_two_factor_login_does_not_ask_again(client, user, password):
    secret, _codes = turn_on_totp(user)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert signed_in_as(client) == user.email
    assert client.get("/accounts/2fa/recovery-codes/generate/").status_code == 200


def test_turning_on_an_authenticator_app_asks_for_the_password_then_a_valid_code(client, user):
    from allauth.mfa.models import Authenticator

    log_in(client, user.email)
    # Over 5 minutes after logging in, the password is asked for again.
    later = time.time() + 5 * 60 + 1
    with mock.patch("time.time", return_value=later):
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/reauthenticate/")
    reauthenticate(client)

    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert '<nav class="account-nav" aria-label="Account">' in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # to type into the app if the QR code won't scan

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    right = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert right.status_code == 302
    assert right.headers["Location"] == "/accounts/2fa/recovery-codes/"
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get("/accounts/2fa/recovery-codes/")
    assert codes_page.status_code == 200
    assert "no-store" in codes_page.headers["Cache-Control"]


def test_sign_in_with_two_factor_on_needs_a_code_from_the_app(client, user, password):
    secret, _codes = turn_on_totp(user)
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    # The password alone signs nobody in.
    assert signed_in_as(client) is None

    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200
    assert 'class="site-header"' in page.content.decode()
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert signed_in_as(client) is None

    right = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert right.status_code == 302
    assert signed_in_as(client) == user.email


def test_a_recovery_code_signs_in_only_once(client, user, password):
    _secret, codes = turn_on_totp(user)
    log_in(client, user.email, password)
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert signed_in_as(client) == user.email

    again = Client()
    log_in(again, user.email, password)
    reused = again.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert reused.status_code == 200
    assert signed_in_as(again) is None


@pytest.mark.cache_backend
def test_guessing_two_factor_codes_is_rate_limited(client, user, password):
    turn_on_totp(user)
    log_in(client, user.email, password)
    answers = [
        client.post("/accounts/2fa/authenticate/", {"code": f"{n:06}"}) for n in range(1, 13)
    ]
    last = answers[-1]
    assert last.status_code == 429 or "Too many failed" in last.content.decode()
    assert signed_in_as(client) is None


# --- Signed-in sessions -----------------------------------------------------------------


def test_signed_in_devices_are_listed_and_the_others_can_be_signed_out(client, user):
    phone = Client(headers={"user-agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"})
    log_in(client, user.email)
    log_in(phone, user.email)
    page = client.get("/accounts/sessions/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<nav class="account-nav" aria-label="Account">' in html
    assert "Chrome on Android" in html
    assert "Log out of the other devices" in html
    assert "no-store" in page.headers["Cache-Control"]

    response = client.post("/accounts/sessions/")
    assert response.status_code == 302
    assert signed_in_as(phone) is None
    assert signed_in_as(client) == user.email


def test_after_a_password_change_other_devices_are_signed_out_and_the_list_is_shown(
    client, user, password
):
    phone = Client()
    log_in(client, user.email)
    log_in(phone, user.email)
    new = "a different and longer passphrase"
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/sessions/"
    page = client.get("/accounts/sessions/").content.decode()
    assert "Every other device that was logged in with the old password has been logged out" in (
        page
    )
    assert "Log out of the other devices" not in page  # only this device is left
    assert signed_in_as(client) == user.email
    assert signed_in_as(phone) is None


def test_changing_the_password_needs_the_current_one(owner_client, user):
    new = "a different and longer passphrase"
    response = owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": "a guess at the old one", "password1": new, "password2": new},
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(new)


def test_changing_email_asks_for_the_password_again_once_the_last_check_is_old(client, user):
    from allauth.account import app_settings
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    log_in(client, user.email)
    reauthenticate(client)
    added = client.post("/accounts/email/", {"email": "first@example.com", "action_add": ""})
    assert added.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="first@example.com").exists()

    # Let the last password check grow older than the reauthentication timeout.
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] -= app_settings.REAUTHENTICATION_TIMEOUT + 1
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()

    asked = client.post("/accounts/email/", {"email": "second@example.com", "action_add": ""})
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F"
    assert not EmailAddress.objects.filter(email="second@example.com").exists()
    wrong = client.post(
        "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F", {"password": "not it"}
    )
    assert wrong.status_code == 200
    assert not EmailAddress.objects.filter(email="second@example.com").exists()
    # The right password carries out the change that was asked for.
    client.post(
        "/accounts/reauthenticate/?next=%2Faccounts%2Femail%2F",
        {"password": "a calm and steady passphrase"},
    )
    assert EmailAddress.objects.filter(user=user, email="second@example.com").exists()


def test_reauthentication_is_by_password_not_by_a_code_sent_by_email(owner_client):
    assert owner_client.get("/accounts/reauthenticate/code/").status_code == 403


# --- Cookies and caching in production ------------------------------------------------


def test_production_cookies_are_secure_httponly_samesite_and_host_prefixed(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ["
        "'SESSION_COOKIE_NAME', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_SAMESITE', 'SESSION_COOKIE_DOMAIN', 'SESSION_COOKIE_PATH', "
        "'CSRF_COOKIE_NAME', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_SAMESITE', "
        "'CSRF_COOKIE_DOMAIN', 'CSRF_COOKIE_PATH']}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="aira.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="aira.example",
        AIRA_DATA_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    cookies = json.loads(result.stdout)
    for kind in ("SESSION", "CSRF"):
        # __Host-: Secure, no Domain, Path=/ (the browser refuses the cookie otherwise).
        assert cookies[f"{kind}_COOKIE_NAME"].startswith("__Host-")
        assert cookies[f"{kind}_COOKIE_SECURE"] is True
        assert cookies[f"{kind}_COOKIE_DOMAIN"] is None
        assert cookies[f"{kind}_COOKIE_PATH"] == "/"
        assert cookies[f"{kind}_COOKIE_SAMESITE"] in ("Lax", "Strict")
    # The CSRF cookie stays readable by our own script (the offline outbox sends it);
    # the session cookie never is.
    assert cookies["SESSION_COOKIE_HTTPONLY"] is True


def test_the_session_cookie_is_sent_with_every_protection(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_account_pages_are_not_cached_even_for_visitors(client, path):
    assert "no-store" in client.get(path).headers["Cache-Control"]


# --- Brute force and enumeration ------------------------------------------------------


def same_page(a, b, *replace):
    """The two pages' text, with CSRF tokens and the given strings blanked out."""

    def normalise(response):
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
        for text in replace:
            html = html.replace(text, "EMAIL")
        return html

    return normalise(a) == normalise(b)


def test_login_answers_the_same_for_a_known_and_an_unknown_email(user):
    known = Client().post("/accounts/login/", {"login": user.email, "password": "wrong guess one"})
    unknown = Client().post(
        "/accounts/login/", {"login": "nobody@example.com", "password": "wrong guess one"}
    )
    assert known.status_code == unknown.status_code == 200
    assert same_page(known, unknown, user.email, "nobody@example.com")


def test_sign_up_with_a_taken_email_looks_the_same_and_emails_either_way(user):
    fresh_client, taken_client = Client(), Client()
    fresh = sign_up(fresh_client, "fresh@example.com")
    taken = sign_up(taken_client, user.email)
    assert fresh.status_code == taken.status_code == 302
    assert fresh.headers["Location"] == taken.headers["Location"]
    fresh_page = fresh_client.get(fresh.headers["Location"])
    taken_page = taken_client.get(taken.headers["Location"])
    assert same_page(fresh_page, taken_page, "fresh@example.com", user.email)
    # Each address gets one email: a confirmation link, or a note that it has an account.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["fresh@example.com", user.email])


def test_password_reset_looks_the_same_and_emails_either_way(user):
    known_client, unknown_client = Client(), Client()
    known = known_client.post("/accounts/password/reset/", {"email": user.email})
    unknown = unknown_client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert same_page(
        known_client.get(known.headers["Location"]),
        unknown_client.get(unknown.headers["Location"]),
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["nobody@example.com", user.email])


@pytest.mark.cache_backend
def test_failed_logins_from_one_address_are_rate_limited_across_emails(client, user, password):
    for n in range(10):
        client.post("/accounts/login/", {"login": f"guess{n}@example.com", "password": "nope"})
    # Even the right password is refused for now, with a message that says why.
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_as(client) is None


@pytest.mark.cache_backend
def test_a_burst_of_sign_ups_is_rate_limited(client):
    answers = [sign_up(client, f"burst{n}@example.com") for n in range(21)]
    assert [a.status_code for a in answers[:20]] == [302] * 20
    assert answers[20].status_code == 429
    # A calm page in the site's layout, with the ways to get help still there.
    html = answers[20].content.decode()
    assert "Too many tries for now" in html
    assert 'href="/crisis/"' in html
    assert not User.objects.filter(email="burst20@example.com").exists()


@pytest.mark.cache_backend
def test_a_burst_of_password_resets_for_one_email_is_rate_limited(client, user):
    answers = [
        client.post("/accounts/password/reset/", {"email": user.email}).status_code
        for _ in range(6)
    ]
    assert answers[:5] == [302] * 5
    assert answers[5] == 429
    assert len(mail.outbox) == 5

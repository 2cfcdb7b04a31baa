"""Every account page a person can reach, in Aira's words: walked in a phone-sized browser,
screenshotted into test-artifacts/account-pages/, and read for allauth's default wording."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.aira.test_accounts import current_code
from tests.conftest import PASSWORD

# allauth's words that Aira doesn't use: "Log in", "Log out" and "Create an account" are
# what the header and every page say.
NOT_AIRA_WORDS = re.compile(r"sign in|sign up|sign out|signup|remember me|contact us", re.I)
NEW_PASSWORD = "another calm and steady passphrase"


@pytest.fixture
def phone(site):
    site.set_viewport_size({"width": 390, "height": 844})
    return site


def check(page, artifacts_dir, name):
    """The page reads in Aira's words (its title too), and is kept as a screenshot."""
    folder = artifacts_dir / "account-pages"
    folder.mkdir(exist_ok=True)
    text = page.title() + "\n" + page.locator("body").inner_text()
    found = NOT_AIRA_WORDS.findall(text)
    assert not found, f"{name} ({page.url}) says {found}"
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    return text


def link_in_last_email(pattern):
    return re.search(r"http://[^/\s]+(" + pattern + r"\S*)", mail.outbox[-1].body).group(1)


def test_visitor_account_pages_read_in_airas_words(phone, artifacts_dir, user):
    page = phone
    page.go("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    check(page, artifacts_dir, "login")

    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the right one")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("password you specified are not correct")).to_be_visible()
    check(page, artifacts_dir, "login-wrong-password")

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    check(page, artifacts_dir, "signup")
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_role("button", name="Create an account").click()
    main = page.locator("main")
    expect(main).to_contain_text("This password is too short")
    # The rule is said once, by the error, not again by the help under the field.
    assert main.inner_text().count("10 characters") == 1
    check(page, artifacts_dir, "signup-short-password")

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    text = check(page, artifacts_dir, "verification-sent")
    assert "hello@aira.localhost" in text  # someone to write to if the email never comes

    page.go(link_in_last_email("/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    text = check(page, artifacts_dir, "email-confirm")
    assert "Is new.person@example.com your email address?" in text
    assert "for user" not in text
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

    page.go("/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log out")
    check(page, artifacts_dir, "logout")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    check(page, artifacts_dir, "logged-out")

    page.go("/accounts/confirm-email/not-a-real-key/")
    expect(page.locator("main")).to_contain_text("This confirmation link has expired")
    check(page, artifacts_dir, "email-confirm-expired")

    page.go("/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check(page, artifacts_dir, "password-reset")
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Send me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    text = check(page, artifacts_dir, "password-reset-done")
    assert "hello@aira.localhost" in text

    page.go(link_in_last_email("/accounts/password/reset/key/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check(page, artifacts_dir, "password-reset-from-key")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    check(page, artifacts_dir, "password-reset-from-key-done")

    page.go("/accounts/password/reset/key/1-not-a-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    check(page, artifacts_dir, "password-reset-bad-link")

    page.go("/accounts/inactive/")
    text = check(page, artifacts_dir, "account-inactive")
    assert "hello@aira.localhost" in text


def test_signed_in_account_pages_read_in_airas_words(phone, artifacts_dir, sign_in, user):
    page = phone
    sign_in(user)
    check(page, artifacts_dir, "logged-in")

    for path, heading, name in [
        ("/accounts/email/", "Email address", "email"),
        ("/accounts/password/change/", "Change your password", "password-change"),
        ("/accounts/2fa/", "Two-factor sign-in", "mfa-index"),
        ("/accounts/sessions/", "Signed-in devices", "usersessions"),
        ("/accounts/reauthenticate/", "Confirm it's you", "reauthenticate"),
    ]:
        page.go(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(page, artifacts_dir, name)

    page.go("/accounts/password/change/")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password (again)").fill("short")
    page.get_by_role("button", name="Save new password").click()
    main = page.locator("main")
    expect(main).to_contain_text("This password is too short")
    assert main.inner_text().count("10 characters") == 1
    check(page, artifacts_dir, "password-change-short")

    # Just logged in: turning on two-factor doesn't ask for the password again.
    page.go("/accounts/2fa/")
    page.get_by_role("link", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on the authenticator app")
    check(page, artifacts_dir, "mfa-activate-totp")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    check(page, artifacts_dir, "mfa-recovery-codes")

    for path, heading, name in [
        ("/accounts/2fa/", "Two-factor sign-in", "mfa-index-on"),
        ("/accounts/2fa/recovery-codes/generate/", "Make new recovery codes", "mfa-generate"),
        ("/accounts/2fa/totp/deactivate/", "Turn off the authenticator app", "mfa-deactivate"),
        ("/accounts/2fa/reauthenticate/", "Confirm it's you", "mfa-reauthenticate"),
    ]:
        page.go(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(page, artifacts_dir, name)

    # Logging in with two-factor on: the code page says a recovery code works too, and
    # its Cancel is quieter than the main button.
    page.go("/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.go("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("One more step")
    text = check(page, artifacts_dir, "mfa-authenticate")
    assert "recovery codes works here too" in text
    expect(page.get_by_role("button", name="Log in")).to_have_class(re.compile("button--primary"))
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel).to_have_class(re.compile("button--quiet"))
    expect(cancel).not_to_have_class(re.compile("button--primary"))
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

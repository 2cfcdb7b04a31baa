"""The admin signs staff in through allauth: its rate limits, two-factor sign-in required."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tests.aira.test_accounts import current_code, signed_in_as, turn_on_totp
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user):
    user = make_user("root@example.com", is_staff=True, is_superuser=True)
    secret, _codes = turn_on_totp(user)
    user.totp_secret = secret
    return user


@pytest.fixture
def editor(make_user):
    from django.contrib.auth.models import Group

    user = make_user("editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


def test_the_admin_login_page_sends_visitors_to_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/library/article/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=%2Fadmin%2Flibrary%2Farticle%2F"


def test_a_superuser_with_two_factor_cannot_sign_in_at_the_admin_with_the_password_alone(
    client, superuser, password
):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.email, "password": password}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
    assert signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302

    # Through the site's login, the password leads to the code, not into the admin.
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": superuser.email, "password": password}
    )
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None


def test_a_superuser_with_two_factor_reaches_the_admin_with_the_code(client, superuser, password):
    login_url = client.get("/admin/").headers["Location"]  # the admin's login...
    login_url = client.get(login_url).headers["Location"]  # ...which is the site's
    client.post(login_url, {"login": superuser.email, "password": password})
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(superuser.totp_secret)}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Aira content" in page.content.decode()


@pytest.mark.cache_backend
def test_thirty_wrong_passwords_for_the_admin_are_refused_by_the_rate_limit(
    client, superuser, password
):
    for n in range(30):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": superuser.email, "password": f"guess {n}"}
        )
        # The admin's own form never checks a password: it sends the person to the site's.
        assert response.status_code == 302
        client.post(response.headers["Location"], {"login": superuser.email, "password": f"g{n}"})
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": superuser.email, "password": password}
    )
    assert response.status_code == 429 or "Too many failed login attempts" in (
        response.content.decode()
    )
    assert "/accounts/2fa/authenticate/" not in response.headers.get("Location", "")
    assert signed_in_as(client) is None


def test_signed_in_staff_cannot_switch_accounts_through_the_admins_own_form(
    client, editor, superuser, password
):
    from tests.conftest import turn_on_two_factor

    turn_on_two_factor(editor)
    client.force_login(editor)
    response = client.post(
        "/admin/login/", {"username": superuser.email, "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert signed_in_as(client) == editor.email


def test_signed_in_people_without_is_staff_get_403_from_the_admin_login(client, make_user):
    client.force_login(make_user("someone@example.com"))
    assert client.get("/admin/login/").status_code == 403


@pytest.mark.parametrize("path", ["/admin/", "/admin/library/article/", "/admin/aira/user/"])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, editor, password, path):
    client.post("/accounts/login/", {"login": editor.email, "password": password})
    assert signed_in_as(client) == editor.email
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
    # Just logged in with the password, so it is not asked for again; the reason is on
    # the page.
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Turn on the authenticator app" in page.content.decode()
    assert "The admin opens once two-factor sign-in is on for your account" in (
        page.content.decode()
    )


def test_superusers_without_two_factor_are_sent_to_set_it_up_too(client, make_user):
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    response = client.get("/admin/aira/user/")
    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"


def test_an_editor_who_turns_on_two_factor_reaches_the_content_admin(client, editor, password):
    client.post("/accounts/login/", {"login": editor.email, "password": password})
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": password})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "Turn on the authenticator app" in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert client.get("/admin/library/article/").status_code == 200
    # Two-factor on does not widen what an editor may do.
    assert client.get("/admin/aira/user/").status_code == 403


# --- "View on site" -----------------------------------------------------------------------


def test_view_on_site_refuses_personal_records_even_for_a_superuser(make_user):
    owner = make_user("owner@example.com")
    checkin = CheckIn.objects.create(user=owner, anxiety=6, mood=2, note="A hard morning.")
    staff = Client()
    staff.force_login(
        make_user("root@example.com", two_factor=True, is_staff=True, is_superuser=True)
    )
    content_type = ContentType.objects.get_for_model(CheckIn)
    existing = staff.get(f"/admin/r/{content_type.pk}/{checkin.pk}/")
    missing = staff.get(f"/admin/r/{content_type.pk}/{checkin.pk + 1000}/")
    # The same 404 whether or not the record exists, and never its address.
    assert existing.status_code == missing.status_code == 404
    assert str(checkin.uuid) not in existing.content.decode()


def test_view_on_site_still_opens_content_the_admin_manages(make_user):
    from library.models import Article, Topic

    topic = Topic.objects.create(name="Panic", slug="panic", description="Why panic passes.")
    article = Article.objects.create(
        title="When panic peaks", slug="when-panic-peaks", summary="It passes.", topic=topic
    )
    staff = Client()
    staff.force_login(
        make_user("root@example.com", two_factor=True, is_staff=True, is_superuser=True)
    )
    content_type = ContentType.objects.get_for_model(Article)
    response = staff.get(f"/admin/r/{content_type.pk}/{article.pk}/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/library/when-panic-peaks/")
    assert staff.get(f"/admin/r/{content_type.pk + 9999}/1/").status_code == 404


@pytest.mark.parametrize("path", ["/admin/password_change/", "/admin/password_change/done/"])
def test_staff_change_their_password_on_the_sites_page_not_the_admins(client, superuser, path):
    # The site's page asks for the old password under its rate limits and emails a notice;
    # Django's admin form would do neither.
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/password/change/"


def test_staff_without_two_factor_can_still_sign_out_of_the_admin(client, editor):
    client.force_login(editor)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert signed_in_as(client) is None

"""Every tracking URL: the owner gets in, another user gets a 404 on the owner's objects,
a visitor is sent to log in, and personal pages are never cached."""

import pytest
from django.urls import URLPattern, reverse

from tracking import urls as tracking_urls

pytestmark = pytest.mark.django_db

# URL names that take no object: every signed-in user has their own.
OWN_PAGES = [
    ("tracking:progress", "get"),
    ("tracking:preferences", "get"),
    ("tracking:summary", "get"),
    ("tracking:history", "get"),
    ("tracking:checkin_create", "post"),
    ("tracking:panic_log", "get"),
    ("tracking:panic_log", "post"),
]
# URL names that show one object, with the fixture that owns it.
OBJECT_PAGES = [
    ("tracking:checkin_detail", "checkin", "get"),
    ("tracking:checkin_edit", "checkin", "get"),
    ("tracking:checkin_edit", "checkin", "post"),
    ("tracking:checkin_delete", "checkin", "get"),
    ("tracking:checkin_delete", "checkin", "post"),
    ("tracking:session_detail", "session", "get"),
    ("tracking:session_delete", "session", "get"),
    ("tracking:session_delete", "session", "post"),
    ("tracking:panic_detail", "attack", "get"),
    ("tracking:panic_edit", "attack", "get"),
    ("tracking:panic_edit", "attack", "post"),
    ("tracking:panic_delete", "attack", "get"),
    ("tracking:panic_delete", "attack", "post"),
]

# Answered in JSON for the offline outbox (a visitor gets 401, not a login redirect);
# covered in test_checkin_sync.py and test_panic_log.py.
JSON_ENDPOINTS = ["tracking:checkin_sync", "tracking:panic_sync"]
# Nothing personal, for the service worker to keep: covered in test_panic_log.py.
PUBLIC_PAGES = ["tracking:panic_offline"]


@pytest.fixture
def attack(user, make_attack):
    return make_attack(user, peak=7, note="On the bus")


def test_every_tracking_url_is_covered_here():
    names = {f"tracking:{p.name}" for p in tracking_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = (
        {name for name, _ in OWN_PAGES}
        | {name for name, _, _ in OBJECT_PAGES}
        | set(JSON_ENDPOINTS)
        | set(PUBLIC_PAGES)
    )
    assert names == covered


# Progress tells a visitor what it is instead (test_progress_page.py).
VISITOR_INTRO = {"tracking:progress"}


@pytest.mark.parametrize(("name", "method"), [p for p in OWN_PAGES if p[0] not in VISITOR_INTRO])
def test_visitor_is_sent_to_log_in(client, name, method):
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(("name", "fixture", "method"), OBJECT_PAGES)
def test_visitor_is_sent_to_log_in_from_an_object(client, request, name, fixture, method):
    obj = request.getfixturevalue(fixture)
    url = reverse(name, args=[obj.uuid])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "method"), sorted({p for p in OWN_PAGES if p[1] == "get"}))
def test_owner_gets_the_page_and_it_is_not_cached(owner_client, name, method):
    response = owner_client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize(("name", "fixture", "method"), OBJECT_PAGES)
def test_other_user_gets_404(client, request, other_user, name, fixture, method):
    obj = request.getfixturevalue(fixture)
    client.force_login(other_user)
    response = getattr(client, method)(reverse(name, args=[obj.uuid]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", sorted({name for name, _, method in OBJECT_PAGES if method == "get"})
)
def test_owner_sees_their_object(owner_client, request, name):
    fixture = "session" if "session" in name else "attack" if "panic" in name else "checkin"
    obj = request.getfixturevalue(fixture)
    response = owner_client.get(reverse(name, args=[obj.uuid]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_unknown_uuid_is_a_404(owner_client):
    url = reverse("tracking:checkin_detail", args=["00000000-0000-4000-8000-000000000000"])
    assert owner_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/progress/",
        "/progress/history/",
        "/progress/summary/",
        "/progress/preferences/",
        "/progress/panic/",
    ],
)
def test_page_has_exactly_one_h1_and_a_title(owner_client, path):
    import re

    html = owner_client.get(path).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>[^<]+· Aira</title>", html)
    assert "style=" not in html
    assert "<script>" not in html


def test_admin_registers_nothing_personal():
    from django.contrib import admin

    from practices.models import PracticeSession
    from tracking.models import CheckIn, PanicAttack, TrackingPreferences

    for model in (CheckIn, PanicAttack, TrackingPreferences, PracticeSession):
        assert not admin.site.is_registered(model)

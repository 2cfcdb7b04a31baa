"""Nothing personal is ever written to a cache.

A person signs in and goes through every page that shows their data (progress, history,
check-ins, the clinician summary, saved articles, a practice from start to finish, their
account, the export), then every cache the settings configure is read back, entry by
entry: none may hold their email, a note, a check-in, a session or what they searched
for. Run against the test settings' cache and against production's shared cache: the
database cache table, or Redis when REDIS_URL is set (.ci/run).
"""

import base64
import pickle
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from library.models import Article
from practices.models import Practice, PracticeSession
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db

EMAIL = "tram-rider-5417@example.com"
NOTE = "NOTE5417 the tram ride home was hard"
EDITED_NOTE = "NOTE5417 edited, a little easier now"
QUERY = "QUERY5417"
PLAN_TEXT = "PLAN5417 the tram stop at night"
PERSON = "PERSON5417"


def cache_entries(alias):
    """(key, value) for every entry of the cache `alias`, read from where it keeps them."""
    cache = caches[alias]
    if isinstance(cache, LocMemCache):
        for key, stored in list(cache._cache.items()):
            yield key, pickle.loads(stored)  # noqa: S301 (our own test cache)
    elif isinstance(cache, DatabaseCache):
        table = connection.ops.quote_name(cache._table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key, value FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
        for key, stored in rows:
            yield key, pickle.loads(base64.b64decode(stored.encode()))  # noqa: S301
    elif isinstance(cache, RedisCache):
        client = cache._cache.get_client()
        for key in client.scan_iter():
            # Counters are stored as plain integers, everything else pickled.
            yield key.decode(), cache._cache._serializer.loads(client.get(key))
    else:
        pytest.fail(f"Teach this test to read {type(cache).__name__} ({alias!r}) entries")


def personal_data_in_caches(markers):
    """Each cache entry that holds one of `markers`, as "alias key: marker"."""
    found = []
    for alias in settings.CACHES:
        for key, value in cache_entries(alias):
            text = f"{key} {value!r} {value}"
            found += [f"{alias} {key}: {marker}" for marker in markers if marker in text]
    return found


def walk_every_signed_in_page(client, user):
    """Make this person's data through the site, and open every page that shows it."""
    practice = Practice.objects.published().get(slug="box-breathing")
    article = Article.objects.published().first()

    # A check-in from the progress page, another with htmx, then edited.
    assert client.get("/progress/").status_code == 200
    checkin_id = uuid.uuid4()
    client.post(
        reverse("tracking:checkin_create"),
        {"uuid": checkin_id, "anxiety": 9, "mood": 1, "tags": ["work"], "note": NOTE},
    )
    client.post(
        reverse("tracking:checkin_create"),
        {"uuid": uuid.uuid4(), "anxiety": 8, "mood": 1, "note": NOTE},
        HTTP_HX_REQUEST="true",
    )
    # A practice from start to finish.
    session_id = uuid.uuid4()
    client.post(f"/practices/{practice.slug}/begin/", {"session_id": session_id, "rating": 8})
    player = f"/practices/{practice.slug}/s/{session_id}/"
    for number in range(1, practice.steps.count() + 1):
        assert client.get(f"{player}step/{number}/").status_code == 200
        assert client.get(f"{player}step/{number}/", HTTP_HX_REQUEST="true").status_code == 200
        client.post(f"{player}step/{number}/")
    assert client.get(f"{player}after/").status_code == 200
    client.post(f"{player}after/", {"rating": 3})
    assert client.get(f"{player}done/").status_code == 200
    # An article saved for later, and a search.
    client.post(reverse("library:bookmark", args=[article.slug]), {"action": "save"})
    # A plan, guided and then whole, and one of my people.
    client.post(reverse("plans:step", args=[1]), {"warning_signs": PLAN_TEXT})
    client.post(reverse("plans:edit"), {"warning_signs": PLAN_TEXT, "safer_space": PLAN_TEXT})
    person_id = uuid.uuid4()
    client.post(
        reverse("plans:people"), {"uuid": person_id, "name": PERSON, "phone": "0161 496 0000"}
    )
    today = timezone.localdate()
    pages = [
        reverse("plans:plan"),
        reverse("plans:print"),
        reverse("plans:people"),
        reverse("plans:step", args=[2]),
        reverse("plans:person_edit", args=[person_id]),
        "/progress/",
        "/progress/?range=90",
        reverse("tracking:history"),
        reverse("tracking:history") + "?kind=checkins",
        reverse("tracking:checkin_detail", args=[checkin_id]),
        reverse("tracking:checkin_edit", args=[checkin_id]),
        reverse("tracking:session_detail", args=[session_id]),
        reverse("tracking:preferences"),
        reverse("tracking:summary"),
        reverse("tracking:summary")
        + f"?start={today - timedelta(days=7)}&end={today}&include_notes=on",
        reverse("accounts:your_data"),
        reverse("accounts:export_json"),
        reverse("accounts:export_zip"),
        reverse("library:saved"),
        article.get_absolute_url(),
        reverse("library:home"),
        f"{reverse('library:search')}?q={QUERY}",
        reverse("practices:list"),
        practice.get_absolute_url(),
        reverse("sos"),
        "/",
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("usersessions_list"),
    ]
    for page in pages:
        assert client.get(page).status_code in (200, 302), page
    assert client.get("/progress/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="trend").status_code
    client.post(
        reverse("tracking:checkin_edit", args=[checkin_id]),
        {"anxiety": 7, "mood": 2, "note": EDITED_NOTE},
    )
    assert client.get("/progress/").status_code == 200
    assert client.get(reverse("tracking:history")).status_code == 200

    # The walk did make the data the pages show.
    assert CheckIn.objects.filter(user=user, note=EDITED_NOTE).exists()
    assert PracticeSession.objects.get(uuid=session_id, user=user).finished
    assert EMAIL in client.get(reverse("accounts:export_json")).content.decode()
    assert PERSON in client.get(reverse("sos")).content.decode()
    assert PLAN_TEXT in client.get(reverse("plans:plan")).content.decode()
    return [EMAIL, "NOTE5417", str(checkin_id), str(session_id), QUERY, "PLAN5417", PERSON]


@pytest.mark.parametrize(
    "cache_settings",
    # The shared cache (tests/conftest.py): the database's, or Redis with REDIS_URL.
    ["test settings", pytest.param("production shared cache", marks=pytest.mark.cache_backend)],
)
def test_no_personal_data_is_in_any_cache_after_a_signed_in_visit(
    client, make_user, password, cache_settings
):
    if cache_settings != "test settings":
        assert not isinstance(caches["default"], LocMemCache)
    call_command("load_builtin_content", verbosity=0)
    user = make_user(EMAIL)
    # Signed in through the login form, as a person would (allauth counts attempts
    # in the cache).
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": password})
    assert response.status_code == 302
    markers = walk_every_signed_in_page(client, user)

    assert personal_data_in_caches(markers) == []

    # And the reader does find personal data wherever a cache would keep it.
    for alias in settings.CACHES:
        caches[alias].set("probe", {"html": f"<li>{NOTE}</li>", "user": EMAIL})
    assert len(personal_data_in_caches(markers)) == 2 * len(settings.CACHES)

import os

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from aira.models import User
from tests import factories

PASSWORD = "a calm and steady passphrase"


# What production shares between processes (aira/settings.py): Redis when REDIS_URL is
# set, else the database cache. The rest of the suite keeps the fast in-process cache.
SHARED_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "aira_cache"}
)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    if request.node.get_closest_marker("cache_backend"):
        request.getfixturevalue("settings").CACHES = {"default": SHARED_CACHE}
        if SHARED_CACHE["BACKEND"].endswith("DatabaseCache"):
            request.getfixturevalue("db")
            call_command("createcachetable", verbosity=0)
    # allauth's rate limits live in the cache: a test must not inherit another's counts.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _no_language_left_over():
    """The locale middleware leaves the last request's language active in this thread
    (Django sets it again only at the next request): a test after one that asked in
    Spanish would otherwise run its own code, forms and messages in Spanish."""
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


def turn_on_two_factor(user):
    """An authenticator app for `user`, as the admin requires of staff (the secret is
    never used: tests that sign in with a code make a real one)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "not-a-real-secret"}
    )
    return user


@pytest.fixture
def make_user(db):
    """A verified user who can log in with PASSWORD; `two_factor=True` turns on an
    authenticator app (staff need one to open the admin)."""
    from allauth.account.models import EmailAddress

    counter = {"n": 0}

    def _make(email=None, two_factor=False, **extra):
        counter["n"] += 1
        email = email or f"person{counter['n']}@example.com"
        user = User.objects.create_user(email=email, password=PASSWORD, **extra)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if two_factor:
            turn_on_two_factor(user)
        return user

    return _make


@pytest.fixture
def admin_user(make_user):
    """pytest-django's `admin_client` signs in this superuser, who has two-factor on."""
    return make_user("admin@example.com", two_factor=True, is_staff=True, is_superuser=True)


@pytest.fixture
def user(make_user):
    return make_user("owner@example.com")


@pytest.fixture
def other_user(make_user):
    return make_user("someone.else@example.com")


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def make_practice(db):
    """tests/factories.py's make_practice, with the database open for it."""
    return factories.make_practice


@pytest.fixture(params=["en", "es"], ids=["in-english", "in-spanish"])
def reader_language(request, client):
    """Run a page test for an English and for a Spanish reader: the test client asks in
    that language (Accept-Language, as a browser does) on every request. Query counts are
    asserted the same in both: a language must not cost a query."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = request.param
    return request.param


def said(language, text, plural=None, **params):
    """`text` (a msgid; with `plural`, its plural for params["count"]) as a reader of
    `language` sees it on the page."""
    with translation.override(language):
        if plural is not None:
            return translation.ngettext(text, plural, params["count"]) % params
        return translation.gettext(text) % params if params else translation.gettext(text)

"""Access control, proven for every URL pattern of the project.

The test walks the URL resolver (Aira's apps, allauth's and the admin's patterns), fills
each pattern's path arguments with real objects, and asks every URL as five people: a
visitor, another signed-in user, the owner of the objects, a staff content editor and a
superuser. `RULES` says what each of them must get. A pattern that no rule covers fails
the suite, so a new URL cannot ship without someone deciding who may see it.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote, unquote, urlencode

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls import path as url_path
from django.utils import timezone

from library.models import Article, Bookmark, Topic
from plans.models import Person, Plan
from practices.models import Practice, PracticePreferences, PracticeSession
from reminders import links
from reminders.models import Reminder, ReminderSent
from tests import factories
from together.models import SharedSession, key_digest
from tracking.models import CheckIn, PanicAttack, TrackingPreferences

ROLES = ("visitor", "other", "owner", "editor", "superuser")
SIGNED_IN = ROLES[1:]

# --- Walking the resolver --------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern, with the namespace and full route it is reached by."""

    key: str  # "namespace:name", or "namespace:[full route]" for an unnamed pattern
    route: str
    pattern: URLPattern


def _join(prefix, pattern):
    return prefix + str(pattern.pattern)


def walk_routes(patterns=None, prefix="", namespace=""):
    """Every URL pattern of the project, depth first, with its namespaced key."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_routes(entry.url_patterns, _join(prefix, entry), ns)
        else:
            route = _join(prefix, entry)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"{namespace}:[{route}]"
            yield Route(key=key, route=route, pattern=entry)


_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>[^()]*)\)")


def path_argument_names(route):
    groups = [m["name"] for m in _GROUP.finditer(route)]
    return groups + [m["name"] for m in _CONVERTER.finditer(_GROUP.sub("", route))]


def build_path(route, values):
    """The path for `route` with each argument replaced by its value."""
    path = _GROUP.sub(lambda m: str(values[m["name"]]), route)
    path = _CONVERTER.sub(lambda m: str(values[m["name"]]), path)
    return "/" + path.replace("^", "").replace("$", "")


# --- The people and the objects -------------------------------------------------------


@dataclass
class World:
    users: dict
    article: Article
    topic: Topic
    practice: Practice
    session: PracticeSession
    checkin: CheckIn
    email_key: str
    reset_key: str
    extra: dict = field(default_factory=dict)


@pytest.fixture(name="world")
def world_fixture(db, make_user):
    """The signed-in roles and real objects for every path argument (tests/test_fuzz.py and
    tests/test_csrf.py import it too)."""
    owner = make_user("owner@example.com")
    # Staff open the admin only with two-factor sign-in on.
    editor = make_user("editor@example.com", two_factor=True, is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    users = {
        "owner": owner,
        "other": make_user("other@example.com"),
        "editor": editor,
        "superuser": make_user(
            "admin@example.com", two_factor=True, is_staff=True, is_superuser=True
        ),
    }
    topic = Topic.objects.create(name="Panic", slug="panic", description="Why panic passes.")
    article = Article.objects.create(
        title="When panic peaks",
        slug="when-panic-peaks",
        summary="It passes.",
        body="Some calm words.",
        topic=topic,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    practice = factories.make_practice("calm-breath", steps=2)
    session = PracticeSession.objects.create(user=owner, practice=practice, rating_before=6)
    checkin = CheckIn.objects.create(user=owner, anxiety=6, mood=2, note="A hard morning.")
    attack = PanicAttack.objects.create(user=owner, peak=8, feared="Fainting", note="On the bus.")
    Bookmark.objects.create(user=owner, article=article)
    TrackingPreferences.for_user(owner)
    Reminder.objects.create(user=owner, enabled=True, weekdays="0,3", time_zone="Europe/London")
    reminder_sent = ReminderSent.objects.create(user=owner, local_date=timezone.localdate())
    Plan.objects.create(user=owner, warning_signs="Pacing the hall")
    person = Person.objects.create(user=owner, name="Sam", phone="0161 496 0000")
    # A second, unverified address of the owner's, for the real confirmation link.
    extra_email = EmailAddress.objects.create(user=owner, email="owner.work@example.com")
    # Rows for the admin's object pages that no role above creates on its own.
    bystander = user_with_totp_and_a_session()
    # A real password-reset link, for someone none of the roles is: signing a role in
    # updates its last_login, which would void a link made for it.
    bystander.refresh_from_db()
    return World(
        users=users,
        article=article,
        topic=topic,
        practice=practice,
        session=session,
        checkin=checkin,
        email_key=EmailConfirmationHMAC(extra_email).key,
        reset_key=default_token_generator.make_token(bystander),
        extra={
            "bystander": bystander,
            "media": stored_recording(),
            "attack": attack,
            "person": person,
            # A live shared breathing session whose starter is none of the roles.
            "together": SharedSession.objects.create(
                starter_key_digest=key_digest("nobody's key"), inhale_seconds=4, exhale_seconds=6
            ),
            "reminders:pause": links.make_token(reminder_sent, "pause"),
            "reminders:stop": links.make_token(reminder_sent, "stop"),
        },
    )


def stored_recording():
    """An uploaded file's name under MEDIA_URL, for /media/<path>."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.media_files import wav_bytes

    return default_storage.save("practices/audio/walk.wav", ContentFile(wav_bytes()))


def user_with_totp_and_a_session():
    """Someone who is none of the five roles, with rows for the admin's object pages
    (an authenticator, a signed-in session) that no role's visit will purge."""
    from aira.models import User

    user = User.objects.create_user(email="bystander@example.com", password="unused passphrase")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "not-a-real-secret"}
    )
    client = Client()
    client.force_login(user)
    UserSession.objects.create(
        user=user, ip="127.0.0.1", session_key=client.session.session_key, user_agent="test"
    )
    return user


# Models of our own apps that hold people's data: never in the admin, for anyone.
PERSONAL_MODELS = [
    CheckIn,
    PanicAttack,
    TrackingPreferences,
    PracticeSession,
    PracticePreferences,
    Bookmark,
    Reminder,
    ReminderSent,
    Plan,
    Person,
]


def admin_catch_all_variants():
    """Paths the admin would use for models it must not have: every model of ours that
    is not registered, and the session table."""
    models = [
        m
        for label in ("aira", "library", "practices", "tracking", "reminders", "plans", "sessions")
        for m in apps.get_app_config(label).get_models()
        if m not in admin.site._registry
    ]
    return {
        f"{m._meta.app_label}.{m._meta.model_name}": f"{m._meta.app_label}/{m._meta.model_name}/"
        for m in models
    }


def cases_for(route, world):
    """(case key, path) pairs for a route, with its arguments filled from `world`."""
    names = path_argument_names(route.route)
    if not names:
        return [(route.key, build_path(route.route, {}))]
    owner = world.users["owner"]
    key = route.key
    values = {}
    variants = {}
    for name in names:
        if name == "slug":
            if key.startswith("practices:"):
                values[name] = world.practice.slug
            elif key == "library:topic":
                values[name] = world.topic.slug
            else:
                values[name] = world.article.slug
        elif name == "session_id":
            values[name] = world.session.uuid
        elif name == "number":
            values[name] = 1
        elif name == "uuid" and key.startswith("plans:"):
            values[name] = world.extra["person"].uuid
        elif name == "uuid":
            if key in ("tracking:session_detail", "tracking:session_delete"):
                values[name] = world.session.uuid
            elif key.startswith("tracking:panic_"):
                values[name] = world.extra["attack"].uuid
            else:
                values[name] = world.checkin.uuid
        elif name == "key" and key == "account_confirm_email":
            values[name] = world.email_key
        elif name == "key" and key == "account_reset_password_from_key":
            values[name] = world.reset_key
        elif name == "uidb36":
            values[name] = user_pk_to_url_str(world.extra["bystander"])
        elif name == "id":  # the admin's password page of a user
            values[name] = owner.pk
        elif name == "content_type_id":
            values[name] = ContentType.objects.get_for_model(Article).pk
        elif name == "object_id" and key == "admin:view_on_site":
            values[name] = world.article.pk
        elif name == "object_id":
            app_label, model_name = route.route.split("/")[1:3]
            model = apps.get_model(app_label, model_name)
            obj = model._default_manager.order_by("pk").first()
            assert obj is not None, f"Create a {model.__name__} in the `world` fixture"
            values[name] = quote(str(obj.pk))
        elif name == "app_label":
            alternatives = _GROUP.search(route.route)["regex"].split("|")
            variants = {label: {"app_label": label} for label in alternatives}
        elif name == "token" and key.startswith("together:"):
            values[name] = world.extra["together"].token
        elif name == "token" and key in ("reminders:pause", "reminders:stop"):
            values[name] = world.extra[key]  # the owner's links, from a reminder email
        elif name == "path" and key == "media":
            values[name] = world.extra["media"]
        elif name == "url" and key.startswith("admin:"):
            variants = {v: {"url": path} for v, path in admin_catch_all_variants().items()}
        else:
            raise AssertionError(
                f"{route.key} ({route.route}) has a path argument {name!r} the walk cannot "
                "fill: add it to cases_for() with a real object."
            )
    if variants:
        return [
            (f"{key}[{variant}]", build_path(route.route, {**values, **extra}))
            for variant, extra in variants.items()
        ]
    return [(key, build_path(route.route, values))]


# --- What each person must get ---------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with `to` (and ends with `ending`, if given);
    {path} stands for the requested path."""

    to: str
    ending: str = ""

    def target(self, path):
        return self.to.format(path=quote(path, safe="/"))


LOGIN = Redirect("/accounts/login/?next={path}")
ADMIN_LOGIN = Redirect("/admin/login/?next={path}")
REAUTH = Redirect("/accounts/reauthenticate/?next={path}")
HOME = Redirect("/")


@dataclass(frozen=True)
class Expect:
    """Per role, what a GET (or, for a POST-only view, a POST and a GET) answers."""

    outcomes: dict
    post_only: bool = False
    get_outcomes: dict | None = None  # for POST-only views: what a GET answers


def each(outcome, **overrides):
    return {**dict.fromkeys(ROLES, outcome), **overrides}


PUBLIC = Expect(each(200))
SIGNED_IN_ONLY = Expect(each(200, visitor=LOGIN))
OWNER_ONLY = Expect(each(404, visitor=LOGIN, owner=200))
# The player's pages of a session: someone else's session is a 404 (never a 403 that
# confirms it exists); a visitor's own sessions live in their browser session.
SESSION_OWNER_ONLY = Expect(each(404, owner=200))
SUPERUSER_ONLY = Expect(
    each(ADMIN_LOGIN, editor=403, superuser=200),
)
CONTENT_ADMIN = Expect(each(ADMIN_LOGIN, editor=200, superuser=200))
STAFF_ONLY = CONTENT_ADMIN


def post_only(post, get=None):
    return Expect(post, post_only=True, get_outcomes=get or each(405))


# Content models the editors keep; everything else in the admin is about people.
CONTENT_APPS = r"(library_topic|library_article|practices_practice)"
PEOPLE_MODELS = (
    r"(aira_user|auth_group|account_emailaddress|mfa_authenticator|usersessions_usersession)"
)

# First match wins. Keys are matched in full (re.fullmatch).
RULES = [
    # Aira's public pages and files.
    (
        r"home|crisis|privacy|sos|healthz|manifest|service_worker|offline|robots_txt|sitemap"
        r"|media|javascript_catalog",
        PUBLIC,
    ),
    (r"favicon", Expect(each(Redirect("/static/icons/favicon-32.png")))),
    (r"practices:(list|offline_player|detail|breathing_pace)", PUBLIC),
    # The panic log's blank questions, kept by the service worker for offline use.
    (r"tracking:panic_offline", PUBLIC),
    # Facing the feelings: the exercises and the safety screen are for everyone (a
    # visitor's answers stay in their browser session); the ladder is one's own ratings.
    (r"practices:(facing|safety_screen)", PUBLIC),
    (r"practices:ladder", SIGNED_IN_ONLY),
    (r"library:(home|search|topic|article)", PUBLIC),
    # Breathe together: the link is the way in, for anyone who has it, with no account.
    (r"together:(start|clock|session)", PUBLIC),
    # POST-only endpoints, asked with an empty form.
    (r"set_theme", post_only(each(HOME))),
    # The footer's language selector: anyone may choose (a cookie; and their own account's
    # language when signed in), then goes back to where they were.
    (r"set_language", post_only(each(HOME))),
    (r"practices:begin", post_only(each(400))),
    (r"practices:sync", post_only(each(400))),
    (r"together:presence", post_only(each(400))),
    # Only the browser holding the starter's key ends it: none of the roles does.
    (r"together:end", post_only(each(404))),
    (
        r"library:bookmark",
        post_only(each(400, visitor=Redirect("/accounts/login/?next=/library/when-panic-peaks/"))),
    ),
    (
        r"tracking:checkin_create",
        post_only(each(200, visitor=LOGIN), get=each(405, visitor=LOGIN)),
    ),
    (r"tracking:(checkin|panic)_sync", post_only(each(400, visitor=401))),
    # The practice player, on the owner's session.
    (r"practices:(before|step|after|done)", SESSION_OWNER_ONLY),
    # Personal pages: your own data only. Progress tells a visitor what it is instead.
    (r"tracking:progress", Expect(each(200))),
    (
        r"tracking:(preferences|summary|history|panic_log)"
        r"|accounts:(your_data|export_json|export_zip|delete_account)",
        SIGNED_IN_ONLY,
    ),
    (
        r"tracking:(checkin_detail|checkin_edit|checkin_delete|session_detail|session_delete"
        r"|panic_detail|panic_edit|panic_delete)",
        OWNER_ONLY,
    ),
    (r"library:saved", SIGNED_IN_ONLY),
    # Reminders: your own settings; the calendar file once days are chosen (the owner's
    # are); the links from an email work signed out, the signed token being the permission.
    (r"reminders:settings", SIGNED_IN_ONLY),
    (r"reminders:calendar", Expect(each(Redirect("/reminders/"), visitor=LOGIN, owner=200))),
    (r"reminders:(pause|stop)", PUBLIC),
    # My plan and my people: a visitor writes theirs on the device, through the same
    # pages; each signed-in person sees only their own (tests/plans/).
    (r"plans:(plan|edit|step|print|people)", PUBLIC),
    (r"plans:(person_edit|person_delete)", OWNER_ONLY),
    (r"plans:not_now", post_only(each(HOME))),
    (
        r"plans:from_device",
        post_only(each(Redirect("/plan/"), visitor=LOGIN), get=each(405, visitor=LOGIN)),
    ),
    # allauth: accounts.
    (r"account_(login|signup)", Expect(each(HOME, visitor=200))),
    (r"account_logout", Expect(each(200, visitor=HOME))),
    (r"account_(inactive|email_verification_sent)", PUBLIC),
    (r"account_reauthenticate", SIGNED_IN_ONLY),
    (r"account_(email|change_password)", SIGNED_IN_ONLY),
    (
        r"account_set_password",
        Expect(each(Redirect("/accounts/password/change/"), visitor=LOGIN)),
    ),
    (r"account_(reset_password|reset_password_done|reset_password_from_key_done)", PUBLIC),
    # A valid link is kept in the session and replaced by a key-free address.
    (
        r"account_reset_password_from_key",
        Expect(each(Redirect("/accounts/password/reset/key/", ending="-set-password/"))),
    ),
    (r"account_confirm_email", PUBLIC),
    # Sign-in by emailed code is off: without a pending code, back to the login page.
    (r"account_confirm_login_code", Expect(each(HOME, visitor=Redirect("/accounts/login/")))),
    # Reauthentication is by password or a 2FA code, never by a code sent to the inbox.
    (
        r"account_(request|confirm)_reauthentication_code",
        Expect(each(403, visitor=LOGIN)),
    ),
    # allauth: two-factor sign-in and signed-in devices.
    (r"mfa_index|usersessions_list", SIGNED_IN_ONLY),
    # Only in the middle of a sign-in with a second factor.
    (r"mfa_authenticate", Expect(each(HOME, visitor=Redirect("/accounts/login/")))),
    # Only staff have two-factor sign-in on (the admin requires it), so everyone else
    # reauthenticates by password.
    (
        r"mfa_reauthenticate",
        Expect(
            each(Redirect("/accounts/reauthenticate/"), visitor=LOGIN, editor=200, superuser=200)
        ),
    ),
    # Turning it on asks for the password again first (a force_login is not a recent
    # authentication); the owner has an unverified address, which must be verified first.
    (
        r"mfa_activate_totp",
        Expect(each(REAUTH, visitor=LOGIN, owner=Redirect("/accounts/2fa/"))),
    ),
    (r"mfa_generate_recovery_codes", Expect(each(REAUTH, visitor=LOGIN))),
    # Nothing to turn off or show without an authenticator; staff turning theirs off are
    # asked for it again first.
    (r"mfa_deactivate_totp", Expect(each(404, visitor=LOGIN, editor=REAUTH, superuser=REAUTH))),
    (r"mfa_(view_recovery_codes|download_recovery_codes)", Expect(each(404, visitor=LOGIN))),
    # The admin. Visitors and people without is_staff are sent to the admin's login,
    # which is allauth's for visitors (its rate limits and two-factor) and a 403 for
    # people signed in without is_staff.
    (
        r"admin:login",
        Expect(
            each(
                403,
                visitor=LOGIN,
                editor=Redirect("/admin/"),
                superuser=Redirect("/admin/"),
            )
        ),
    ),
    (
        r"admin:logout",
        post_only(
            each(Redirect("/admin/"), editor=200, superuser=200),
            get=each(Redirect("/admin/"), editor=405, superuser=405),
        ),
    ),
    (r"admin:jsi18n", STAFF_ONLY),
    (r"admin:index", STAFF_ONLY),
    # Staff change their password on the site's own page (rate limits, security email).
    (
        r"admin:(password_change|password_change_done)",
        Expect(
            each(
                ADMIN_LOGIN,
                editor=Redirect("/accounts/password/change/"),
                superuser=Redirect("/accounts/password/change/"),
            )
        ),
    ),
    (r"admin:autocomplete", Expect(each(ADMIN_LOGIN, editor=403, superuser=403))),
    (
        r"admin:view_on_site",
        Expect(each(ADMIN_LOGIN, editor=Redirect("http"), superuser=Redirect("http"))),
    ),
    (r"admin:app_list\[(library|practices)\]", CONTENT_ADMIN),
    (r"admin:app_list\[.+\]", Expect(each(ADMIN_LOGIN, editor=404, superuser=200))),
    (rf"admin:{CONTENT_APPS}_(changelist|add|change|history|delete)", CONTENT_ADMIN),
    (rf"admin:{PEOPLE_MODELS}_(changelist|add|change|history|delete)", SUPERUSER_ONLY),
    (r"admin:auth_user_password_change", SUPERUSER_ONLY),
    # An object's bare address redirects to its change page (which then checks access).
    (r"admin:\[admin/\w+/\w+/<path:object_id>/\]", Expect(each(Redirect("/admin/")))),
    # Models holding people's data are not in the admin at all: a 404 even for superusers.
    (
        r"admin:\[admin/\(\?P<url>\.\*\)\$\]\[.+\]",
        Expect(each(ADMIN_LOGIN, editor=404, superuser=404)),
    ),
]


def rule_for(key):
    for pattern, expect in RULES:
        if re.fullmatch(pattern, key):
            return pattern, expect
    return None, None


def all_cases(world):
    return [case for route in walk_routes() for case in cases_for(route, world)]


# --- Asking ----------------------------------------------------------------------------

PRIVATE_PREFIXES = ("/accounts/", "/progress/", "/library/saved/", "/plan/")
# The player's session pages, and the admin's pages about people.
PRIVATE_PATHS = re.compile(
    r"/practices/[^/]+/s/|/practices/facing/|/admin/(aira|auth|account|mfa|usersessions)/"
)


def is_private(path):
    return path.startswith(PRIVATE_PREFIXES) or bool(PRIVATE_PATHS.match(path))


class People:
    """One client per role, signed in once and re-signed in if a page signed them out."""

    def __init__(self, world, **client_options):
        self.world = world
        self.client_options = client_options
        self.clients = {}

    def client(self, role):
        client = self.clients.get(role)
        if client is None:
            client = self.clients[role] = Client(**self.client_options)
        if role != "visitor" and "_auth_user_id" not in client.session:
            client.force_login(self.world.users[role])
        return client


def describe(response):
    if response.status_code in (301, 302):
        return f"{response.status_code} -> {response.headers.get('Location')}"
    return str(response.status_code)


def check(response, expected, path):
    """None if the response is what was expected, else a short description of it."""
    if isinstance(expected, Redirect):
        location = unquote(response.headers.get("Location", ""))
        if (
            response.status_code == 302
            and location.startswith(unquote(expected.target(path)))
            and location.endswith(expected.ending)
        ):
            return None
        wanted = expected.target(path) + (f"...{expected.ending}" if expected.ending else "")
        return f"expected 302 -> {wanted}, got {describe(response)}"
    if response.status_code == expected:
        return None
    return f"expected {expected}, got {describe(response)}"


def ask(client, method, path, **extra):
    try:
        return client.generic(method, path, **extra)
    except Exception as exc:  # the test client re-raises a view's exception: a 500
        pytest.fail(f"{method} {path} raised {exc!r} (a server error)")


# --- The tests -------------------------------------------------------------------------


def uncovered_keys(world):
    return sorted({key for key, _ in all_cases(world) if rule_for(key)[0] is None})


def test_every_url_pattern_is_covered_by_a_rule(world):
    uncovered = uncovered_keys(world)
    assert not uncovered, (
        "These URL patterns have no access rule in tests/test_access_walk.py RULES. "
        "Decide who may see them and add a rule:\n  " + "\n  ".join(uncovered)
    )


def _new_page(request):
    return HttpResponse("new")


# Aira's URLs plus one nobody wrote a rule for (see the next test).
urlpatterns = [
    *get_resolver("aira.urls").url_patterns,
    url_path("progress/new-feature/<uuid:uuid>/", _new_page, name="new_feature"),
]


def test_a_new_url_without_a_rule_is_caught(world, settings):
    settings.ROOT_URLCONF = __name__
    assert uncovered_keys(world) == ["new_feature"]


def test_every_rule_still_matches_a_url_pattern(world):
    keys = [key for key, _ in all_cases(world)]
    stale = [pattern for pattern, _ in RULES if not any(re.fullmatch(pattern, k) for k in keys)]
    assert not stale, f"Rules that match no URL pattern any more (remove them): {stale}"


def test_the_walk_reaches_every_part_of_the_project(world):
    keys = {key for key, _ in all_cases(world)}
    for expected in ("home", "tracking:checkin_edit", "account_login", "mfa_index"):
        assert expected in keys
    assert any(k.startswith("usersessions_") for k in keys)
    assert sum(k.startswith("admin:") for k in keys) > 40
    # Each filled path resolves back to the pattern it was built for.
    for route in walk_routes():
        for key, path in cases_for(route, world):
            if route.key.startswith("admin:[admin/(?P<url>"):
                continue  # the catch-all is what unregistered paths fall through to
            match = resolve(path.split("?")[0])
            assert match.func == route.pattern.callback, f"{key}: {path} resolved elsewhere"


def test_each_role_gets_the_expected_answer_from_every_url(world):
    people = People(world)
    failures = []
    for key, path in all_cases(world):
        _pattern, expect = rule_for(key)
        assert expect is not None, f"{key} has no rule"
        asks = (
            [("POST", expect.outcomes), ("GET", expect.get_outcomes)]
            if expect.post_only
            else [("GET", expect.outcomes)]
        )
        for role in ROLES:
            for method, outcomes in asks:
                response = ask(people.client(role), method, path)
                problem = check(response, outcomes[role], path)
                if problem:
                    failures.append(f"{role:9} {method:4} {path}  [{key}]: {problem}")
                elif (
                    response.status_code == 200
                    and is_private(path)
                    and "no-store" not in response.headers.get("Cache-Control", "")
                ):
                    failures.append(
                        f"{role:9} {method:4} {path}  [{key}]: shows personal data without "
                        f"Cache-Control: no-store (got {response.headers.get('Cache-Control')!r})"
                    )
    assert not failures, f"{len(failures)} unexpected answers:\n" + "\n".join(failures)


def test_personal_models_are_not_in_the_admin():
    registered = set(admin.site._registry)
    for model in PERSONAL_MODELS:
        assert model not in registered, f"{model.__name__} must not be in the admin"


def test_content_editors_hold_no_permission_on_people_or_their_data(world):
    editor = world.users["editor"]
    for codename in ("view_user", "change_user", "view_group", "view_emailaddress"):
        assert not any(p.endswith("." + codename) for p in editor.get_all_permissions())
    assert not any(
        p.split(".")[0] in {"tracking", "account", "mfa", "usersessions", "sessions", "aira"}
        for p in editor.get_all_permissions()
    )


# --- POSTs: nobody changes what is not theirs -------------------------------------------
#
# Every endpoint that may take a POST is sent one as every role, with data that would
# change the owner's objects if the view forgot its ownership check: take over their
# practice session, overwrite their check-in, delete it, remove their email address, bulk
# delete people in the admin. Each POST runs in a transaction rolled back afterwards, so
# one role's allowed changes (deleting their own account) never spoil the next case.

# Admin views that take a POST; its other pages (history, the app index) are GET only.
ADMIN_POSTS = re.compile(r"admin:(.+_(changelist|add|change|delete)|.*password_change|logout)")
# Links mailed to a person carry a key that is itself the permission: whoever holds it
# confirms that address (and is signed in as its owner) or sets that account's password.
BEARER_LINKS = {
    "account_confirm_email",
    "account_reset_password_from_key",
    "reminders:pause",
    "reminders:stop",
}
# Where a GET is refused, a POST must be refused as well, in one of these ways.
REFUSED_STATUSES = {401, 403, 404, 405}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


def takes_post(key):
    if key.startswith("admin:"):
        return bool(ADMIN_POSTS.fullmatch(key))
    return True


def post_data(key, world):
    """Form data a real client would send, aimed at the owner's objects."""
    from tests.conftest import PASSWORD

    owner = world.users["owner"]
    session, checkin = world.session, world.checkin
    overwrite = {"uuid": str(checkin.uuid), "anxiety": "0", "mood": "1", "note": "Overwritten"}
    attack_overwrite = {
        "uuid": str(world.extra["attack"].uuid),
        "started_at": "2026-11-20T08:15",
        "peak": "0",
        "note": "Overwritten",
    }
    theirs = world.extra["person"]
    person = {"uuid": str(theirs.uuid), "name": theirs.name, "phone": "0161 496 0001", "email": ""}
    data = {
        "set_theme": {"theme": "dark"},
        "set_language": {"language": "en", "next": "/"},
        "practices:begin": {"session_id": str(session.uuid), "rating": "0"},
        "practices:sync": {
            "session_id": str(session.uuid),
            "practice": world.practice.slug,
            "started_at": "2026-11-20T08:15:00Z",
            "ended_at": "2026-11-20T08:19:00Z",
            "rating_before": "0",
            "rating_after": "0",
            "steps_completed": "2",
            "finished": "on",
        },
        "practices:before": {"rating": "0"},
        "practices:safety_screen": {"conditions": ["asthma"]},
        "practices:after": {"rating": "0"},
        "tracking:checkin_create": overwrite,
        "tracking:checkin_sync": {**overwrite, "created_at": "2026-11-20T08:15:00Z"},
        "tracking:checkin_edit": overwrite,
        "tracking:preferences": {"show_trend": "on"},
        "tracking:panic_log": attack_overwrite,
        "tracking:panic_sync": attack_overwrite,
        "tracking:panic_edit": attack_overwrite,
        "reminders:settings": {
            "enabled": "on",
            "weekdays": ["1", "2"],
            "at": "07:00",
            "time_zone": "Asia/Tokyo",
            "kind": "checkin",
        },
        "plans:edit": {"warning_signs": "Overwritten"},
        "plans:step": {"warning_signs": "Overwritten"},
        "plans:people": {**person, "name": "Overwritten"},
        "plans:person_edit": {**person, "name": "Overwritten"},
        "plans:from_device": {
            "device_copy": json.dumps({"plan": {"safer_space": "Overwritten"}, "people": [person]})
        },
        "accounts:delete_account": {"password": PASSWORD},
        "account_email": {"email": owner.email, "action_remove": ""},
        "account_change_password": {
            "oldpassword": PASSWORD,
            "password1": "a new and different passphrase",
            "password2": "a new and different passphrase",
        },
        "account_reauthenticate": {"password": PASSWORD},
        "usersessions_list": {"action": "logout"},
    }.get(key)
    if data is not None:
        return data
    if key.startswith("admin:") and key.endswith("_changelist"):
        model = admin_model(key)
        pks = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
        return {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    if key.startswith("admin:") and key.endswith("_delete"):
        return {"post": "yes"}
    return {}


def admin_model(key):
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if key.startswith(prefix):
            return model
    raise AssertionError(f"No admin model for {key}")


def people_rows(exclude_user, *, only=False):
    """Every row about a person, except the acting person's own (or, with only=True,
    just the acting person's own)."""
    from aira.models import User

    rows = {}
    personal = [*PERSONAL_MODELS, EmailAddress, Authenticator, UserSession]
    for model in personal:
        queryset = model._default_manager.all()
        if exclude_user:
            queryset = (queryset.filter if only else queryset.exclude)(user=exclude_user)
        rows[model.__name__] = sorted(map(repr, queryset.values()))
    users = User.objects.all()
    if exclude_user:
        users = (users.filter if only else users.exclude)(pk=exclude_user.pk)
    rows["User"] = sorted(map(repr, users.values()))
    return rows


def is_refusal(response):
    if response.status_code in REFUSED_STATUSES:
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(LOGIN_PAGES)


def is_refused_outcome(outcome):
    if isinstance(outcome, Redirect):
        return outcome.to.startswith(LOGIN_PAGES)
    return outcome in REFUSED_STATUSES


ARTICLE_DELETES = {"admin:library_article_changelist", "admin:library_article_delete"}


def test_every_post_as_every_role_changes_nothing_that_is_not_theirs(world):
    from django.db import transaction

    people = People(world)
    failures, posted, owner_changed = [], 0, set()
    for key, path in all_cases(world):
        if not takes_post(key):
            continue
        _pattern, expect = rule_for(key)
        data = post_data(key, world)
        for role in ROLES:
            client = people.client(role)  # signed in outside the rolled-back transaction
            acting = world.users.get(role)
            with transaction.atomic():
                before = people_rows(acting)
                own_before = people_rows(acting, only=True) if role == "owner" else None
                # Form-encoded, as a browser posts: the views must see the data to be tested.
                response = ask(
                    client,
                    "POST",
                    path,
                    data=urlencode(data, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                )
                after = people_rows(acting)
                if own_before is not None and people_rows(acting, only=True) != own_before:
                    owner_changed.add(key)
                transaction.set_rollback(True)
            posted += 1
            # The admin is where a superuser looks after accounts, by design.
            allowed = key in BEARER_LINKS or (role == "superuser" and key.startswith("admin:"))
            changed = [name for name in before if before[name] != after[name]]
            # An editor deleting an article takes its bookmarks with it (a saved list can't
            # hold an article that no longer exists): the only change theirs may cause.
            allowed = allowed or (
                role == "editor" and key in ARTICLE_DELETES and changed == ["Bookmark"]
            )
            if before != after and not allowed:
                failures.append(
                    f"{role:9} POST {path} [{key}]: {response.status_code} changed someone "
                    f"else's {', '.join(changed)}"
                )
            refused_on_get = not expect.post_only and is_refused_outcome(expect.outcomes[role])
            if refused_on_get and not is_refusal(response):
                failures.append(
                    f"{role:9} POST {path} [{key}]: refused on GET, but a POST got "
                    f"{describe(response)}"
                )
    assert posted > 300
    assert not failures, f"{len(failures)} unexpected POST answers:\n" + "\n".join(failures)
    # The control: the same data posted by the owner does change their own records, so
    # the walk is sending what the views read (a walk that posts nothing passes anyway).
    assert len(owner_changed) >= 5, sorted(owner_changed)

"""Bad input, thrown at every form and every POST endpoint (hypothesis).

Values are arbitrary: huge strings, odd Unicode (lone surrogates that cannot even be
encoded, sent as the invalid UTF-8 bytes they become), NUL bytes, negative and enormous
numbers, malformed UUIDs and dates, repeated fields, raw byte bodies. Whatever arrives,
the answer is a 4xx or the form again with a message, or (when the input happened to be
valid) the normal success: never a server error, and a refused request changes nothing.

`AIRA_FUZZ_EXAMPLES` raises the number of examples for a longer local run.
"""

import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aira.models import User
from library.models import Article, Bookmark, Topic
from plans.models import Person, Plan, validate_phone
from practices.models import Practice, PracticePreferences, PracticeSession, Step
from reminders.models import Reminder
from tests.conftest import PASSWORD
from tests.test_access_walk import ask, world_fixture  # noqa: F401 - the `world` fixture
from tracking.models import CheckIn, Tag, TrackingPreferences

settings.register_profile(
    "aira-fuzz",
    max_examples=int(os.environ.get("AIRA_FUZZ_EXAMPLES", "30")),
    deadline=None,
    # The database and clients are set up once per test, then shared by its examples:
    # each example compares the data before and after itself.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
FUZZ = settings.get_profile("aira-fuzz")

# --- Values ---------------------------------------------------------------------------

SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=4)
HUGE = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(2_000, 40_000))
WITH_NUL = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=8), st.text(max_size=8))
NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["-1", "11", "1e9", "0x10", "٣", "5.5", "+5", " 5 ", "NaN", "-0"]),
)
UUIDS = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u)[:-1]),
    st.uuids().map(lambda u: str(u) + "0"),
    st.uuids().map(lambda u: str(u).replace("-", "")),
    st.from_regex(r"[0-9a-gz{}-]{30,40}", fullmatch=True),
)
DATES = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2026-02-30",
            "0000-00-00",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2026-13-01",
            "-0001-01-01",
            "2026-01-01T25:61:00",
            "2026-11-28T12:00:00+99:00",
            "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00-14:00",
            "0001-01-01T00:00:00+14:00",
            "1970-01-01T00:00:00Z",
            "now",
        ]
    ),
)
ODD = st.sampled_from(
    [
        "",
        " ",
        "\u202e\u200b\ufeff",
        "💥" * 50,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%00",
        "../../etc/passwd",
        "on",
        "true",
        "null",
        "[]",
        "{}",
        "\r\n",
    ]
)
NASTY = st.one_of(st.text(), HUGE, WITH_NUL, SURROGATES, NUMBERS, UUIDS, DATES, ODD)
TIME_ZONES = st.one_of(
    st.sampled_from(["", "UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Europe/London"]),
    st.text(
        st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=';,\\"'),
        max_size=80,
    ),
)


def value(*plausible):
    """A field's value: sometimes something sensible, mostly something odd, and
    sometimes the field sent several times."""
    one = st.one_of(st.sampled_from(plausible), NASTY) if plausible else NASTY
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def form(fields):
    """A form body: any subset of the expected fields, plus maybe a few unexpected ones."""
    expected = st.fixed_dictionaries({}, optional={name: value(*p) for name, p in fields.items()})
    extra = st.dictionaries(st.text(max_size=12), value(), max_size=2)
    return st.builds(lambda a, b: {**b, **a}, expected, extra)


def encode(data):
    """application/x-www-form-urlencoded, byte for byte: lone surrogates become the
    invalid UTF-8 they would be on the wire."""

    def enc(text):
        return quote_from_bytes(str(text).encode("utf-8", "surrogatepass"), safe="")

    pairs = []
    for name, values in data.items():
        for item in values if isinstance(values, list) else [values]:
            pairs.append(f"{enc(name)}={enc(item)}")
    return "&".join(pairs)


# --- Endpoints ------------------------------------------------------------------------

RATINGS = [str(n) for n in range(11)]
TAGS = [t.value for t in Tag]
NEW_UUID = str(uuid.uuid4())


@dataclass(repr=False)
class Endpoint:
    name: str
    method: str
    path: object  # world -> path, called for each example
    fields: dict = field(default_factory=dict)
    role: str = "owner"  # "owner" (signed in with the login form) or "visitor"
    success: tuple = (302,)  # statuses that may have changed data
    refused: tuple = (200, 400)  # statuses that must have changed nothing
    htmx: bool = False
    # allauth's email page shows itself again, unchanged, when no action was chosen.
    may_just_show_the_page: bool = False

    def __repr__(self):  # hypothesis prints it with each failing example
        return f"<{self.method} endpoint: {self.name}>"


def fresh_checkin(world):
    owner = world.users["owner"]
    checkin = CheckIn.objects.filter(user=owner).first() or CheckIn.objects.create(
        user=owner, anxiety=4, mood=3, note="Fine."
    )
    return checkin


def unconfirmed_address_key(world):
    """A real confirmation link, for a new address of another person's each time."""
    address = EmailAddress.objects.create(
        user=world.users["other"], email=f"other.{uuid.uuid4().hex}@example.com"
    )
    return EmailConfirmationHMAC(address).key


def reset_form_path(world):
    """Open a real reset link as the visitor; the form is then at a key-free address."""
    owner = User.objects.get(pk=world.users["owner"].pk)
    link = f"/accounts/password/reset/key/{user_pk_to_url_str(owner)}-"
    response = world.extra["clients"]["visitor"].get(
        link + default_token_generator.make_token(owner) + "/"
    )
    assert response.headers["Location"] == link + "set-password/"
    return response.headers["Location"]


def session_path(stage):
    def path(world):
        session = world.session
        return f"/practices/{session.practice.slug}/s/{session.uuid}/{stage}/"

    return path


def exposure_step_path(world):
    """The exercise step of a Facing the feelings session of the owner's."""
    practice, created = Practice.objects.get_or_create(
        slug="fuzz-exposure",
        defaults={
            "title": "Fuzz exposure",
            "tagline": "T",
            "description": "D",
            "category": Practice.Category.EXPOSURE,
            "minutes": 2,
            "is_published": True,
        },
    )
    if created:
        Step.objects.create(
            practice=practice, position=1, kind="exposure", title="T", text="T", duration_seconds=30
        )
    session, _ = PracticeSession.objects.get_or_create(practice=practice, user=world.users["owner"])
    return f"/practices/{practice.slug}/s/{session.uuid}/step/1/"


CHECKIN_FIELDS = {
    "anxiety": RATINGS,
    "mood": ["1", "2", "3", "4", "5"],
    "tags": TAGS,
    "note": ["A calm evening.", "x" * 2000, "x" * 2001],
}
PLAN_TEXT = ["Pacing the hall", "x" * 1000, "x" * 1001]
PHONES = ["0161 496 0000", "+44 7700 900123", "12", "call me", "+" + "1" * 20]
PERSON_FIELDS = {
    "uuid": [NEW_UUID],
    "name": ["Sam", "x" * 81],
    "phone": PHONES,
    "email": ["sam@example.com", "sam@", ""],
    "message": ["Call me?", "x" * 501],
}


def own_person(world):
    owner = world.users["owner"]
    return Person.objects.filter(user=owner).first() or Person.objects.create(
        user=owner, name="Sam", phone="0161 496 0000"
    )


PERIOD = {
    "start": ["2026-01-01", "0001-01-01", "9999-12-01"],
    "end": ["2026-01-31", "0001-01-31", "9999-12-31"],
    "include_notes": ["on"],
}

ENDPOINTS = [
    Endpoint(
        "begin",
        "POST",
        lambda w: f"/practices/{w.practice.slug}/begin/",
        {"session_id": [NEW_UUID], "rating": RATINGS, "skip_rating": ["on"]},
        role="visitor",
        refused=(400, 404),
    ),
    Endpoint(
        "rating before",
        "POST",
        session_path("before"),
        {"rating": RATINGS, "skip": ["on"]},
        refused=(400,),
    ),
    Endpoint("step next", "POST", session_path("step/1"), {"anything": []}),
    Endpoint(
        "exposure ratings",
        "POST",
        exposure_step_path,
        {"sensation": RATINGS, "anxiety": RATINGS, "panic": RATINGS, "skip": ["on"]},
        refused=(400,),
    ),
    Endpoint(
        "safety screen",
        "POST",
        lambda w: "/practices/facing/safety/",
        {
            "conditions": ["asthma", "epilepsy", "a cold", "pregnancy"],
            "next": ["/practices/", "https://elsewhere.example/", "//elsewhere.example"],
        },
        refused=(400,),
    ),
    Endpoint(
        "rating after",
        "POST",
        session_path("after"),
        {"rating": RATINGS, "skip": ["on"]},
        refused=(400,),
    ),
    Endpoint(
        "practice session sync",
        "POST",
        lambda w: "/practices/sessions/sync/",
        {
            "session_id": [NEW_UUID],
            "practice": ["calm-breath", "no-such-practice"],
            "started_at": ["2026-11-01T10:00:00Z"],
            "ended_at": ["2026-11-01T10:05:00Z", "2026-11-01T09:00:00Z"],
            "rating_before": RATINGS,
            "rating_after": RATINGS,
            "steps_completed": ["0", "2", "500", "501"],
            "finished": ["on", "true", "false"],
            "sensation_rating": RATINGS,
            "anxiety_rating": RATINGS,
            "panic_likeness": RATINGS,
        },
        success=(200, 201),
        refused=(400, 404),
    ),
    Endpoint(
        "check-in",
        "POST",
        lambda w: "/progress/checkins/",
        {"uuid": [NEW_UUID], **CHECKIN_FIELDS},
    ),
    Endpoint(
        "check-in (htmx)",
        "POST",
        lambda w: "/progress/checkins/",
        {"uuid": [NEW_UUID], **CHECKIN_FIELDS},
        htmx=True,
    ),
    Endpoint(
        "check-in sync",
        "POST",
        lambda w: "/progress/checkins/sync/",
        {"uuid": [NEW_UUID], "created_at": ["2026-11-01T10:00:00Z"], **CHECKIN_FIELDS},
        success=(200, 201),
        refused=(400, 404),
    ),
    Endpoint(
        "check-in edit",
        "POST",
        lambda w: f"/progress/checkins/{fresh_checkin(w).uuid}/edit/",
        CHECKIN_FIELDS,
    ),
    Endpoint(
        "check-in delete",
        "POST",
        lambda w: f"/progress/checkins/{fresh_checkin(w).uuid}/delete/",
        {"confirm": ["yes"]},
    ),
    Endpoint(
        "preferences",
        "POST",
        lambda w: "/progress/preferences/",
        {"show_practice_days": ["on"], "show_totals": ["on"], "show_trend": ["on", "false"]},
    ),
    Endpoint(
        "reminders",
        "POST",
        lambda w: "/reminders/",
        {
            "enabled": ["on"],
            "weekdays": ["0", "3", "6", "7"],
            "at": ["20:00", "07:30", "24:00"],
            "time_zone": ["Europe/London", "Asia/Tokyo", "Mars/Olympus", "localtime"],
            "kind": ["checkin", "practice"],
            "practice": [],
        },
    ),
    Endpoint(
        "reminder pause link",
        "POST",
        lambda w: f"/reminders/pause/{w.extra['reminders:pause']}/",
        {"anything": []},
        role="visitor",
        refused=(404,),
    ),
    Endpoint(
        "reminder stop link (one click)",
        "POST",
        lambda w: f"/reminders/stop/{w.extra['reminders:stop']}/",
        {"List-Unsubscribe": ["One-Click"]},
        role="visitor",
        success=(200, 302),
        refused=(404,),
    ),
    Endpoint(
        "delete account",
        "POST",
        lambda w: "/progress/data/delete/",
        {"password": ["not my password at all"]},
        success=(),  # never the real password
    ),
    Endpoint(
        "bookmark",
        "POST",
        lambda w: f"/library/{w.article.slug}/bookmark/",
        {"action": ["save", "remove", "toggle"]},
    ),
    Endpoint(
        "theme",
        "POST",
        lambda w: "/theme/",
        {
            "theme": ["auto", "light", "dark"],
            "next": ["/library/", "https://elsewhere.example/", "//elsewhere.example", "/\\x"],
        },
    ),
    Endpoint(
        "breathing pace",
        "POST",
        lambda w: "/practices/breathing-pace/",
        {
            "pace": ["gentler", "as-written", "slower", "faster"],
            "next": ["/practices/", "https://elsewhere.example/", "//elsewhere.example"],
        },
    ),
    Endpoint(
        "plan",
        "POST",
        lambda w: "/plan/edit/",
        {
            "warning_signs": PLAN_TEXT,
            "practices": ["calm-breath", "no-such-practice", "1"],
            "clinician_phone": PHONES,
            "worth_holding_on_to": PLAN_TEXT,
        },
    ),
    Endpoint(
        "plan step (htmx)",
        "POST",
        lambda w: "/plan/step/5/",
        {"clinician_name": ["Dr Rahman", "x" * 101], "clinician_phone": PHONES, "back": ["1"]},
        htmx=True,
        success=(200, 302),
        refused=(200, 400),
    ),
    Endpoint("add one of my people", "POST", lambda w: "/plan/people/", PERSON_FIELDS),
    Endpoint(
        "change one of my people",
        "POST",
        lambda w: f"/plan/people/{own_person(w).uuid}/edit/",
        {**PERSON_FIELDS, "uuid": []},
        refused=(200, 400, 404),
    ),
    Endpoint(
        "plan from this device",
        "POST",
        lambda w: "/plan/from-device/",
        {
            "device_copy": [
                '{"plan": {"warning_signs": "Pacing"}, "people": []}',
                '{"plan": {"clinician_phone": "call me"}}',
                '{"people": [{"name": "Sam"}]}',
                "[1, 2]",
                "{",
            ]
        },
        # Refused copies come back to the plan with a message: a redirect either way.
        success=(302,),
    ),
    Endpoint(
        "not now to a plan",
        "POST",
        lambda w: "/plan/not-now/",
        {"next": ["/progress/", "https://elsewhere.example/", "//elsewhere.example"]},
    ),
    Endpoint("summary period", "GET", lambda w: "/progress/summary/", PERIOD, success=()),
    Endpoint(
        "history filters",
        "GET",
        lambda w: "/progress/history/",
        {
            "kind": ["all", "checkins", "practices"],
            "practice": ["1", "999999"],
            **PERIOD,
            "page": ["2", "-1", "last"],
        },
        success=(),
    ),
    Endpoint(
        "progress range",
        "GET",
        lambda w: "/progress/",
        {"range": ["7", "30", "90", "365"]},
        success=(),
    ),
    Endpoint(
        "library search",
        "GET",
        lambda w: "/library/search/",
        {"q": ["calm", "panic breathing"], "page": ["2", "0", "-1", "last"]},
        role="visitor",
        success=(),
    ),
    Endpoint(
        "topic page",
        "GET",
        lambda w: f"/library/topics/{w.topic.slug}/",
        {"page": ["1", "last"]},
        role="visitor",
        success=(),
    ),
    Endpoint("saved page", "GET", lambda w: "/library/saved/", {"page": ["1"]}, success=()),
    Endpoint(
        "practice list",
        "GET",
        lambda w: "/practices/",
        {"category": ["anxiety", "sleep"]},
        role="visitor",
        success=(),
    ),
    Endpoint(
        "login",
        "POST",
        lambda w: "/accounts/login/",
        {
            "login": ["owner@example.com", "nobody@example.com"],
            "password": [],
            "remember": [],
            "next": ["/progress/", "https://elsewhere.example/", "//elsewhere.example"],
        },
        role="visitor",
        refused=(200, 429),
    ),
    Endpoint(
        "sign up",
        "POST",
        lambda w: "/accounts/signup/",
        {
            "email": ["new.person@example.com", "owner@example.com"],
            "password1": ["quiet river under a slow sky"],
            "password2": ["quiet river under a slow sky"],
        },
        role="visitor",
        refused=(200, 429),
    ),
    Endpoint(
        "password reset",
        "POST",
        lambda w: "/accounts/password/reset/",
        {"email": ["owner@example.com", "nobody@example.com"]},
        role="visitor",
        refused=(200, 429),
    ),
    Endpoint(
        "password reset from the emailed link",
        "POST",
        lambda w: reset_form_path(w),
        {"password1": ["a brand new long passphrase"], "password2": []},
        role="visitor",
        refused=(200, 429),
    ),
    Endpoint(
        "change password",
        "POST",
        lambda w: "/accounts/password/change/",
        {"oldpassword": [], "password1": ["a brand new long passphrase"], "password2": []},
        refused=(200, 429),
        success=(),
    ),
    Endpoint(
        "email",
        "POST",
        lambda w: "/accounts/email/",
        {
            "email": ["owner.new@example.com", "owner@example.com"],
            "action_add": [""],
            "action_remove": [""],
            "action_primary": [""],
            "action_send": [""],
        },
        refused=(200, 429),
        may_just_show_the_page=True,
    ),
    Endpoint(
        "reauthenticate",
        "POST",
        lambda w: "/accounts/reauthenticate/",
        {"password": []},
        refused=(200, 429),
        success=(),
    ),
    Endpoint(
        "two-factor activation",
        "POST",
        lambda w: "/accounts/2fa/totp/activate/",
        {"code": ["123456", "000000"]},
        refused=(200, 429),
        success=(),
    ),
    Endpoint(
        "two-factor code at sign-in",
        "POST",
        lambda w: "/accounts/2fa/authenticate/",
        {"code": ["123456"]},
        role="visitor",
    ),
    Endpoint(
        "sign out other sessions",
        "POST",
        lambda w: "/accounts/sessions/",
        {"anything": []},
    ),
    Endpoint(
        "confirm email",
        "POST",
        lambda w: f"/accounts/confirm-email/{unconfirmed_address_key(w)}/",
        {"anything": []},
        role="visitor",
    ),
    Endpoint(
        "admin: add topic",
        "POST",
        lambda w: "/admin/library/topic/add/",
        {"name": ["Sleep"], "slug": ["sleep", "panic"], "description": ["Rest."], "order": []},
        role="editor",
    ),
    Endpoint(
        "admin: add article",
        "POST",
        lambda w: "/admin/library/article/add/",
        {
            "title": ["Breathing slowly"],
            "slug": ["breathing-slowly"],
            "language": ["en", "es"],
            "summary": ["Slowly."],
            "body": ["# Hi\n\nSome *words*.", "<script>x</script>"],
            "topic": ["1"],
            "status": ["draft", "published"],
            "publish_at_0": ["2026-11-01"],
            "publish_at_1": ["10:00:00"],
        },
        role="editor",
    ),
]

# --- The data must be the same after a refused request --------------------------------


def snapshot():
    """Everything a request here could change, in a comparable form."""
    return {
        "users": list(User.objects.order_by("pk").values_list("pk", "email", "password")),
        "emails": list(
            EmailAddress.objects.order_by("pk").values_list("email", "verified", "primary")
        ),
        "checkins": list(
            CheckIn.objects.order_by("pk").values_list("uuid", "anxiety", "mood", "tags", "note")
        ),
        "sessions": list(
            PracticeSession.objects.order_by("pk").values_list(
                "uuid",
                "user",
                "rating_before",
                "rating_after",
                "steps_completed",
                "finished",
                *PracticeSession.EXPOSURE_FIELDS,
            )
        ),
        "practice_preferences": list(
            PracticePreferences.objects.order_by("pk").values_list(
                "breathing_pace", "exposure_conditions"
            )
        ),
        "bookmarks": list(Bookmark.objects.order_by("pk").values_list("user", "article")),
        "preferences": list(
            TrackingPreferences.objects.order_by("pk").values_list(
                "show_practice_days", "show_totals", "show_trend"
            )
        ),
        "devices": UserSession.objects.count(),
        "reminders": list(
            Reminder.objects.order_by("pk").values_list(
                "enabled", "weekdays", "at", "time_zone", "kind", "practice", "paused_until"
            )
        ),
        "plans": list(Plan.objects.order_by("pk").values_list()),
        "people": list(Person.objects.order_by("pk").values_list()),
        "topics": list(Topic.objects.order_by("pk").values_list("slug", "name")),
        "articles": list(Article.objects.order_by("pk").values_list("slug", "title", "body")),
    }


def assert_data_is_sane():
    """Whatever was saved is within the rules the forms state."""
    for anxiety, mood, note, tags in CheckIn.objects.values_list("anxiety", "mood", "note", "tags"):
        assert 0 <= anxiety <= 10 and 1 <= mood <= 5
        assert len(note) <= 2000 and "\x00" not in note
        assert all(tag in TAGS for tag in tags.split(",") if tag)
    for before, after, steps in PracticeSession.objects.values_list(
        "rating_before", "rating_after", "steps_completed"
    ):
        assert before is None or 0 <= before <= 10
        assert after is None or 0 <= after <= 10
        assert 0 <= steps <= 500
    for name, phone, email, message in Person.objects.values_list(
        "name", "phone", "email", "message"
    ):
        assert name and (phone or email) and len(message) <= 500
        validate_phone(phone)
    for warning_signs, clinician_phone in Plan.objects.values_list(
        "warning_signs", "clinician_phone"
    ):
        assert len(warning_signs) <= 1000
        validate_phone(clinician_phone)


def shows_a_message(response):
    body = response.content.decode(errors="replace")
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return '"errors"' in body
    return bool(
        re.search(r'class="errorlist|class="form-errors"|role="alert"', body)
        or (response.status_code in (400, 404, 413, 429) and body.strip())
    )


# --- Clients --------------------------------------------------------------------------


class CsrfClient(Client):
    """Checks CSRF like production does, sending the current token from the cookie with
    every request (as htmx does). A body Django cannot parse is then refused by the CSRF
    check, which reads the form, before any view sees it."""

    def __init__(self):
        super().__init__(enforce_csrf_checks=True)
        self.get("/")

    def request(self, **request):
        token = self.cookies.get(django_settings.CSRF_COOKIE_NAME)
        if token:
            request.setdefault("HTTP_X_CSRFTOKEN", token.value)
        return super().request(**request)


@pytest.fixture
def clients(world):
    owner = world.users["owner"]
    # Only verified addresses, so two-factor set-up is open to the owner.
    EmailAddress.objects.filter(user=owner, verified=False).delete()
    # Signed in, and the password entered again: pages that ask for a recent
    # reauthentication (email, two-factor) are open for the length of this test.
    owner_client = CsrfClient()
    response = owner_client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    response = owner_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    editor_client = CsrfClient()
    editor_client.force_login(world.users["editor"])
    clients = {"owner": owner_client, "visitor": CsrfClient(), "editor": editor_client}
    world.extra["clients"] = clients
    return clients


def send(client, endpoint, path, body, content_type="application/x-www-form-urlencoded"):
    headers = {"HX-Request": "true"} if endpoint.htmx else {}
    if endpoint.method == "GET":
        return ask(client, "GET", f"{path}?{body}" if body else path, headers=headers)
    return ask(client, "POST", path, data=body, content_type=content_type, headers=headers)


def check(endpoint, response, before):
    status = response.status_code
    label = f"{endpoint.name}: {endpoint.method} answered {status}"
    assert status < 500, label
    succeeded = status in endpoint.success
    if endpoint.htmx and status == 200:
        # An htmx check-in answers 200 either way: the event says it was saved.
        succeeded = "HX-Trigger" in response.headers
    if endpoint.method == "GET":
        # The page, with a message if a filter was wrong; or 400 for a NUL character.
        assert status in (200, 400), label
    elif not succeeded:
        # 400 is always a fair refusal (e.g. a body Django cannot parse), and so is 413
        # for a body over the size limit (aira.middleware.RequestBodyLimitMiddleware).
        assert status in (*endpoint.refused, 400, 413), label
        quiet = endpoint.may_just_show_the_page and status == 200
        assert quiet or shows_a_message(response), f"{label} without saying what was wrong"
    if not succeeded:
        assert snapshot() == before, f"{label} but changed data"
    if status in (301, 302):
        location = urlsplit(response.headers["Location"])
        assert not location.netloc, f"{label}: redirected off the site to {location.geturl()}"
    assert_data_is_sane()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
@FUZZ
@given(data=st.data())
def test_odd_form_values_never_break_an_endpoint(world, clients, endpoint, data):
    fields = data.draw(form(endpoint.fields), label="fields")
    # Days are counted in the person's own time zone, sent by the browser in a cookie.
    clients[endpoint.role].cookies["aira_tz"] = data.draw(TIME_ZONES, label="time zone")
    path = endpoint.path(world)
    before = snapshot()
    response = send(clients[endpoint.role], endpoint, path, encode(fields))
    check(endpoint, response, before)


# Each kind of bad value, in every field of every endpoint, every run: hypothesis
# explores at random, this makes sure the known troublemakers are always tried (NUL is
# fine for SQLite but refused by PostgreSQL; far-off dates overflow; and so on).
KNOWN_TROUBLE = [
    "a\x00b",
    "\ud800",
    "x" * 100_000,
    "-1",
    str(10**40),
    "nan",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31",
    "12345678-1234-1234-1234-1234567890123",
    "",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_each_kind_of_bad_value_in_every_field(world, clients, endpoint):
    for bad in KNOWN_TROUBLE:
        path = endpoint.path(world)
        before = snapshot()
        fields = dict.fromkeys(endpoint.fields, bad)
        response = send(clients[endpoint.role], endpoint, path, encode(fields))
        check(endpoint, response, before)


POST_ENDPOINTS = [e for e in ENDPOINTS if e.method == "POST" and not e.htmx]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=xyz",
    "application/json",
    "text/plain; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
]


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS, ids=[e.name for e in POST_ENDPOINTS])
@settings(FUZZ, max_examples=max(5, FUZZ.max_examples // 3))
@given(body=st.binary(max_size=3000), content_type=st.sampled_from(CONTENT_TYPES))
def test_raw_bytes_never_break_an_endpoint(world, clients, endpoint, body, content_type):
    path = endpoint.path(world)
    before = snapshot()
    response = send(clients[endpoint.role], endpoint, path, body, content_type=content_type)
    check(endpoint, response, before)


def path_segment():
    return (
        st.one_of(NASTY, NUMBERS, UUIDS)
        .filter(bool)
        .map(lambda s: quote_from_bytes(s.encode("utf-8", "surrogatepass"), safe=""))
    )


@FUZZ
@given(
    checkin_id=path_segment(),
    session_id=path_segment(),
    # Anything but the practice's real step numbers, 1 and 2.
    number=path_segment().filter(lambda s: not (s.isascii() and s.isdigit() and 1 <= int(s) <= 2)),
)
def test_malformed_ids_in_addresses_are_not_found(world, clients, checkin_id, session_id, number):
    owner = clients["owner"]
    slug = world.practice.slug
    before = snapshot()
    for method, path in [
        ("GET", f"/progress/checkins/{checkin_id}/"),
        ("POST", f"/progress/checkins/{checkin_id}/edit/"),
        ("POST", f"/progress/checkins/{checkin_id}/delete/"),
        ("GET", f"/progress/sessions/{session_id}/"),
        ("POST", f"/practices/{slug}/s/{session_id}/before/"),
        ("POST", f"/practices/{slug}/s/{world.session.uuid}/step/{number}/"),
        ("GET", f"/library/{checkin_id}/"),
    ]:
        response = ask(owner, method, path)
        assert response.status_code in (400, 404), f"{method} {path}: {response.status_code}"
    assert snapshot() == before


def test_an_enormous_step_number_is_not_found(world, clients):
    session = world.session
    path = f"/practices/{session.practice.slug}/s/{session.uuid}/step/{10**40}/"
    assert ask(clients["owner"], "POST", path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/library/search/?q=calm%00",
        "/admin/library/article/?status__exact=%00",
        "/progress/history/?kind=%00",
    ],
)
def test_a_nul_character_is_refused_before_any_query(world, path):
    # A NUL in a query parameter is a server error on PostgreSQL (the search was one).
    client = Client()
    client.force_login(world.users["superuser"])
    response = ask(client, "GET", path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


# Found by the tests above: each of these was a server error (OverflowError) before
# the forms bounded dates and device times to the years 2000-2100.
FAR_OFF_MOMENTS = ["0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00"]


@pytest.mark.parametrize("moment", FAR_OFF_MOMENTS)
def test_far_off_device_times_are_refused(world, clients, moment):
    owner = clients["owner"]
    before = snapshot()
    checkin = owner.post(
        "/progress/checkins/sync/",
        {"uuid": uuid.uuid4(), "anxiety": 3, "mood": 3, "created_at": moment},
    )
    session = owner.post(
        "/practices/sessions/sync/",
        {
            "session_id": uuid.uuid4(),
            "practice": world.practice.slug,
            "started_at": moment,
            "steps_completed": 1,
        },
    )
    assert checkin.status_code == session.status_code == 400
    assert "created_at" in checkin.json()["errors"]
    assert "started_at" in session.json()["errors"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "/progress/summary/?start=9999-12-01&end=9999-12-31",
        "/progress/history/?start=0001-01-01&end=9999-12-31",
    ],
)
def test_far_off_days_are_refused_with_a_message(clients, query):
    response = clients["owner"].get(query)
    assert response.status_code == 200
    assert "Choose a date between 2000 and 2100." in response.content.decode()


def test_a_recent_offline_check_in_is_still_saved(world, clients):
    moment = timezone.now() - timedelta(days=3)
    response = clients["owner"].post(
        "/progress/checkins/sync/",
        {"uuid": uuid.uuid4(), "anxiety": 3, "mood": 3, "created_at": moment.isoformat()},
    )
    assert response.status_code == 201

"""Everything Aira holds about a user, as JSON or as a zip of CSV files."""

import csv
import datetime
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from practices.models import PracticePreferences, PracticeSession
from tracking.models import CheckIn, Mood, TrackingPreferences, split_tags
from tracking.services import bookmarks_of

FORMAT = "aira-export-1"

SESSION_FIELDS = [
    "uuid",
    "practice",
    "practice_slug",
    "started_at",
    "ended_at",
    "rating_before",
    "rating_after",
    "steps_completed",
    "finished",
]
CHECKIN_FIELDS = ["uuid", "created_at", "anxiety", "mood", "mood_words", "tags", "note"]
BOOKMARK_FIELDS = ["article", "article_slug", "created_at"]
ACCOUNT_FIELDS = [
    "email",
    "display_name",
    "date_joined",
    "last_login",
    "email_addresses",
    "show_practice_days",
    "show_totals",
    "show_trend",
    "breathing_pace",
]
DEVICE_FIELDS = ["created_at", "last_seen_at", "ip", "user_agent"]
TWO_FACTOR_FIELDS = ["type", "created_at", "last_used_at"]
MOOD_WORDS = dict(Mood.choices)


def _account(user):
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
    }


def _preferences(user):
    preferences = TrackingPreferences.for_user(user)
    return {
        "show_practice_days": preferences.show_practice_days,
        "show_totals": preferences.show_totals,
        "show_trend": preferences.show_trend,
        "breathing_pace": PracticePreferences.objects.filter(user=user)
        .values_list("breathing_pace", flat=True)
        .first()
        or "",
    }


def _sessions(user):
    rows = (
        PracticeSession.objects.for_user(user)
        .order_by("started_at")
        .values(
            "uuid",
            "practice__title",
            "practice__slug",
            "started_at",
            "ended_at",
            "rating_before",
            "rating_after",
            "steps_completed",
            "finished",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        row["practice"] = row.pop("practice__title")
        row["practice_slug"] = row.pop("practice__slug")
        yield {name: row[name] for name in SESSION_FIELDS}


def _checkins(user):
    rows = (
        CheckIn.objects.for_user(user)
        .order_by("created_at")
        .values("uuid", "created_at", "anxiety", "mood", "tags", "note")
    )
    for row in rows.iterator(chunk_size=2000):
        row["mood_words"] = MOOD_WORDS.get(row["mood"], "")
        row["tags"] = split_tags(row["tags"])
        yield {name: row[name] for name in CHECKIN_FIELDS}


def _bookmarks(user):
    bookmarks = bookmarks_of(user)
    if bookmarks is None:
        return
    rows = bookmarks.order_by("created_at").values("article__title", "article__slug", "created_at")
    for row in rows.iterator(chunk_size=2000):
        yield {
            "article": row["article__title"],
            "article_slug": row["article__slug"],
            "created_at": row["created_at"],
        }


def _signed_in_devices(user):
    from allauth.usersessions.models import UserSession

    return list(UserSession.objects.filter(user=user).order_by("created_at").values(*DEVICE_FIELDS))


def _two_factor(user):
    from allauth.mfa.models import Authenticator

    # The type and dates only: the secrets themselves are never exported.
    return list(
        Authenticator.objects.filter(user=user).order_by("created_at").values(*TWO_FACTOR_FIELDS)
    )


def collect(user):
    """Every personal record, as plain Python data."""
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "account": _account(user),
        "preferences": _preferences(user),
        "practice_sessions": list(_sessions(user)),
        "checkins": list(_checkins(user)),
        "bookmarks": list(_bookmarks(user)),
        "signed_in_devices": _signed_in_devices(user),
        "two_factor_methods": _two_factor(user),
    }


class ExportEncoder(DjangoJSONEncoder):
    """Full ISO 8601 times (DjangoJSONEncoder cuts microseconds), as in the CSV files."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def as_json(user):
    return json.dumps(collect(user), cls=ExportEncoder, indent=2, ensure_ascii=False)


def _cell(value):
    """A CSV cell. Text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ",".join(value)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv(fieldnames, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(fieldnames)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in fieldnames])
    return buffer.getvalue()


def as_zip(user):
    """account.csv, sessions.csv, checkins.csv, bookmarks.csv, devices.csv and
    two_factor.csv, each with a header row: what the JSON export holds."""
    account = _account(user)
    account["email_addresses"] = "; ".join(
        a["email"] + (" (verified)" if a["verified"] else "") for a in account["email_addresses"]
    )
    account.update(_preferences(user))
    files = {
        "account.csv": _csv(ACCOUNT_FIELDS, [account]),
        "sessions.csv": _csv(SESSION_FIELDS, _sessions(user)),
        "checkins.csv": _csv(CHECKIN_FIELDS, _checkins(user)),
        "bookmarks.csv": _csv(BOOKMARK_FIELDS, _bookmarks(user)),
        "devices.csv": _csv(DEVICE_FIELDS, _signed_in_devices(user)),
        "two_factor.csv": _csv(TWO_FACTOR_FIELDS, _two_factor(user)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A byte-order mark so spreadsheet programs read accents and emoji as UTF-8.
            archive.writestr(name, "\ufeff" + text)
    return buffer.getvalue()

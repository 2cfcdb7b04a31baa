"""Everything Aira holds about a user, as JSON or as a zip of CSV files.

The account, its email addresses, signed-in devices and two-factor methods come from
here; every app's own rows and preferences from its personal_data module
(accounts/personal_data.py)."""

import csv
import datetime
import io
import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts import personal_data

FORMAT = "aira-export-1"

# account.csv: these, then each app's preferences.
ACCOUNT_FIELDS = [
    "email",
    "display_name",
    "language",
    "date_joined",
    "last_login",
    "email_addresses",
]
DEVICE_FIELDS = ["created_at", "last_seen_at", "ip", "user_agent"]
TWO_FACTOR_FIELDS = ["type", "created_at", "last_used_at"]


def _account(user):
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
    }


def _signed_in_devices(user):
    return list(UserSession.objects.filter(user=user).order_by("created_at").values(*DEVICE_FIELDS))


def _two_factor(user):
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
        "preferences": personal_data.preferences(user),
        **{table.name: list(table.rows(user)) for table in personal_data.tables()},
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
    """account.csv, a CSV file for each app's table (sessions.csv, checkins.csv,
    bookmarks.csv), devices.csv and two_factor.csv, each with a header row: what the
    JSON export holds."""
    account = _account(user)
    account["email_addresses"] = "; ".join(
        a["email"] + (" (verified)" if a["verified"] else "") for a in account["email_addresses"]
    )
    preferences = personal_data.preferences(user)
    account.update(preferences)
    files = {
        "account.csv": _csv([*ACCOUNT_FIELDS, *preferences], [account]),
        **{
            table.filename: _csv(table.fields, table.rows(user)) for table in personal_data.tables()
        },
        "devices.csv": _csv(DEVICE_FIELDS, _signed_in_devices(user)),
        "two_factor.csv": _csv(TWO_FACTOR_FIELDS, _two_factor(user)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A byte-order mark so spreadsheet programs read accents and emoji as UTF-8.
            archive.writestr(name, "\ufeff" + text)
    return buffer.getvalue()

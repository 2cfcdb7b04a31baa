"""The pause and stop links in a reminder email: they work without signing in, so the
link itself is the permission. Each is signed (django.core.signing, with a salt of its
own, so a pause link can never stop and neither can do anything else), expires after
LINK_DAYS, names one ReminderSent by its random nonce (so one person's link can never
touch another's reminder) and works once (ReminderSent records its use)."""

from datetime import timedelta

from django.core import signing

LINK_AGE = timedelta(days=30)
ACTIONS = ("pause", "stop")


def salt(action):
    return f"reminders.link.{action}"


def make_token(sent, action):
    return signing.dumps({"u": sent.user_id, "n": sent.nonce}, salt=salt(action), compress=True)


def read_token(token, action):
    """(user id, nonce) from a valid token, or None for a forged, altered, expired or
    wrong-purpose one."""
    try:
        data = signing.loads(token, salt=salt(action), max_age=LINK_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if not isinstance(data.get("n"), str):
        return None
    return data["u"], data["n"]

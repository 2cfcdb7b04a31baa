from django.db import IntegrityError, transaction

from together.models import SharedSession, key_digest, purge_expired


def start_session(*, pattern, starter_key):
    """A new shared session with `pattern` (together.forms.Pattern), or the one this key
    already started (a double tap, a retried request). Returns (session, created), or
    (None, False) when the key started a session that has since ended: a key is good for
    one session only."""
    digest = key_digest(starter_key)
    existing = SharedSession.objects.filter(starter_key_digest=digest).first()
    if existing is not None:
        return (existing, False) if existing.is_live() else (None, False)
    # Ended sessions go as new ones start (and by `manage.py purge_together`).
    purge_expired()
    try:
        with transaction.atomic():
            session = SharedSession.objects.create(
                starter_key_digest=digest,
                practice_title="" if pattern.value == "gentle" else pattern.title,
                **pattern.seconds,
            )
    except IntegrityError:
        # The same key, at the same moment, from the other tap: that one won.
        existing = SharedSession.objects.filter(starter_key_digest=digest).first()
        if existing is None:
            raise
        return existing, False
    return session, True

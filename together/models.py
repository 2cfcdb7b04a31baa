"""Breathe together: one shared breathing pace on a link, and how many are breathing now.

Nothing here is about a person. A shared session keeps the pattern, when it started and
when it ends, and a digest of the starter's key (the key itself stays in the starter's
browser). A presence is a random token a browser tab made up for itself and the moment
it last said it was here. No user, no name, no address; rows go when the session ends.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

LIFETIME = timedelta(hours=2)
# A tab polls every TOGETHER_POLL_SECONDS (5 s): one that has not been heard from in
# this long has closed or lost its connection.
PRESENT_WITHIN = timedelta(seconds=20)
# secrets.token_urlsafe(n) encodes n random bytes: 16 bytes are 128 bits.
TOKEN_BYTES = 16
PARTICIPANT_PATTERN = r"[A-Za-z0-9_-]{22,43}"


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def key_digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


class SharedSessionQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def expired(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())


class SharedSession(models.Model):
    """One shared breathing pace. Everyone on its link breathes the same phase at the
    same moment: the phase is worked out from `started_at` on each device."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The starter's browser keeps the key (a cookie for this session's pages only); a
    # digest here, so the table alone can't end anyone's session. Unique: the start form
    # carries the key, so a double tap finds the session the first tap made.
    starter_key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The practice the pattern came from (public content), or "" for the gentle default.
    practice_title = models.CharField(max_length=200, blank=True)
    # The pattern as written, copied when the session starts: an editor changing the
    # practice must not change the pace under people breathing to it. The names match
    # practices.Step's, so practices/pacing.py reads a session as it reads a step.
    inhale_seconds = models.PositiveSmallIntegerField()
    top_up_seconds = models.PositiveSmallIntegerField(default=0)
    hold_in_seconds = models.PositiveSmallIntegerField(default=0)
    exhale_seconds = models.PositiveSmallIntegerField()
    hold_out_seconds = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    objects = SharedSessionQuerySet.as_manager()

    class Meta:
        indexes = [
            # purge_expired(): the sessions past their end.
            models.Index(fields=["ends_at"], name="together_session_ends_at"),
        ]
        constraints = [
            models.CheckConstraint(
                name="together_session_breathes",
                condition=Q(inhale_seconds__gte=1, exhale_seconds__gte=1),
            ),
            models.CheckConstraint(
                name="together_session_ends_after_start", condition=Q(ends_at__gt=F("started_at"))
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.ends_at is None:
            self.ends_at = self.started_at + LIFETIME
        super().save(*args, **kwargs)

    @property
    def name(self):
        return self.practice_title or str(_("Gentle breathing"))

    # What practices/pacing.py asks of a step: a shared session has no set number of
    # rounds (it goes on until it ends) and never eases in.
    @property
    def cycles(self):
        return 1

    @property
    def eases_in(self):
        return False

    def is_live(self, now=None):
        return self.ends_at > (now or timezone.now())

    def is_starter(self, key):
        return bool(key) and constant_time_compare(key_digest(key), self.starter_key_digest)

    def end(self, now=None):
        """End it for everyone now: the link stops working at once."""
        now = now or timezone.now()
        if self.ends_at > now:
            self.ends_at = max(now, self.started_at + timedelta(microseconds=1))
            self.save(update_fields=["ends_at"])

    def heartbeat(self, participant, now=None):
        """This tab is here now: one upsert, however many times a tab says it."""
        Presence.objects.bulk_create(
            [Presence(session=self, participant=participant, seen_at=now or timezone.now())],
            update_conflicts=True,
            unique_fields=["session", "participant"],
            update_fields=["seen_at"],
        )

    def present_count(self, now=None):
        cutoff = (now or timezone.now()) - PRESENT_WITHIN
        return self.presences.filter(seen_at__gte=cutoff).count()


class Presence(models.Model):
    """A browser tab on a shared session's link: a token it made up, and when it was
    last heard from. Nothing that says who or where."""

    session = models.ForeignKey(SharedSession, on_delete=models.CASCADE, related_name="presences")
    participant = models.CharField(max_length=43)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            # The heartbeat's upsert: one row per tab, however often it polls.
            models.UniqueConstraint(
                fields=["session", "participant"], name="together_presence_one_per_tab"
            ),
        ]
        indexes = [
            # The poll's count: a session's tabs heard from since a moment.
            models.Index(fields=["session", "seen_at"], name="together_presence_recent"),
        ]

    def __str__(self):
        return self.participant


def purge_expired(now=None):
    """Delete the sessions that have ended (their presences go with them). Returns how
    many sessions went."""
    deleted = SharedSession.objects.expired(now).delete()[1]
    return deleted.get(SharedSession._meta.label, 0)


def poll(token, participant, now=None):
    """The poll of one tab on a link: it is here now (an upsert), and how many tabs have
    been heard from lately, itself included. Returns (live, present), or None for a link
    that names no session. Nothing is written for a session that has ended.

    Two statements of plain SQL, the same on SQLite and PostgreSQL. This runs for every
    open tab every few seconds: built through the ORM, the same two queries cost about
    3 ms of Python per poll (the correlated count's compilation mostly), fifteen times
    what the database takes to answer them (make load-together). The count reads the
    (session, seen_at) index; `SharedSession.present_count` is the ORM's version, and
    the tests hold the two equal."""
    now = now or timezone.now()
    ops = connection.ops
    sessions = ops.quote_name(SharedSession._meta.db_table)
    presences = ops.quote_name(Presence._meta.db_table)
    moment = ops.adapt_datetimefield_value(now)
    cutoff = ops.adapt_datetimefield_value(now - PRESENT_WITHIN)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {presences} (session_id, participant, seen_at) "  # noqa: S608
            f"SELECT id, %s, %s FROM {sessions} WHERE token = %s AND ends_at > %s "
            "ON CONFLICT (session_id, participant) DO UPDATE SET seen_at = excluded.seen_at",
            [participant, moment, token, moment],
        )
        cursor.execute(
            f"SELECT CASE WHEN s.ends_at > %s THEN 1 ELSE 0 END, "  # noqa: S608
            f"(SELECT COUNT(*) FROM {presences} p WHERE p.session_id = s.id AND p.seen_at >= %s) "
            f"FROM {sessions} s WHERE s.token = %s",
            [moment, cutoff, token],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return bool(row[0]), row[1]

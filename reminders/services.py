"""Reminder workflows: finding the reminders due, sending each at most once a day, and
the links in the email."""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from aira.tasks import send_later
from practices.models import PracticeSession
from reminders import links
from reminders.models import MIN_GAP, Reminder, ReminderSent
from tracking.models import CheckIn

logger = logging.getLogger(__name__)


def day_bounds(day, zone):
    """The aware start and end of a local day (23 or 25 hours on the days the clocks
    change)."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def used_aira_on(user, day, zone):
    """Whether the person practised or checked in on their local `day`: then a reminder
    has nothing to add."""
    start, end = day_bounds(day, zone)
    return (
        PracticeSession.objects.filter(
            user=user, started_at__gte=start, started_at__lt=end
        ).exists()
        or CheckIn.objects.filter(user=user, created_at__gte=start, created_at__lt=end).exists()
    )


def absolute(path):
    return settings.AIRA_BASE_URL + path


def reminder_link(practice):
    """The one link a reminder offers: the practice it suggests (its suggested_practice,
    read once by the caller: in another language than English that is a query), else
    the check-in."""
    if practice is not None:
        return absolute(practice.get_absolute_url())
    return absolute(reverse("tracking:progress") + "#checkin")


def action_url(sent, action):
    return absolute(
        reverse(f"reminders:{action}", kwargs={"token": links.make_token(sent, action)})
    )


def render_email(reminder, sent):
    """The email: a short kind line and one link, then the pause and stop links, with the
    List-Unsubscribe headers mail apps show as an unsubscribe button (RFC 2369, and RFC
    8058's one-click POST)."""
    from django.core.mail import EmailMultiAlternatives

    stop_url = action_url(sent, "stop")
    practice = reminder.suggested_practice
    context = {
        "reminder": reminder,
        "practice": practice,
        "link": reminder_link(practice),
        "pause_url": action_url(sent, "pause"),
        "stop_url": stop_url,
        "settings_url": absolute(reverse("reminders:settings")),
    }
    subject = " ".join(render_to_string("reminders/email_subject.txt", context).split())
    body = render_to_string("reminders/email_body.txt", context)
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[reminder.user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Reminders are automatic: no out-of-office replies, please (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )


def dispatch(*, now=None):
    """Send every reminder due now, each at most once per local day. Returns how many
    were sent. Safe to run at any time and from two workers at once: the unique
    (user, local_date) row is taken before the email is handed on."""
    now = now or timezone.now()
    sent_count = 0
    due = Reminder.objects.filter(enabled=True).select_related("user", "practice")
    for reminder in due.iterator(chunk_size=500):
        day = reminder.due_on(now)
        if day is None or not reminder.user.is_active:
            continue
        if used_aira_on(reminder.user, day, reminder.zone):
            continue
        if ReminderSent.objects.filter(user=reminder.user, sent_at__gt=now - MIN_GAP).exists():
            continue  # a change of time zone must not make two reminders within hours
        try:
            with transaction.atomic():
                sent = ReminderSent.objects.create(user=reminder.user, local_date=day, sent_at=now)
                # In the person's chosen language (the worker has no request to take it
                # from); English until they choose one.
                with translation.override(reminder.user.language or settings.LANGUAGE_CODE):
                    message = render_email(reminder, sent)
                # Enqueued inside the transaction: with the database queue both rows
                # commit together, so a crash cannot record a reminder that never goes.
                send_later(message)
        except IntegrityError:
            continue  # another worker took this day first
        sent_count += 1
    return sent_count


# A little longer than a pause or stop link lives (links.LINK_AGE, 30 days).
KEEP_SENT_DAYS = 40


def forget_old_reminders(*, now=None):
    """Delete the record of reminders sent more than KEEP_SENT_DAYS ago: by then their
    links have expired, and nothing else needs them."""
    now = now or timezone.now()
    deleted, _by_model = ReminderSent.objects.filter(
        sent_at__lt=now - timedelta(days=KEEP_SENT_DAYS)
    ).delete()
    return deleted


USED_FIELDS = {"pause": "paused_by_link_at", "stop": "stopped_by_link_at"}


def _link_email(token, action):
    """The ReminderSent a valid token names, or None."""
    found = links.read_token(token, action)
    if found is None:
        return None
    user_id, nonce = found
    return ReminderSent.objects.filter(user_id=user_id, nonce=nonce).first()


def use_link(token, action, *, now=None):
    """Pause or stop the reminder a link names, once. Returns the Reminder changed, or
    None when the link is not valid (forged, expired, already used, or its reminder
    has gone)."""
    found = links.read_token(token, action)
    if found is None:
        return None
    user_id, nonce = found
    now = now or timezone.now()
    used_field = USED_FIELDS[action]
    with transaction.atomic():
        # Marking the link used is the same update that finds it unused: of two clicks
        # at once, one wins.
        updated = ReminderSent.objects.filter(
            user_id=user_id, nonce=nonce, **{f"{used_field}__isnull": True}
        ).update(**{used_field: now})
        if not updated:
            return None
        reminder = Reminder.objects.filter(user_id=user_id).first()
        if reminder is None:
            return None
        if action == "pause":
            reminder.pause(today=now.astimezone(reminder.zone).date())
        else:
            reminder.stop()
    return reminder


def link_state(token, action):
    """For the page a link opens: (usable, reminder). A link that would work shows its
    button; a used one shows where things stand now (its holder just pressed it); any
    other shows neither."""
    sent = _link_email(token, action)
    if sent is None:
        return False, None
    if getattr(sent, USED_FIELDS[action]) is None:
        return True, None
    return False, Reminder.objects.filter(user_id=sent.user_id).first()

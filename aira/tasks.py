"""Background work on Django's tasks framework (the django-tasks backport).

Emails are sent by a task, never inside the request: a mail server that is down or slow
no longer fails a sign-up, and the message waits in the queue until it can go. The
tasks framework has no retries of its own, so `retry_later` gives a task a few more
attempts, each enqueued with `run_after` further off; after the last one the failure is
logged at ERROR and the task's result stays in the queue's table, marked FAILED, for an
operator to see (README: "Background work").
"""

import io
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db.models import Case, F, Min, When
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task, task_backends

logger = logging.getLogger(__name__)

# The first retry after a minute, then 2, 4, 8 and 16: about half an hour in all, long
# enough for a mail server's restart or a short outage at the provider.
FIRST_RETRY = timedelta(minutes=1)
# What a failed send raises when the server cannot be reached or refuses.
SEND_ERRORS = (smtplib.SMTPException, OSError)
# A task still running this long after it started has lost its worker: none of Aira's
# runs for more than a few minutes (the longest, a practice's recount for everyone after
# its length changed, about a second per thousand people).
ABANDONED_AFTER = timedelta(hours=1)


class GaveUp(Exception):
    """The last attempt failed: the task's result is marked FAILED with this."""


class Abandoned(Exception):
    """Its worker stopped (killed, out of memory) before the task finished: the task's
    result is marked FAILED with this (fail_abandoned_tasks)."""


def backoff(attempt):
    return FIRST_RETRY * 2 ** (attempt - 1)


def retry_later(task_, *, attempt, error, kwargs):
    """Enqueue `task_` again for attempt `attempt + 1`, later; or, after the last attempt,
    log at ERROR and raise, so the result is FAILED and nothing is dropped silently.

    Only the error's type is logged: an SMTP error's text can quote the address."""
    name = task_.name
    if attempt >= settings.AIRA_EMAIL_ATTEMPTS:
        logger.error(
            "Task %s failed on its last attempt (%d): %s",
            name,
            attempt,
            type(error).__name__,
        )
        # Without the error chained: its text (kept in the result's traceback, and in
        # the log) can quote the address the server refused.
        raise GaveUp(
            f"{name} failed {attempt} times; the last error was {type(error).__name__}"
        ) from None
    later = task_
    if task_.get_backend().supports_defer:
        later = task_.using(run_after=timezone.now() + backoff(attempt))
    logger.warning(
        "Task %s failed (attempt %d of %d, %s); trying again in %s",
        name,
        attempt,
        settings.AIRA_EMAIL_ATTEMPTS,
        type(error).__name__,
        backoff(attempt),
    )
    result = later.enqueue(**kwargs, attempt=attempt + 1)
    return {"retry": str(result.id), "attempt": attempt + 1}


# --- Email ------------------------------------------------------------------------------


def message_to_dict(message):
    """What a task needs to send `message` again: plain JSON (the queue's args are
    stored as JSON). Attachments are not carried: no email of Aira's has one."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_dict(data):
    message = mail.EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.content_subtype = data["content_subtype"]
    return message


@task()
def send_email(message, attempt=1):
    """Send one rendered email through EMAIL_BACKEND, trying again later if it fails."""
    try:
        message_from_dict(message).send(fail_silently=False)
    except SEND_ERRORS as error:
        return retry_later(send_email, attempt=attempt, error=error, kwargs={"message": message})
    return {"sent": True, "attempt": attempt}


def send_later(message):
    """Hand a rendered EmailMessage to the worker."""
    return send_email.enqueue(message=message_to_dict(message))


# --- The queue itself -------------------------------------------------------------------


@task()
def prune_task_results():
    """Finished results hold what their task was given: a sent email's copy (its address,
    its links) is kept a day, a failed one 30 days, for an operator to look into."""
    out = io.StringIO()
    call_command(
        "prune_db_task_results",
        "--queue-name=*",
        "--min-age-days=1",
        "--failed-min-age-days=30",
        stdout=out,
        stderr=out,
    )
    return out.getvalue().strip()


@task()
def fail_abandoned_tasks():
    """A worker killed in the middle of a task (KILL after a stop's grace period, out of
    memory, the machine gone) leaves the task RUNNING for ever: the database backend
    cannot tell a task that runs from one whose worker is gone (django-tasks-db's issue
    5). A task still running ABANDONED_AFTER after it started is marked FAILED with
    Abandoned, so it is logged at ERROR and `manage.py failed_tasks` lists it. It is
    not run again: an email whose worker died may have gone out already, and a
    reminder is due only once a day. A worker that was alive after all (sends time out
    after EMAIL_TIMEOUT, so none should be) marks its task successful when it ends."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    lost = dict(running.filter(started_at__lt=now - ABANDONED_AFTER).values_list("pk", "task_path"))
    count = running.filter(pk__in=lost).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="aira.tasks.Abandoned",
        traceback="aira.tasks.Abandoned: its worker stopped before the task finished\n",
    )
    if count:
        # The tasks' names only: their arguments can hold an email's address.
        logger.error(
            "%d task(s) lost their worker and were marked failed: %s",
            count,
            sorted(set(lost.values())),
        )
    return count


def queue_age_seconds(now=None):
    """Seconds the oldest task ready to run has been waiting (0 for an empty queue), or
    None when tasks do not go through the database (the tests' immediate backend).

    A task with a `run_after` waits from then, not from when it was enqueued: a retry
    due in 16 minutes is not late."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    now = now or timezone.now()
    # A task enqueued with no run_after is stored with a far-off one (get_date_max()).
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    oldest = DBTaskResult.objects.ready().aggregate(at=Min(waiting_since))["at"]
    if oldest is None:
        return 0
    return max(0, int((now - oldest).total_seconds()))

"""The task queue for real: the database backend and its worker (`manage.py db_worker`),
the email task's retries, the scheduler and /healthz's queue age."""

import io
import logging
import signal
import smtplib
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from aira import scheduler, tasks
from tests.aira.test_accounts import sign_up
from together.models import SharedSession, key_digest

pytestmark = pytest.mark.django_db
# The worker closes the database connection between tasks, as it must in production:
# tests that run it cannot sit inside one rolled-back transaction.
with_worker = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class FlakyEmailBackend:
    """A mail server that is down while `down` is set, and delivers to mail.outbox
    otherwise."""

    down = True
    attempts = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyEmailBackend.attempts += 1
        if FlakyEmailBackend.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def queue(settings):
    """Tasks go through the database, as in production."""
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = f"{__name__}.FlakyEmailBackend"
    FlakyEmailBackend.down, FlakyEmailBackend.attempts = True, 0
    return settings


@contextmanager
def own_signal_handlers():
    # The worker sets its own Ctrl-C handler; give pytest's back afterwards.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_worker():
    """The real worker, until no task is ready (--batch)."""
    with own_signal_handlers():
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
        )


def time_passes():
    """Every task waiting for its run_after is due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def email_results():
    return DBTaskResult.objects.filter(task_path="aira.tasks.send_email").order_by("enqueued_at")


def test_the_settings_use_the_database_queue_in_production():
    from aira import settings as production

    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in production.INSTALLED_APPS


@with_worker
def test_sign_up_with_the_mail_server_down_answers_normally_and_the_email_goes_later(client, queue):
    response = sign_up(client, "new.person@example.com")
    assert response.status_code == 302
    assert "Check your email" in client.get(response.headers["Location"]).content.decode()
    # The request only queued the email: nothing has met the mail server yet.
    assert FlakyEmailBackend.attempts == 0
    assert email_results().get().status == TaskResultStatus.READY

    run_worker()  # the server is down: the attempt fails and a retry is queued for later
    first, retry = email_results()
    assert FlakyEmailBackend.attempts == 1
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value["retry"] == str(retry.id)
    assert retry.status == TaskResultStatus.READY
    assert timedelta(seconds=59) < retry.run_after - first.started_at < timedelta(seconds=70)
    assert mail.outbox == []

    FlakyEmailBackend.down = False  # the server is back
    run_worker()
    assert mail.outbox == []  # the retry waits for its time
    time_passes()
    run_worker()
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert retry.return_value == {"sent": True, "attempt": 2}


@with_worker
def test_a_task_that_keeps_failing_is_retried_then_logged_and_kept_as_failed(
    queue, settings, caplog
):
    settings.AIRA_EMAIL_ATTEMPTS = 3
    message = EmailMultiAlternatives("Hello", "Body", to=["someone@example.com"])
    message.attach_alternative("<p>Body</p>", "text/html")
    tasks.send_later(message)
    waits = []  # how far off each retry was put, measured before time passes
    with caplog.at_level(logging.WARNING, logger="aira.tasks"):
        for _attempt in range(5):
            tried_at = timezone.now()
            run_worker()
            retry = DBTaskResult.objects.filter(status=TaskResultStatus.READY).first()
            if retry is not None:
                waits.append(retry.run_after - tried_at)
            time_passes()
    results = list(email_results())
    assert [r.status for r in results] == [
        TaskResultStatus.SUCCESSFUL,  # attempt 1: failed, retry queued
        TaskResultStatus.SUCCESSFUL,  # attempt 2: failed, retry queued
        TaskResultStatus.FAILED,  # attempt 3, the last: kept, marked failed
    ]
    assert FlakyEmailBackend.attempts == 3
    # A minute, then two: each wait longer than the last.
    assert len(waits) == 2
    assert timedelta(seconds=55) < waits[0] <= timedelta(seconds=65)
    assert timedelta(seconds=115) < waits[1] <= timedelta(seconds=125)
    last = results[-1]
    assert last.exception_class_path == "aira.tasks.GaveUp"
    assert "Connection unexpectedly closed" not in last.traceback  # an SMTP error's text
    assert last.args_kwargs["kwargs"]["message"]["to"] == ["someone@example.com"]
    assert last.args_kwargs["kwargs"]["message"]["alternatives"] == [["<p>Body</p>", "text/html"]]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "aira.tasks"]
    assert len(errors) == 1
    assert "failed on its last attempt (3): SMTPServerDisconnected" in errors[0].getMessage()
    assert "someone@example.com" not in caplog.text
    assert mail.outbox == []
    # An operator's list of failures names the task and the error, never the message.
    out = io.StringIO()
    call_command("failed_tasks", stdout=out)
    listed = out.getvalue()
    assert f"aira.tasks.send_email aira.tasks.GaveUp {last.id}" in listed
    assert "1 failed task(s) in the last 7 days." in listed
    assert "someone@example.com" not in listed


def test_task_results_are_not_in_the_admin():
    """Their arguments can hold a whole email (address, sign-in link)."""
    from django.contrib import admin

    assert not admin.site.is_registered(DBTaskResult)


@with_worker
def test_a_retried_email_is_sent_exactly_once(queue):
    tasks.send_later(EmailMultiAlternatives("Hello", "Body", to=["someone@example.com"]))
    run_worker()
    FlakyEmailBackend.down = False
    for _round in range(3):
        time_passes()
        run_worker()
    assert len(mail.outbox) == 1


def test_the_immediate_backend_of_the_tests_sends_within_the_request(client):
    """tests rely on it: allauth's emails are in mail.outbox when the response returns."""
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    sign_up(client, "new.person@example.com")
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]


# --- The scheduler -------------------------------------------------------------------------


def test_the_scheduler_enqueues_each_periodic_job_once_per_interval(queue, settings):
    settings.PERIODIC_TASKS = {
        "practices.tasks.purge_visitor_sessions": 24 * 60 * 60,
        "reminders.tasks.dispatch_reminders": 5 * 60,
    }
    call_command("scheduler", "--once")
    call_command("scheduler", "--once")  # nothing is due again yet
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == ["practices.tasks.purge_visitor_sessions", "reminders.tasks.dispatch_reminders"]

    in_six_minutes = timezone.now() + timedelta(minutes=6)
    assert scheduler.due_jobs(in_six_minutes) == ["reminders.tasks.dispatch_reminders"]
    assert scheduler.due_jobs(timezone.now() + timedelta(days=1, minutes=1)) == [
        "practices.tasks.purge_visitor_sessions",
        "reminders.tasks.dispatch_reminders",
    ]


@with_worker
def test_periodic_jobs_run_on_the_worker(queue, make_practice):
    from practices.models import PracticeSession

    practice = make_practice()
    old = PracticeSession.objects.create(practice=practice, rating_before=5)
    PracticeSession.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=30))
    recent = PracticeSession.objects.create(practice=practice, rating_before=5)
    ended_together = SharedSession.objects.create(
        starter_key_digest=key_digest("a key"), inhale_seconds=4, exhale_seconds=6
    )
    ended_together.end()
    call_command("scheduler", "--once")
    run_worker()
    assert list(PracticeSession.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SharedSession.objects.exists()
    statuses = set(DBTaskResult.objects.values_list("task_path", "status"))
    assert ("practices.tasks.purge_visitor_sessions", TaskResultStatus.SUCCESSFUL) in statuses
    assert ("reminders.tasks.dispatch_reminders", TaskResultStatus.SUCCESSFUL) in statuses
    assert ("aira.tasks.prune_task_results", TaskResultStatus.SUCCESSFUL) in statuses
    assert ("reminders.tasks.forget_old_reminders", TaskResultStatus.SUCCESSFUL) in statuses
    assert ("together.tasks.purge_ended_sessions", TaskResultStatus.SUCCESSFUL) in statuses
    assert ("aira.tasks.fail_abandoned_tasks", TaskResultStatus.SUCCESSFUL) in statuses


def test_pruning_keeps_failed_results_longer_than_sent_ones(queue):
    now = timezone.now()
    for status, age in [
        (TaskResultStatus.SUCCESSFUL, 2),
        (TaskResultStatus.SUCCESSFUL, 0),
        (TaskResultStatus.FAILED, 2),
        (TaskResultStatus.FAILED, 31),
    ]:
        result = tasks.send_email.enqueue(message={})
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, finished_at=now - timedelta(days=age, hours=1)
        )
    tasks.prune_task_results.call()
    left = sorted(
        (status, (now - finished).days)
        for status, finished in DBTaskResult.objects.values_list("status", "finished_at")
    )
    assert left == [(TaskResultStatus.FAILED, 2), (TaskResultStatus.SUCCESSFUL, 0)]


# --- /healthz ------------------------------------------------------------------------------


def test_healthz_reports_how_long_the_oldest_ready_task_has_waited(client, queue):
    assert client.get("/healthz").json()["queue_age_seconds"] == 0
    waiting = tasks.send_email.enqueue(message={})
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    # A retry due later is not waiting yet; one due 2 minutes ago has waited 2 minutes.
    tasks.send_email.using(run_after=timezone.now() + timedelta(minutes=30)).enqueue(message={})
    body = client.get("/healthz").json()
    assert 595 <= body["queue_age_seconds"] <= 610
    assert set(body) == {"status", "database", "release", "queue_age_seconds"}

    DBTaskResult.objects.filter(pk=waiting.id).update(status=TaskResultStatus.SUCCESSFUL)
    tasks.send_email.using(run_after=timezone.now() - timedelta(minutes=2)).enqueue(message={})
    assert 115 <= client.get("/healthz").json()["queue_age_seconds"] <= 130


# --- A worker killed mid-task --------------------------------------------------------------


def test_a_task_whose_worker_was_killed_is_marked_failed_and_listed(queue, caplog):
    """A worker killed mid-task leaves its task RUNNING: after an hour it is marked failed
    (logged, and listed by failed_tasks), never run again; a task started recently, or
    not started, is left as it is."""
    now = timezone.now()
    lost = tasks.send_email.enqueue(message={"to": ["someone@example.com"]})
    busy = tasks.send_email.enqueue(message={})
    waiting = tasks.send_email.enqueue(message={})
    DBTaskResult.objects.filter(pk=lost.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(hours=1, minutes=5)
    )
    DBTaskResult.objects.filter(pk=busy.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=5)
    )

    with caplog.at_level(logging.ERROR, logger="aira.tasks"):
        assert tasks.fail_abandoned_tasks.call() == 1
        assert tasks.fail_abandoned_tasks.call() == 0  # once only

    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("pk", "status")}
    assert statuses[lost.id] == TaskResultStatus.FAILED
    assert statuses[busy.id] == TaskResultStatus.RUNNING
    assert statuses[waiting.id] == TaskResultStatus.READY
    result = DBTaskResult.objects.get(pk=lost.id).task_result
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "aira.tasks.Abandoned"
    assert "1 task(s) lost their worker" in caplog.text
    assert "aira.tasks.send_email" in caplog.text
    assert "someone@example.com" not in caplog.text
    listed = io.StringIO()
    call_command("failed_tasks", stdout=listed)
    assert f"aira.tasks.send_email aira.tasks.Abandoned {lost.id}" in listed.getvalue()
    assert "1 failed task(s)" in listed.getvalue()

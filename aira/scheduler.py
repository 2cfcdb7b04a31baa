"""The one small loop that enqueues periodic jobs (settings.PERIODIC_TASKS), instead of
cron lines an operator has to remember. `manage.py scheduler` runs it.

A job is due when the queue holds no run of it enqueued within its interval, so the
queue's own table is the schedule's memory: a restarted scheduler neither repeats a
job nor forgets one. Two schedulers started by mistake could both enqueue a job in the
same second; every periodic job is safe to run twice (reminders are held to one a day
by a unique row), so that costs a little work and nothing else.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def due_jobs(now=None):
    """The periodic tasks (dotted paths) with no run enqueued within their interval."""
    now = now or timezone.now()
    due = []
    for path, seconds in settings.PERIODIC_TASKS.items():
        recent = DBTaskResult.objects.filter(
            task_path=path, enqueued_at__gt=now - timedelta(seconds=seconds)
        )
        if not recent.exists():
            due.append(path)
    return due


def enqueue_due_jobs(now=None):
    """Enqueue every job that is due; returns their paths."""
    due = due_jobs(now)
    for path in due:
        import_string(path).enqueue()
        logger.info("Enqueued periodic task %s", path)
    return due

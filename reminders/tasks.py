from django_tasks import task

from reminders import services


@task()
def dispatch_reminders():
    """Enqueued every few minutes by the scheduler (settings.PERIODIC_TASKS)."""
    return {"sent": services.dispatch()}


@task()
def forget_old_reminders():
    """Daily: a sent reminder's row is needed for a day (one a day) and for its links'
    30 days; after KEEP_SENT_DAYS it goes."""
    return {"deleted": services.forget_old_reminders()}

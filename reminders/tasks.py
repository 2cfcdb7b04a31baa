from django_tasks import task

from reminders import services


@task()
def dispatch_reminders():
    """Enqueued every few minutes by the scheduler (settings.PERIODIC_TASKS)."""
    return {"sent": services.dispatch()}

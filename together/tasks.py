from django_tasks import task

from together.models import purge_expired


@task()
def purge_ended_sessions():
    """The hourly purge of shared breathing sessions that have ended, enqueued by the
    scheduler (aira/scheduler.py). How many went is the task's result."""
    return purge_expired()

import io

from django.core.management import call_command
from django_tasks import task

from practices.models import PracticeTotals


@task()
def purge_visitor_sessions():
    """The daily purge (and Django's clearsessions), enqueued by the scheduler. What it
    did is the task's result."""
    out = io.StringIO()
    call_command("purge_visitor_sessions", stdout=out)
    return out.getvalue().strip()


@task()
def recount_totals(practice_id):
    """After an editor changed a practice's stated length (Practice.save): the time its
    finished sessions count for, capped at that length, counted again in every person's
    totals. Safe to run twice."""
    return {"people": PracticeTotals.recount_practice(practice_id)}

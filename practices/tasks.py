import io

from django.core.management import call_command
from django_tasks import task


@task()
def purge_visitor_sessions():
    """The daily purge (and Django's clearsessions), enqueued by the scheduler. What it
    did is the task's result."""
    out = io.StringIO()
    call_command("purge_visitor_sessions", stdout=out)
    return out.getvalue().strip()

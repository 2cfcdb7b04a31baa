import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from aira.scheduler import enqueue_due_jobs


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs (settings.PERIODIC_TASKS) when they are due, for the "
        "worker (manage.py db_worker) to run. Runs until stopped; --once checks once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between checks (default 30).",
        )
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args, interval, once, **options):
        if once:
            for path in enqueue_due_jobs():
                self.stdout.write(f"Enqueued {path}")
            return
        self.running = True
        # Ctrl-C or a service manager's TERM ends the loop between two checks.
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while self.running:
            # A long-lived process: drop a connection the database has closed meanwhile.
            close_old_connections()
            for path in enqueue_due_jobs():
                self.stdout.write(f"Enqueued {path}")
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval - slept))
                slept += 1.0

    def stop(self, signum, frame):
        self.running = False

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from practices.models import PracticeSession


class Command(BaseCommand):
    help = (
        "Delete visitors' practice sessions (no account) older than the browser session "
        "lifetime: by then no browser can claim them, so keeping them serves nobody. "
        "Then delete expired browser sessions (Django's clearsessions)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SESSION_COOKIE_AGE // 86400,
            help="Age in days after which a visitor's session is deleted (default: the session cookie's lifetime).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = PracticeSession.objects.filter(user=None, started_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} visitor session(s) older than {days} days.")
        # Expired browser sessions go in the same daily run: Django never deletes them on
        # its own, and every visitor who plays a practice leaves one behind.
        call_command("clearsessions")
        self.stdout.write("Deleted expired browser sessions.")

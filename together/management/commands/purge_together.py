from django.core.management.base import BaseCommand

from together.models import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the shared breathing sessions that have ended (by their starter or after "
        "two hours) and everything about who was on them."
    )

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(f"Deleted {deleted} ended shared breathing session(s).")

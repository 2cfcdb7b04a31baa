from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from aira.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: a consistent SQLite copy (online "
        "backup API) or a pg_dump, in backups/ under a timestamped name."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=settings.BASE_DIR / "backups",
            help="Where to write the backup (default: backups/, which git ignores).",
        )

    def handle(self, *args, **options):
        try:
            path = back_up(connection, options["output_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the {connection.vendor} database to {path}")

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "List tasks that failed for good (after their retries) in the last --days days: "
        "when, which task and the error's type. Never their arguments, which can hold "
        "an email's address and links."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        since = timezone.now() - timedelta(days=days)
        failed = (
            DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=since)
            .order_by("finished_at")
            .values_list("finished_at", "task_path", "exception_class_path", "id")
        )
        count = 0
        for finished_at, task_path, exception, result_id in failed.iterator():
            self.stdout.write(
                f"{finished_at:%Y-%m-%d %H:%M:%S} {task_path} {exception} {result_id}"
            )
            count += 1
        self.stdout.write(f"{count} failed task(s) in the last {days} days.")

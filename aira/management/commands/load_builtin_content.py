from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load Aira's built-in topics, articles and practices: create the missing ones and "
        "bring those nobody has changed up to the built-in text. A row an editor changed "
        "is never overwritten; it is listed instead (aira/builtin.py)."
    )

    def handle(self, *args, **options):
        left_alone = []
        # Each content app's `builtin` module with a load() function, in the order the
        # settings give (the project names no app here).
        for dotted in settings.BUILTIN_CONTENT:
            with transaction.atomic():
                outcomes = import_module(dotted).load()
            for label, outcome in outcomes.items():
                self.stdout.write(f"{label}: {outcome}")
                left_alone += [f"{slug} ({label})" for slug in outcome.left_alone]
        if left_alone:
            self.stdout.write(
                self.style.WARNING(
                    f"Left alone (changed by an editor): {', '.join(left_alone)}. They "
                    "differ from the built-in text: compare them in admin with the files "
                    "under library/content/ and practices/content/, and bring over any "
                    "correction by hand."
                )
            )

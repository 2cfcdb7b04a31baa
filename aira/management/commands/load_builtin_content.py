from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Each content app may offer a `builtin` module with a load() function. Practices come
# first because articles point at the practice they recommend.
CONTENT_MODULES = ["practices.builtin", "library.builtin"]


class Command(BaseCommand):
    help = (
        "Load Aira's built-in topics, articles and practices: create the missing ones and "
        "bring those nobody has changed up to the built-in text. A row an editor changed "
        "is never overwritten; it is listed instead (aira/builtin.py)."
    )

    def handle(self, *args, **options):
        left_alone = []
        for dotted in CONTENT_MODULES:
            if find_spec(dotted) is None:
                continue
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

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Each content app may offer a `builtin` module with a load() function. Practices come
# first because articles point at the practice they recommend.
CONTENT_MODULES = ["practices.builtin", "library.builtin"]


class Command(BaseCommand):
    help = (
        "Load Aira's built-in topics, articles and practices. Only rows that do not exist "
        "yet are created: an editor's later changes are never overwritten."
    )

    def handle(self, *args, **options):
        for dotted in CONTENT_MODULES:
            if find_spec(dotted) is None:
                continue
            with transaction.atomic():
                created = import_module(dotted).load()
            for label, count in created.items():
                self.stdout.write(f"{label}: {count} new")

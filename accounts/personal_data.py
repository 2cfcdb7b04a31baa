"""Each app's share of a person's data, for the export and for deleting an account.

An app that keeps rows about a person has a `personal_data` module, listed in
settings.PERSONAL_DATA, with:

- `TABLES`: a Table for each kind of row, a list in the JSON export and a CSV file in
  the zip;
- `preferences(user)` (optional): the person's settings in that app, a dict joined into
  the export's "preferences" and into account.csv;
- `delete(user)`: deletes every row the app keeps about the person; it runs inside the
  account deletion's transaction.

So this app knows no other app's models, and each app says itself what it keeps.
tests/accounts/test_personal_data.py checks that every model pointing at a user is
covered by one of them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings


@dataclass(frozen=True)
class Table:
    name: str  # its key in the JSON export
    filename: str  # its file in the zip
    fields: list[str]  # the keys of each row, in the CSV files' column order
    rows: Callable[..., Iterable[dict]]  # rows(user), oldest first


def providers():
    """The apps' personal_data modules, in the order of settings.PERSONAL_DATA."""
    return [import_module(dotted) for dotted in settings.PERSONAL_DATA]


def tables():
    return [table for provider in providers() for table in provider.TABLES]


def preferences(user):
    found = {}
    for provider in providers():
        if hasattr(provider, "preferences"):
            found.update(provider.preferences(user))
    return found


def delete_rows(user):
    for provider in providers():
        provider.delete(user)

"""A stand-in app's personal_data module, for tests/accounts/test_personal_data.py: it
shows the export and deletion take whatever an app declares, and nothing more."""

from accounts.personal_data import Table

deleted_users = []


def _notes(user):
    yield {"text": f"A note by {user.email}", "written": "today"}


TABLES = [Table("sample_notes", "sample_notes.csv", ["text", "written"], _notes)]


def preferences(user):
    return {"sample_colour": "green"}


def delete(user):
    deleted_users.append(user.pk)

"""The load run's verdict (scripts/_load_db.py) counts what it must: a load run that
lost or doubled a record has to fail, so its comparison is tested like any other code."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "_load_db.py"


@pytest.fixture(scope="module")
def load_db():
    spec = importlib.util.spec_from_file_location("_load_db", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def same_note(row, want):
    return [("note", row.note == want["note"])]


def rows(*pairs):
    return [SimpleNamespace(uuid=uuid, note=note) for uuid, note in pairs]


def test_every_acknowledged_record_once_is_clean(load_db):
    counts, problems = load_db.compare(
        rows(("a", "x"), ("b", "y"), ("c", "sent, never acknowledged")),
        {"a": {"note": "x"}, "b": {"note": "y"}},
        {"a", "b", "c"},
        same_note,
    )
    assert counts == {"acknowledged": 2, "rows": 3, "lost": 0, "wrong": 0, "duplicated": 0}
    assert problems == []


def test_a_missing_record_is_lost(load_db):
    counts, problems = load_db.compare(
        rows(("a", "x")), {"a": {"note": "x"}, "b": {"note": "y"}}, {"a", "b"}, same_note
    )
    assert counts["lost"] == 1
    assert problems == ["lost b"]


def test_a_second_copy_or_a_record_nobody_sent_is_duplicated(load_db):
    counts, problems = load_db.compare(
        rows(("a", "x"), ("a", "x"), ("z", "x")), {"a": {"note": "x"}}, {"a"}, same_note
    )
    assert counts["duplicated"] == 2
    assert "a stored 2 times" in problems
    assert "z was never sent" in problems


def test_a_record_saved_differently_is_wrong(load_db):
    counts, problems = load_db.compare(
        rows(("a", "changed")), {"a": {"note": "x"}}, {"a"}, same_note
    )
    assert counts["wrong"] == 1
    assert problems == ["a differs in note"]


def test_verification_emails_are_counted_per_address_from_the_workers_files(
    load_db, tmp_path, settings
):
    """make load's check that every acknowledged sign-up got exactly one: read back from
    the files Django's filebased backend (the one the load's worker uses) writes."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    confirm = "Aira: Please Confirm Your Email Address"
    mail.send_mail(confirm, "Open the link.", None, ["a@example.com"])
    mail.send_mail(confirm, "Open the link.", None, ["b@example.com"])
    mail.send_mail(confirm, "Again.", None, ["b@example.com"])
    mail.send_mail("Aira: Password Reset", "Not a confirmation.", None, ["c@example.com"])
    # Two in one connection land in one file.
    with mail.get_connection() as connection:
        connection.send_messages(
            [
                mail.EmailMessage(confirm, "One.", to=["d@example.com"]),
                mail.EmailMessage(confirm, "Two.", to=["e@example.com"]),
            ]
        )
    assert load_db.verification_emails(tmp_path) == {
        "a@example.com": 1,
        "b@example.com": 2,
        "d@example.com": 1,
        "e@example.com": 1,
    }

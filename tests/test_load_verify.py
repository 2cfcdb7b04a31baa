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

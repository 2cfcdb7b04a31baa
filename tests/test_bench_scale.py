"""The scale bench's verdict (scripts/bench_scale.py): a plan that reads a whole table of
everyone's sessions or check-ins must fail it, wherever in the plan the scan sits."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench_scale.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# EXPLAIN (FORMAT JSON)'s "Plan", shortened: a join with a sort above it.
INDEXED = {
    "Node Type": "Limit",
    "Plans": [
        {
            "Node Type": "Nested Loop",
            "Plans": [
                {"Node Type": "Index Scan", "Relation Name": "practices_practicesession"},
                {"Node Type": "Seq Scan", "Relation Name": "practices_practice"},
            ],
        }
    ],
}
SCANNED = {
    "Node Type": "Aggregate",
    "Plans": [
        {
            "Node Type": "Sort",
            "Plans": [{"Node Type": "Seq Scan", "Relation Name": "tracking_checkin"}],
        }
    ],
}


def test_sequential_scans_are_found_at_any_depth(bench):
    assert bench.sequential_scans(INDEXED) == ["practices_practice"]
    assert bench.sequential_scans(SCANNED) == ["tracking_checkin"]


def row(page, history, queries=6, scans=()):
    return {"page": page, "history": history, "queries": queries, "scans": list(scans)}


def test_a_clean_run_has_no_problems(bench):
    rows = [row("Progress", 100), row("Progress", 100_000)]
    assert bench.problems_in(rows) == []


def test_a_scan_too_many_growing_or_uncaptured_queries_fail(bench):
    rows = [
        row("Progress", 100),
        row("Progress", 100_000, scans=["tracking_checkin: SELECT ..."]),
        row("History", 100, queries=7),
        row("History", 100_000, queries=8),
        row("Summary", 100, queries=11),
        row("Summary", 100_000, queries=11),
        row("Practice step", 100, queries=0),
        row("Practice step", 100_000, queries=0),
    ]

    problems = bench.problems_in(rows)

    assert problems == [
        "Progress (100,000): sequential scan of tracking_checkin: SELECT ...",
        "Summary: 11 queries (budget 10)",
        "Summary: 11 queries (budget 10)",
        "Practice step: no queries captured, so none was explained",
        "Practice step: no queries captured, so none was explained",
        "History: the query count grows with the history",
    ]

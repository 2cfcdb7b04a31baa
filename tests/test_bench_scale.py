"""The scale bench's verdict (scripts/bench_scale.py): make bench's budgets (the 20-row
floor ratio, the growth with the history, the query count), and a plan that reads a whole
table of everyone's sessions or check-ins, wherever in the plan the scan sits."""

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


def page(bench, name, history, *, median=20.0, floor_list=5.0, queries=6):
    """A measured page: every request took `median` ms, every 20-row floor `floor_list`."""
    return bench.bench.Page(
        name,
        f"/{name.lower()}/",
        person=f"{history}@example.com",
        history=history,
        times=[median] * 3,
        floor=[1.0] * 3,
        floor_list=[floor_list] * 3,
        queries=queries,
    )


def test_pages_within_every_budget_pass(bench):
    pages = [page(bench, "Progress", 100), page(bench, "Progress", 100_000, median=25.0)]

    bench.apply_budgets(pages, {})

    assert [p.over for p in pages] == [[], []]


def test_each_budget_missed_marks_its_page_over(bench):
    pages = [
        page(bench, "Progress", 100, median=15.0),
        page(bench, "Progress", 100_000, median=20.0),  # 1.33x the smaller history's
        page(bench, "History", 100, median=25.5),  # 5.1x the 20-row floor
        page(bench, "History", 100_000, median=20.0, queries=7),  # one query more
        page(bench, "Summary", 100, queries=11),
        page(bench, "Summary", 100_000, queries=11),
        page(bench, "Practice step", 100, queries=0),
        page(bench, "Practice step", 100_000, queries=0),
    ]
    scans = {"Progress, 100,000 sessions": ["tracking_checkin: SELECT ..."]}

    bench.apply_budgets(pages, scans)

    assert {p.label: p.over for p in pages if p.over} == {
        "Progress, 100,000 sessions": [
            "1.33x the 100 figure > 1.3x",
            "sequential scan of tracking_checkin: SELECT ...",
        ],
        "History, 100 sessions": ["ratio 5.1 > 5"],
        "History, 100,000 sessions": ["7 queries, 6 with 100"],
        "Summary, 100 sessions": ["11 queries > 10"],
        "Summary, 100,000 sessions": ["11 queries > 10"],
        "Practice step, 100 sessions": ["no queries captured, so none was explained"],
        "Practice step, 100,000 sessions": ["no queries captured, so none was explained"],
    }


def test_the_report_gives_the_floors_ratio_growth_and_verdict(bench):
    pages = [page(bench, "Progress", 100), page(bench, "Progress", 100_000, median=30.0)]
    bench.apply_budgets(pages, {})
    args = type("Args", (), {"size": "small", "requests": 3, "warmup": 1})

    text = bench.report(pages, args, 2_000, 400_000, 400_000, 12.0)

    assert "| 20-row list from the database through a small template | 5.00 |" in text
    assert "| Progress, 100 sessions | 20.0 | 20.0 | 4.0 |  | 6 | OK |" in text
    assert (
        "| Progress, 100,000 sessions | 30.0 | 30.0 | 6.0 | 1.50 | 6 | "
        "OVER: ratio 6.0 > 5; 1.50x the 100 figure > 1.3x |"
    ) in text

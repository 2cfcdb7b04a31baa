"""The statistics of a period read one person's rows from an index alone, never from the
table: for someone with years of sessions and check-ins, reading each row of the period
from the table costs a table page per row on PostgreSQL (make bench-scale).

Asked of each database: SQLite's planner says "COVERING INDEX" when the index holds every
column a query needs. PostgreSQL's choice on a table this small is a near tie between
any index and the table itself, so there the test reads the plan instead: every column
of the table that the query reads (EXPLAIN VERBOSE's output, index condition and filter
of the node reading the table) must be in the index, or an index-only scan is impossible."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import PracticeSession
from tracking import stats
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db

SESSIONS_INDEX = "session_user_started_ratings"
CHECKINS_INDEX = "checkin_user_created_answers"


@pytest.fixture
def person(make_user, make_practice):
    user = make_user()
    practice = make_practice()
    now = timezone.now()
    for n in range(40):
        PracticeSession.objects.create(
            user=user,
            practice=practice,
            started_at=now - timedelta(hours=20 * n),
            ended_at=now - timedelta(hours=20 * n) + timedelta(minutes=3),
            # Every fourth without ratings: counted as a session, not as a rated one.
            rating_before=None if n % 4 == 0 else 7,
            rating_after=None if n % 4 == 0 else 4,
            finished=True,
        )
        CheckIn.objects.create(
            user=user, anxiety=n % 11, mood=1 + n % 5, created_at=now - timedelta(hours=20 * n)
        )
    return user


def sqlite_reads_index_alone(sql, model, index):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    return f"USING COVERING INDEX {index}" in plan, plan


def table_nodes(plan, table):
    if plan.get("Relation Name") == table:
        yield plan
    for child in plan.get("Plans", []):
        yield from table_nodes(child, table)


def postgresql_reads_index_alone(sql, model, index):
    # A test's table holds a few rows, where a sequential scan costs the planner less than
    # any index; with it ruled out, the plan shows whether the index alone can answer.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    table = model._meta.db_table
    text = " ".join(
        " ".join(node.get("Output", [])) + f" {node.get('Index Cond', '')} {node.get('Filter', '')}"
        for node in table_nodes(plan, table)
    )
    read = {
        field.column
        for field in model._meta.concrete_fields
        if re.search(rf"\b{field.column}\b", text)
    }
    (indexed,) = [i for i in model._meta.indexes if i.name == index]
    columns = {model._meta.get_field(name.lstrip("-")).column for name in indexed.fields}
    return bool(read) and read <= columns, f"{table} read {sorted(read)}, index {sorted(columns)}"


def only_query(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    assert len(captured.captured_queries) == 1
    return captured.captured_queries[0]["sql"]


@pytest.mark.parametrize(
    ("name", "call", "model", "index"),
    [
        ("trend", lambda user, start, end: stats.anxiety_by_day(user, start=start, end=end), CheckIn, CHECKINS_INDEX),
        ("check-in averages", lambda user, start, end: stats.checkin_summary(user, start=start, end=end), CheckIn, CHECKINS_INDEX),
        ("practices of the period", lambda user, start, end: stats.practices_used(user, start=start, end=end), PracticeSession, SESSIONS_INDEX),
        ("practice days", lambda user, start, end: stats.practice_days(user, start=start, end=end), PracticeSession, SESSIONS_INDEX),
    ],
)  # fmt: skip
def test_period_statistics_read_the_index_alone(person, name, call, model, index):
    end = stats.local_today()
    start = end - timedelta(days=29)
    sql = only_query(lambda: call(person, start, end))

    check = (
        sqlite_reads_index_alone if connection.vendor == "sqlite" else postgresql_reads_index_alone
    )
    covered, plan = check(sql, model, index)

    assert covered, f"{name}: {plan}"


def test_what_the_period_statistics_count_is_unchanged(person):
    """Counted without the id (COUNT(*), the before-rating): the same numbers."""
    end = stats.local_today()
    start = end - timedelta(days=29)
    in_period = CheckIn.objects.filter(
        user=person, created_at__gte=stats.start_of_day(start, stats.active_tz())
    )

    summary = stats.checkin_summary(person, start=start, end=end)
    days = stats.anxiety_by_day(person, start=start, end=end)
    used = stats.practices_used(person, start=start, end=end)

    assert summary["count"] == in_period.count() == sum(day.count for day in days)
    sessions = PracticeSession.objects.filter(
        user=person, started_at__gte=stats.start_of_day(start, stats.active_tz())
    )
    rated = sessions.filter(rating_before__isnull=False).count()
    assert 0 < rated < sessions.count()
    assert [(row.sessions, row.rated) for row in used] == [(sessions.count(), rated)]

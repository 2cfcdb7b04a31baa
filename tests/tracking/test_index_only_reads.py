"""The statistics of a period read one person's rows from an index alone, never from the
table: for someone with years of sessions and check-ins, reading each row of the period
from the table costs a table page per row on PostgreSQL (make bench-scale).

Asked of each database: SQLite's planner says "COVERING INDEX" when the index holds every
column a query needs. PostgreSQL's choice on a test's small table is a near tie between
the table, a narrower index and the covering one, and it turns on statistics the rest of
the suite leaves behind; so there the test leaves the index under test as the only way in
(the others dropped inside a rolled-back savepoint, sequential and bitmap scans off). The
planner offers an index-only scan exactly when the index holds every column the query
reads, so the plan then says whether the index alone can answer."""

import json
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import PracticeSession
from tracking import stats
from tracking.models import CheckIn, PanicAttack
from tracking.panic import panic_summary

pytestmark = pytest.mark.django_db

SESSIONS_INDEX = "session_user_started_ratings"
CHECKINS_INDEX = "checkin_user_created_answers"
PANIC_INDEX = "panic_user_started_sizes"


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
    # Others' rows, as on a real site: this person's are then a few of the table's, so
    # their index entries are worth seeking rather than reading the whole table.
    others = [make_user() for _ in range(10)]
    PracticeSession.objects.bulk_create(
        PracticeSession(user=other, practice=practice, started_at=now - timedelta(hours=n))
        for other in others
        for n in range(40)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=other, anxiety=3, mood=3, created_at=now - timedelta(hours=n))
        for other in others
        for n in range(40)
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


# Indexes of the table other than the one under test, leaving those that back a
# constraint (the primary key, unique columns).
OTHER_INDEXES = """
    SELECT indexrelid::regclass::text FROM pg_index
    WHERE indrelid = %s::regclass AND indexrelid <> %s::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)
"""


def postgresql_reads_index_alone(sql, model, index):
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(OTHER_INDEXES, [table, index])
        for (other,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {other}")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        transaction.set_rollback(True)  # the dropped indexes come back
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    scans = [(node["Node Type"], node.get("Index Name")) for node in table_nodes(plan, table)]
    return bool(scans) and set(scans) == {("Index Only Scan", index)}, f"{table}: {scans}"


def query_of(call, model, *, queries):
    """The one query `call` sends to `model`'s table, of the `queries` it sends in all
    (the practices found in a period are named by a second query, of the practices)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    assert len(captured.captured_queries) == queries, captured.captured_queries
    table = f'FROM "{model._meta.db_table}"'
    reading = [query["sql"] for query in captured.captured_queries if table in query["sql"]]
    assert len(reading) == 1, captured.captured_queries
    return reading[0]


@pytest.mark.parametrize(
    ("name", "call", "model", "index", "queries"),
    [
        ("trend", lambda user, start, end: stats.anxiety_by_day(user, start=start, end=end), CheckIn, CHECKINS_INDEX, 1),
        ("check-in averages", lambda user, start, end: stats.checkin_summary(user, start=start, end=end), CheckIn, CHECKINS_INDEX, 1),
        ("practices of the period", lambda user, start, end: stats.practices_used(user, start=start, end=end), PracticeSession, SESSIONS_INDEX, 2),
        ("practice days", lambda user, start, end: stats.practice_days(user, start=start, end=end), PracticeSession, SESSIONS_INDEX, 1),
    ],
)  # fmt: skip
def test_period_statistics_read_the_index_alone(person, name, call, model, index, queries):
    end = stats.local_today()
    start = end - timedelta(days=29)
    sql = query_of(lambda: call(person, start, end), model, queries=queries)

    check = (
        sqlite_reads_index_alone if connection.vendor == "sqlite" else postgresql_reads_index_alone
    )
    covered, plan = check(sql, model, index)

    assert covered, f"{name}: {plan}"


def test_the_summary_of_a_whole_panic_log_reads_the_index_alone(person, make_user, make_attack):
    """What the log shows back counts every attack ever logged (a thousand for some)."""
    now = timezone.now()
    for n in range(30):
        make_attack(person, now - timedelta(days=3 * n), peak=n % 11, minutes=5 + n)
    for other in [make_user() for _ in range(5)]:
        for n in range(30):
            make_attack(other, now - timedelta(days=n), peak=4, minutes=10)

    with CaptureQueriesContext(connection) as captured:
        summary = panic_summary(person)
    grouped = captured.captured_queries[0]["sql"]  # then the latest fears and outcomes

    check = (
        sqlite_reads_index_alone if connection.vendor == "sqlite" else postgresql_reads_index_alone
    )
    covered, plan = check(grouped, PanicAttack, PANIC_INDEX)
    assert covered, plan
    assert (summary.count, summary.longest_minutes) == (30, 34)


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

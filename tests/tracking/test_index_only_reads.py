"""The statistics of a period read one person's rows from an index alone, never from the
table: for someone with years of sessions and check-ins, reading each row of the period
from the table costs a table page per row on PostgreSQL (make bench-scale).

Asked of each database's planner: SQLite says "COVERING INDEX" when the index holds every
column a query needs; PostgreSQL, once VACUUM has marked the table's pages all-visible (as
autovacuum does in use) and with table scans priced out, chooses an index-only scan when
the index holds them all, and a plain index scan otherwise."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import PracticeSession
from tracking import stats
from tracking.models import CheckIn

POSTGRESQL = connection.vendor == "postgresql"
# VACUUM refuses to run inside a transaction: on PostgreSQL the test commits its rows.
pytestmark = pytest.mark.django_db(transaction=POSTGRESQL)

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


def plan_of(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return " ".join(str(row[-1]) for row in cursor.fetchall())
        for model in (PracticeSession, CheckIn):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        # A few dozen rows fit in one page, which a table scan would read more cheaply
        # than any index: priced out, as it is for one person among many.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            return " ".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")


def reads_index_alone(plan, index):
    if connection.vendor == "sqlite":
        return f"USING COVERING INDEX {index}" in plan
    return f"Index Only Scan using {index}" in plan


def only_query(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    assert len(captured.captured_queries) == 1
    return captured.captured_queries[0]["sql"]


@pytest.mark.parametrize(
    ("name", "call", "index"),
    [
        ("trend", lambda user, start, end: stats.anxiety_by_day(user, start=start, end=end), CHECKINS_INDEX),
        ("check-in averages", lambda user, start, end: stats.checkin_summary(user, start=start, end=end), CHECKINS_INDEX),
        ("practices of the period", lambda user, start, end: stats.practices_used(user, start=start, end=end), SESSIONS_INDEX),
        ("practice days", lambda user, start, end: stats.practice_days(user, start=start, end=end), SESSIONS_INDEX),
    ],
)  # fmt: skip
def test_period_statistics_read_the_index_alone(person, name, call, index):
    end = stats.local_today()
    start = end - timedelta(days=29)
    sql = only_query(lambda: call(person, start, end))

    plan = plan_of(sql)

    assert reads_index_alone(plan, index), f"{name}: {plan}"


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

"""Statistics against hand-computed expectations on a small fixed history.

"Now" is Wednesday 18 November 2026, 12:00 UTC. Berlin is UTC+1 in November, so a
moment after 23:00 UTC belongs to the next day there. The week starts on Monday 16th.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tracking import stats

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def history(user, make_practice, make_session, make_checkin):
    box = make_practice(title="Box breathing", minutes=4)
    scan = make_practice(title="Body scan", minutes=10)
    # Finished sessions. Berlin day in the comment.
    for started in [
        utc(2026, 11, 15, 23, 30),  # Mon 16 in Berlin (Sun 15 in UTC: last week there)
        utc(2026, 11, 17, 8, 0),  # Tue 17
        utc(2026, 11, 17, 19, 0),  # Tue 17 again: still one day
        utc(2026, 11, 17, 23, 10),  # Wed 18 in Berlin
        utc(2026, 11, 3, 10, 0),  # Tue 3: this month, not this week
        utc(2026, 10, 31, 23, 15),  # Sun 1 Nov in Berlin, still October in UTC
    ]:
        make_session(user, box, started_at=started)
    make_session(user, scan, started_at=utc(2026, 10, 31, 22, 30))  # Sat 31 Oct in Berlin
    # Not finished: not counted anywhere.
    make_session(user, scan, started_at=utc(2026, 11, 18, 9, 0), finished=False)
    # Check-ins: anxiety by Berlin day 16 -> [6], 17 -> [2, 4, 5]; by UTC day 16 -> [6, 2], 17 -> [4, 5].
    make_checkin(user, anxiety=6, created_at=utc(2026, 11, 16, 22, 30))
    make_checkin(user, anxiety=2, created_at=utc(2026, 11, 16, 23, 30))
    make_checkin(user, anxiety=4, created_at=utc(2026, 11, 17, 10, 0))
    make_checkin(user, anxiety=5, created_at=utc(2026, 11, 17, 12, 0))
    make_checkin(user, anxiety=9, created_at=utc(2026, 10, 1, 12, 0))  # outside a 30-day range
    return {"box": box, "scan": scan}


def test_practice_days_are_counted_in_the_users_time_zone(user, history):
    with override_settings(TIME_ZONE="Europe/Berlin"), timezone.override(BERLIN):
        today = stats.local_today(now=NOW)
        summary = stats.practice_days_summary(user, today=today)
    assert today == date(2026, 11, 18)
    assert summary.this_week == 3  # Mon 16, Tue 17, Wed 18
    assert summary.this_month == 5  # 1, 3, 16, 17, 18
    practised = [cell.day.day for week in summary.weeks for cell in week if cell.practised]
    assert practised == [1, 3, 16, 17, 18]


def test_the_same_history_in_utc_gives_other_days(user, history):
    today = stats.local_today(tz=UTC, now=NOW)
    summary = stats.practice_days_summary(user, today=today, tz=UTC)
    assert summary.this_week == 1  # only Tue 17
    assert summary.this_month == 3  # 3, 15, 17
    practised = [cell.day.day for week in summary.weeks for cell in week if cell.practised]
    assert practised == [3, 15, 17]


def test_calendar_is_the_whole_month_in_weeks_from_monday(user, history):
    summary = stats.practice_days_summary(user, today=date(2026, 11, 18), tz=BERLIN)
    assert all(len(week) == 7 for week in summary.weeks)
    assert summary.weeks[0][0].day == date(2026, 10, 26)  # Monday before 1 November
    assert not summary.weeks[0][0].in_month
    assert [cell.day for week in summary.weeks for cell in week if cell.is_today] == [
        date(2026, 11, 18)
    ]
    in_month = [cell for week in summary.weeks for cell in week if cell.in_month]
    assert len(in_month) == 30


def test_totals_count_finished_sessions_and_their_practice_minutes(user, history):
    # Six box breathing sessions of 4 minutes and one body scan of 10.
    assert stats.totals(user) == {"sessions": 7, "minutes": 34}


def test_totals_for_a_new_user_are_zero(other_user):
    assert stats.totals(other_user) == {"sessions": 0, "minutes": 0}


def test_daily_anxiety_average_uses_the_users_days(user, history):
    days = stats.anxiety_by_day(user, start=date(2026, 11, 1), end=date(2026, 11, 18), tz=BERLIN)
    assert days == [
        stats.DayAverage(date(2026, 11, 16), 6.0, 1),
        stats.DayAverage(date(2026, 11, 17), 3.7, 3),  # (2 + 4 + 5) / 3
    ]
    days = stats.anxiety_by_day(user, start=date(2026, 11, 1), end=date(2026, 11, 18), tz=UTC)
    assert days == [
        stats.DayAverage(date(2026, 11, 16), 4.0, 2),
        stats.DayAverage(date(2026, 11, 17), 4.5, 2),
    ]


def test_trend_range_ends_today_and_leaves_out_older_checkins(user, history):
    chart = stats.trend(user, range_days=7, today=date(2026, 11, 18), tz=BERLIN)
    assert (chart.start, chart.end) == (date(2026, 11, 12), date(2026, 11, 18))
    assert [d.day.day for d in chart.days] == [16, 17]
    chart = stats.trend(user, range_days=90, today=date(2026, 11, 18), tz=BERLIN)
    assert [d.average for d in chart.days] == [9.0, 6.0, 3.7]


def test_chart_places_points_on_the_scale():
    days = [
        stats.DayAverage(date(2026, 11, 12), 10.0, 1),
        stats.DayAverage(date(2026, 11, 18), 0.0, 1),
    ]
    chart = stats.Chart(start=date(2026, 11, 12), end=date(2026, 11, 18), days=days)
    first, last = chart.points
    assert (first.x, first.y) == (chart.left, chart.top)  # top left: 10 on the first day
    assert (last.x, last.y) == (chart.plot_right, chart.axis_y)  # bottom right: 0 today
    assert chart.polyline == f"{first.x},{first.y} {last.x},{last.y}"
    assert [label for _x, _anchor, label in chart.x_labels] == ["12 Nov", "15 Nov", "18 Nov"]


@pytest.mark.parametrize(
    ("value", "expected"), [("7", 7), ("30", 30), ("90", 90), ("365", 30), ("x", 30), (None, 30)]
)
def test_parse_range(value, expected):
    assert stats.parse_range(value) == expected


@pytest.fixture
def rated(user, make_practice, make_session):
    box = make_practice(title="Box breathing")
    scan = make_practice(title="Body scan")
    grounding = make_practice(title="Five senses grounding")
    unrated = make_practice(title="Worry put-down")
    for before, after in [(7, 4), (6, 4), (5, 3)]:  # -3, -2, -2: average -2.33
        make_session(user, box, before=before, after=after)
    make_session(user, scan, before=8, after=4)  # -4, but only one session
    make_session(user, grounding, before=3, after=4)  # +1
    make_session(user, grounding, before=5, after=5)  # 0: average +0.5
    make_session(user, unrated, before=6)  # no after rating: not in What helps
    make_session(user, unrated)
    return box


def test_what_helps_orders_best_first_and_flags_too_few(user, rated):
    effects = stats.what_helps(user)
    assert [(e.title, e.rated, e.average_change, e.too_few) for e in effects] == [
        ("Body scan", 1, -4.0, True),
        ("Box breathing", 3, -2.3, False),
        ("Five senses grounding", 2, 0.5, True),
    ]
    assert [e.change_phrase for e in effects] == [
        "on average \u22124 points",
        "on average \u22122.3 points",
        "on average +0.5 points",
    ]


def test_what_helps_ignores_other_users(other_user, rated):
    assert stats.what_helps(other_user) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [(-2.5, "\u22122.5"), (-2.0, "\u22122"), (1.0, "+1"), (0.0, "0"), (0.04, "0")],
)
def test_format_change(value, text):
    assert stats.format_change(value) == text


def test_practices_used_in_a_period(user, history, make_session):
    box = history["box"]
    make_session(user, box, started_at=utc(2026, 11, 17, 9, 0), before=8, after=5)
    make_session(user, box, started_at=utc(2026, 11, 17, 10, 0), before=6, after=5)
    rows = stats.practices_used(user, start=date(2026, 11, 16), end=date(2026, 11, 18), tz=BERLIN)
    assert len(rows) == 1
    row = rows[0]
    # Berlin 16-18: the four box sessions of the fixed history plus these two.
    assert (row.title, row.sessions, row.rated) == ("Box breathing", 6, 2)
    assert (row.average_before, row.average_after, row.average_change) == (7.0, 5.0, -2.0)


@pytest.mark.parametrize(
    ("language", "names"),
    [("en", ["Box breathing", "Body scan"]), ("es", ["Respiración en caja", "Body scan"])],
)
def test_practices_used_are_named_once_each_not_once_a_session(
    user, history, make_practice, language, names
):
    """The period's sessions are summed in one query with no subquery in it (PostgreSQL
    worked a subquery in its GROUP BY out once a session); the practices found are
    named in one more, in the reader's language where a version in it is published,
    however many sessions there are, most used first."""
    make_practice(
        "respiracion-en-caja",
        title="Respiración en caja",
        language="es",
        translation_of=history["box"],
    )
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        rows = stats.practices_used(
            user, start=date(2026, 10, 31), end=date(2026, 11, 30), tz=BERLIN
        )
    assert [row.title for row in rows] == names
    assert [row.sessions for row in rows] == [6, 1]
    sessions_sql, names_sql = (query["sql"] for query in queries.captured_queries)
    assert '"practices_practicesession"' in sessions_sql
    assert sessions_sql.count("SELECT") == 1
    assert '"practices_practicesession"' not in names_sql


def test_titles_are_listed_as_a_reader_expects_whatever_their_case_and_accents():
    titles = ["Zafiro", "Órbita", "oasis", "Box breathing", "body scan"]
    assert sorted(titles, key=stats.title_order) == [
        "body scan",
        "Box breathing",
        "oasis",
        "Órbita",
        "Zafiro",
    ]


def test_checkin_summary_of_a_period(user, history):
    result = stats.checkin_summary(
        user, start=date(2026, 11, 17), end=date(2026, 11, 17), tz=BERLIN
    )
    assert result == {"count": 3, "anxiety": 3.7, "mood": 3.0}


def test_days_around_a_clock_change_are_the_users_days(
    user, make_practice, make_session, make_checkin
):
    # Berlin leaves summer time on Sunday 25 October 2026: that day lasts 25 hours, from
    # 22:00 UTC on the 24th to 23:00 UTC on the 25th. A fixed offset would misplace both ends.
    make_checkin(user, anxiety=2, created_at=utc(2026, 10, 24, 22, 30))  # 00:30 on the 25th
    make_checkin(user, anxiety=4, created_at=utc(2026, 10, 25, 22, 30))  # 23:30 on the 25th
    make_checkin(user, anxiety=8, created_at=utc(2026, 10, 25, 23, 10))  # 00:10 on the 26th
    make_session(user, make_practice(title="Grounding"), started_at=utc(2026, 10, 25, 22, 45))

    days = stats.anxiety_by_day(user, start=date(2026, 10, 24), end=date(2026, 10, 26), tz=BERLIN)

    assert days == [
        stats.DayAverage(date(2026, 10, 25), 3.0, 2),
        stats.DayAverage(date(2026, 10, 26), 8.0, 1),
    ]
    practised = stats.practice_days(
        user, start=date(2026, 10, 24), end=date(2026, 10, 26), tz=BERLIN
    )
    assert practised == [date(2026, 10, 25)]


def test_minutes_count_the_time_spent_capped_at_the_practice_length(
    user, make_practice, make_session
):
    box = make_practice("Box breathing", minutes=4)
    start = utc(2026, 11, 17, 8, 0)
    # A 6-second tap-through, a tab left open for an hour, and 90 seconds of a 4-minute one.
    make_session(user, box, started_at=start, ended_at=start + timedelta(seconds=6))
    make_session(user, box, started_at=start, ended_at=start + timedelta(hours=1))
    make_session(user, box, started_at=start, ended_at=start + timedelta(seconds=90))
    # 6 s + 4 min + 90 s = 5 min 36 s: 5 whole minutes, not 3 x 4 = 12.
    assert stats.totals(user) == {"sessions": 3, "minutes": 5}


def test_day_label_is_what_the_date_filter_writes():
    from django.template.defaultfilters import date as date_filter

    from tracking.stats import day_label

    first = date(2026, 1, 1)
    for offset in range(400):
        day = first + timedelta(days=offset)
        assert day_label(day) == date_filter(day, "D j M Y")


@pytest.mark.parametrize("range_days", [1, 2, 7, 30, 90])
def test_each_check_in_counts_on_its_own_local_day_however_long_the_range(
    user, make_checkin, range_days
):
    # Check-ins at the first and last moment of every local day, across the switch to
    # summer time (a 23-hour day in Berlin on 29 March 2026).
    berlin = ZoneInfo("Europe/Berlin")
    end = date(2026, 4, 10)
    start = end - timedelta(days=range_days - 1)
    for offset in range(range_days):
        day = start + timedelta(days=offset)
        first = datetime(day.year, day.month, day.day, tzinfo=berlin)
        last = datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=berlin)
        make_checkin(user, anxiety=offset % 11, created_at=first)
        make_checkin(user, anxiety=offset % 11, created_at=last)
    days = stats.anxiety_by_day(user, start=start, end=end, tz=berlin)
    assert [(d.day, d.count, d.average) for d in days] == [
        (start + timedelta(days=n), 2, n % 11) for n in range(range_days)
    ]

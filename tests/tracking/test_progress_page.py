import re
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeSession, PracticeTotals
from tracking.models import CheckIn, TrackingPreferences

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")


def test_new_user_sees_kind_zero_states(owner_client):
    html = owner_client.get(PROGRESS).content.decode()
    assert "No practice yet this week. Whenever you're ready." in html
    assert "Nothing yet this month, and that's okay." in html
    assert "Your sessions and minutes will add up here" in html
    assert "No check-ins between" in html
    assert "When you rate how you feel before and after a practice" in html


def test_practice_this_week_is_celebrated(owner_client, user, practice, make_session):
    make_session(user, practice)
    make_session(user, practice)  # same day: still one day
    html = owner_client.get(PROGRESS).content.decode()
    assert "You practised on 1 day this week. Well done" in html
    assert "This month you practised on 1 day." in html
    assert "<dt>Sessions</dt><dd>2</dd>" in html
    assert f"<dt>Minutes</dt><dd>{2 * practice.minutes}</dd>" in html
    assert re.search(r'class="calendar__day is-practised is-today" aria-current="date"', html)
    assert '<span class="visually-hidden"> practised</span>' in html


def test_nothing_ever_mentions_a_streak(owner_client, user, practice, make_session):
    make_session(user, practice, started_at=timezone.now() - timedelta(days=40))
    html = owner_client.get(PROGRESS).content.decode().lower()
    assert "streak" not in html
    assert "broke" not in html
    assert "missed" not in html


def test_hidden_counts_are_not_rendered_at_all(owner_client, user, practice, make_session):
    make_session(user, practice, before=6, after=3)
    TrackingPreferences.objects.update_or_create(
        user=user,
        defaults={"show_practice_days": False, "show_totals": False, "show_trend": False},
    )
    html = owner_client.get(PROGRESS).content.decode()
    assert "this week" not in html
    assert "calendar" not in html
    assert "<dt>Sessions</dt>" not in html
    assert 'id="trend"' not in html
    # What helps and the check-in are always there.
    assert "What helps you" in html
    assert "Save check-in" in html


def test_preferences_page_saves_choices(owner_client, user):
    url = reverse("tracking:preferences")
    assert 'name="show_totals"' in owner_client.get(url).content.decode()
    response = owner_client.post(url, {"show_totals": "on", "show_trend": "on"})
    assert response.status_code == 302
    prefs = TrackingPreferences.objects.get(user=user)
    assert (prefs.show_practice_days, prefs.show_totals, prefs.show_trend) == (False, True, True)
    owner_client.post(url, {"show_practice_days": "on"})
    assert TrackingPreferences.objects.filter(user=user).count() == 1
    assert TrackingPreferences.objects.get(user=user).show_practice_days


def test_what_helps_shows_changes_best_first_with_the_note(
    owner_client, user, make_practice, make_session
):
    box = make_practice(title="Box breathing")
    scan = make_practice(title="Body scan")
    for before, after in [(7, 4), (6, 4), (5, 3)]:
        make_session(user, box, before=before, after=after)
    make_session(user, scan, before=8, after=7)
    html = owner_client.get(PROGRESS).content.decode()
    section = html.split('id="helps-heading"')[1]
    assert section.index("Box breathing") < section.index("Body scan")
    assert "3 rated sessions, on average \u22122.3 points" in section
    assert "1 rated session, on average \u22121 point" in section
    box_part, scan_part = section.split("Body scan")[:2]
    assert "Too few sessions to say yet" not in box_part
    assert "Too few sessions to say yet" in scan_part


def test_trend_chart_is_an_accessible_svg_with_a_table(owner_client, user, make_checkin):
    make_checkin(user, anxiety=7, created_at=timezone.now() - timedelta(days=2))
    make_checkin(user, anxiety=5, created_at=timezone.now() - timedelta(days=1))
    make_checkin(user, anxiety=3)
    html = owner_client.get(PROGRESS).content.decode()
    assert re.search(
        r'<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="trend-chart-title', html
    )
    assert '<title id="trend-chart-title">' in html
    assert "<polyline" in html
    assert html.count('class="chart__point"') == 3
    table = html.split('<details class="chart-table">')[1]
    assert "<td>7.0</td>" in table and "<td>3.0</td>" in table
    today = date_filter(timezone.localdate(), "D j M Y")
    assert f'<tr><th scope="row">{today}</th><td>3.0</td><td>1</td></tr>' in table


@pytest.mark.parametrize("days", [1, 2])
def test_a_day_or_two_of_check_ins_is_said_in_words_not_drawn(
    owner_client, user, make_checkin, days
):
    for ago in range(days):
        make_checkin(user, anxiety=4 + ago, created_at=timezone.now() - timedelta(days=ago))
    html = owner_client.get(PROGRESS).content.decode()
    trend = html.split('id="trend"')[1]
    assert '<svg class="chart"' not in trend
    day_or_days = "1 day" if days == 1 else "2 days"
    assert (
        f"You have check-ins on {day_or_days} so far. The chart appears once there are 3 days "
        "to compare; until then, here are your numbers."
    ) in trend
    # The numbers are shown straight away, not behind a closed disclosure.
    assert '<details class="chart-table" open>' in trend
    assert "<td>4.0</td>" in trend


def test_range_switch_is_a_fragment_with_htmx_and_a_page_without(owner_client, user, make_checkin):
    make_checkin(user, anxiety=5, created_at=timezone.now() - timedelta(days=20))
    headers = {"HX-Request": "true", "HX-Target": "trend", "HX-Trigger": "range-7"}
    response = owner_client.get(PROGRESS + "?range=7", headers=headers)
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="trend"')
    assert 'data-announce="Showing the last 7 days"' in html
    assert re.search(r'id="range-7"[^>]*aria-current="page" data-focus-after-swap', html)
    assert "No check-ins between" in html  # 20 days ago is outside 7 days
    assert "HX-Target" in response.headers["Vary"]

    full = owner_client.get(PROGRESS + "?range=90").content.decode()
    assert "<html" in full
    assert re.search(r'id="range-90"[^>]*aria-current="page"', full)
    assert "<td>5.0</td>" in full


def test_background_refresh_after_a_checkin_is_quiet(owner_client):
    headers = {"HX-Request": "true", "HX-Target": "trend", "HX-Trigger": "trend"}
    html = owner_client.get(PROGRESS + "?range=30", headers=headers).content.decode()
    assert html.strip().startswith('<section id="trend"')
    assert "data-announce" not in html
    assert 'hx-trigger="checkin-saved from:body"' in html


def test_bad_range_falls_back_to_30_days(owner_client):
    html = owner_client.get(PROGRESS + "?range=1000").content.decode()
    assert re.search(r'id="range-30"[^>]*aria-current="page"', html)


def test_a_session_after_midnight_in_berlin_counts_on_the_local_day(
    client, user, practice, make_session
):
    """The page counts in the active time zone: 00:30 in Berlin is 23:30 UTC the day before."""
    berlin = ZoneInfo("Europe/Berlin")
    with override_settings(TIME_ZONE="Europe/Berlin"), timezone.override(berlin):
        local_today = timezone.localdate()
        just_after_midnight = datetime.combine(local_today, time(0, 30), tzinfo=berlin)
        make_session(user, practice, started_at=just_after_midnight)
        client.force_login(user)
        html = client.get(PROGRESS).content.decode()
    assert just_after_midnight.astimezone(UTC).date() != local_today
    assert re.search(r'class="calendar__day is-practised is-today"', html)
    assert "You practised on 1 day this week" in html


def _bulk_history(user, practice, count):
    now = timezone.now()
    PracticeSession.objects.bulk_create(
        PracticeSession(
            uuid=uuid.uuid4(),
            user=user,
            practice=practice,
            started_at=now - timedelta(hours=7 * i),
            ended_at=now - timedelta(hours=7 * i) + timedelta(minutes=5),
            rating_before=7,
            rating_after=4 + i % 3,
            steps_completed=3,
            finished=True,
        )
        for i in range(count)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=user, anxiety=i % 11, mood=1 + i % 5, created_at=now - timedelta(hours=5 * i))
        for i in range(count)
    )
    PracticeTotals.rebuild_for(user)  # bulk_create bypasses PracticeSession.save()


def test_query_count_is_the_same_for_a_few_and_5000_sessions(
    client, make_user, make_practice, reader_language, django_assert_num_queries
):
    practices = [make_practice(title=f"Practice {n}") for n in range(3)]
    small, big = make_user(), make_user()
    for practice in practices:
        _bulk_history(small, practice, 2)
    _bulk_history(small, practices[0], 1)  # 7 sessions and 7 check-ins

    client.force_login(small)
    client.get(PROGRESS)  # the first request records the signed-in device
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(PROGRESS).status_code == 200
    # Read now: every request clears the connection's query log.
    small_count = len(small_queries)
    assert small_count <= 15, [q["sql"] for q in small_queries.captured_queries]

    for practice in practices:
        _bulk_history(big, practice, 1667)
    assert PracticeSession.objects.filter(user=big).count() == 5001
    client.force_login(big)
    client.get(PROGRESS)
    with django_assert_num_queries(small_count):
        response = client.get(PROGRESS)
    assert response.status_code == 200


def test_a_visitor_hears_what_progress_is_and_that_it_is_private(client, user):
    response = client.get(reverse("tracking:progress"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "It is private. Only you can see it" in html
    assert 'href="/accounts/signup/?next=/progress/">Create an account</a>' in html
    assert 'href="/accounts/login/?next=/progress/">Log in</a>' in html
    # Nobody's data, and no check-in form, for a visitor.
    assert "Save check-in" not in html

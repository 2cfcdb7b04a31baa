"""What the panic log shows back (tracking.panic.panic_summary) and where it is shown:
nothing for an empty log; the sentences for one attack and for many, with and without
lengths; weeks counted in the person's own time zone; a fixed query count."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracking.models import PanicAttack
from tracking.panic import panic_summary

pytestmark = pytest.mark.django_db

PROGRESS = reverse("tracking:progress")
HISTORY = reverse("tracking:history")
BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def test_nothing_logged_gives_nothing(user):
    assert panic_summary(user, tz=BERLIN, now=NOW) is None


def test_nothing_logged_shows_nothing_on_progress_or_history(owner_client):
    for page in (PROGRESS, HISTORY):
        html = owner_client.get(page).content.decode()
        assert "What your panic log shows" not in html
        assert "came to an end" not in html


def test_one_attack_with_a_length(user, make_attack):
    make_attack(user, started_at=NOW - timedelta(hours=3), minutes=12, peak=7)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.count == 1
    assert summary.came_to_an_end == (
        "The attack you logged came to an end; it lasted about 12 minutes."
    )
    assert (summary.average_peak, summary.average_minutes) == (7.0, 12)
    assert summary.average_peak_text == "7"


def test_one_attack_of_one_minute_says_minute(user, make_attack):
    make_attack(user, started_at=NOW, minutes=1)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.came_to_an_end.endswith("it lasted about 1 minute.")


def test_one_attack_without_a_length_still_came_to_an_end(user, make_attack):
    make_attack(user, started_at=NOW)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.came_to_an_end == "The attack you logged came to an end."
    assert summary.average_peak is None
    assert summary.average_minutes is None


def test_many_attacks_give_the_count_the_longest_and_the_averages(user, make_attack):
    for minutes, peak in ((5, 6), (30, 9), (10, None), (None, 8)):
        make_attack(user, started_at=NOW - timedelta(days=1), minutes=minutes, peak=peak)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.came_to_an_end == (
        "Every one of the 4 attacks you logged came to an end; the longest lasted about 30 minutes."
    )
    # Averages over the attacks that have the answer: (6 + 9 + 8) / 3 and (5 + 30 + 10) / 3.
    assert summary.average_peak == 7.7
    assert summary.average_minutes == 15
    assert summary.average_length_text == "about 15 minutes"


def test_many_attacks_without_any_length(user, make_attack):
    for _ in range(3):
        make_attack(user, started_at=NOW)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.came_to_an_end == "Every one of the 3 attacks you logged came to an end."


def test_attacks_per_week_are_the_last_twelve_weeks_monday_first(user, make_attack):
    # NOW is Wednesday 18 November; its week began Monday 16 November.
    make_attack(user, started_at=NOW)
    make_attack(user, started_at=NOW - timedelta(days=7))
    make_attack(user, started_at=NOW - timedelta(days=8))
    make_attack(user, started_at=NOW - timedelta(weeks=20))  # counted, but not a shown week
    summary = panic_summary(user, tz=UTC, now=NOW)
    assert len(summary.weeks) == 12
    assert summary.weeks[-1].start == date(2026, 11, 16)
    assert summary.weeks[0].start == date(2026, 8, 31)
    assert [w.count for w in summary.weeks[-3:]] == [0, 2, 1]
    assert sum(w.count for w in summary.weeks) == 3
    assert summary.count == 4
    assert summary.weeks[-1].label == "Mon 16 Nov"


def test_the_first_week_shown_begins_at_midnight_on_its_monday(user, make_attack):
    # The first boundary is tested on its own (PeriodNumber's mostly_earlier): an attack
    # at its very moment is in the first week, one a second earlier in no week shown.
    first_monday = datetime(2026, 8, 31, tzinfo=UTC)
    make_attack(user, started_at=first_monday)
    make_attack(user, started_at=first_monday - timedelta(seconds=1))
    make_attack(user, started_at=datetime(2026, 11, 23, tzinfo=UTC))  # next week: a clock set wrong
    summary = panic_summary(user, tz=UTC, now=NOW)
    assert [w.count for w in summary.weeks] == [1] + [0] * 11
    assert summary.count == 3


def test_weeks_are_the_persons_own(user, make_attack):
    # Sunday 15 November, 23:30 UTC: still Sunday in New York, already Monday in Berlin.
    make_attack(user, started_at=datetime(2026, 11, 15, 23, 30, tzinfo=UTC))
    in_berlin = panic_summary(user, tz=BERLIN, now=NOW)
    in_new_york = panic_summary(user, tz=ZoneInfo("America/New_York"), now=NOW)
    in_utc = panic_summary(user, tz=UTC, now=NOW)
    assert [w.count for w in in_berlin.weeks[-2:]] == [0, 1]
    assert [w.count for w in in_new_york.weeks[-2:]] == [1, 0]
    assert [w.count for w in in_utc.weeks[-2:]] == [1, 0]


def test_this_week_follows_the_persons_today(user, make_attack):
    # Monday 00:30 in Tokyo is still Sunday in UTC: Tokyo's newest week has begun.
    now = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    make_attack(user, started_at=now)
    tokyo = panic_summary(user, tz=ZoneInfo("Asia/Tokyo"), now=now)
    assert tokyo.weeks[-1].start == date(2026, 11, 23)
    assert tokyo.weeks[-1].count == 1
    utc = panic_summary(user, tz=UTC, now=now)
    assert utc.weeks[-1].start == date(2026, 11, 16)
    assert utc.weeks[-1].count == 1


def test_fears_and_outcomes_are_the_latest_three_that_have_either(user, make_attack):
    for days, feared, happened in (
        (5, "Fainting", "I stayed standing"),
        (4, "Heart attack", "It slowed down"),
        (3, "", ""),
        (2, "Losing control", ""),
        (1, "", "I finished my shopping"),
    ):
        make_attack(user, started_at=NOW - timedelta(days=days), feared=feared, happened=happened)
    pairs = panic_summary(user, tz=BERLIN, now=NOW).pairs
    assert [(p.feared, p.happened) for p in pairs] == [
        ("", "I finished my shopping"),
        ("Losing control", ""),
        ("Heart attack", "It slowed down"),
    ]


def test_another_persons_attacks_never_count(user, other_user, make_attack):
    make_attack(other_user, started_at=NOW, minutes=50)
    make_attack(user, started_at=NOW, minutes=5)
    summary = panic_summary(user, tz=BERLIN, now=NOW)
    assert summary.count == 1
    assert summary.longest_minutes == 5


# --- On the pages ----------------------------------------------------------------------


def test_progress_and_history_show_what_the_log_says(owner_client, user, make_attack):
    make_attack(
        user, minutes=20, peak=8, feared="That I would collapse", happened="I sat down; it passed"
    )
    make_attack(user, started_at=timezone.now() - timedelta(days=1), minutes=8, peak=5)
    for page in (PROGRESS, HISTORY):
        html = owner_client.get(page).content.decode()
        assert (
            "Every one of the 2 attacks you logged came to an end; "
            "the longest lasted about 20 minutes." in html
        )
        assert "<dt>Average peak</dt><dd>6.5 of 10</dd>" in html
        assert "<dt>Average length</dt><dd>about 14 minutes</dd>" in html
        assert "<td>That I would collapse</td><td>I sat down; it passed</td>" in html
        assert 'aria-labelledby="panic-weeks-title panic-weeks-desc"' in html
        assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_no_streaks_no_scores_no_reassurance(owner_client, user, make_attack):
    for n in range(5):
        make_attack(user, started_at=timezone.now() - timedelta(days=n), minutes=10)
    html = owner_client.get(PROGRESS).content.decode().lower()
    section = html[html.index('id="panic-summary"') :]
    section = section[: section.index("</section>")]
    for word in ("streak", "score", "you are safe", "you're safe", "in a row", "always", "never"):
        assert word not in section


def bulk_attacks(user, count):
    now = timezone.now()
    PanicAttack.objects.bulk_create(
        PanicAttack(
            uuid=uuid.uuid4(),
            user=user,
            started_at=now - timedelta(hours=9 * n),
            minutes=1 + n % 40,
            peak=n % 11,
            sensations="racing_heart,shaking",
            feared="Fainting" if n % 3 == 0 else "",
            happened="It passed" if n % 3 == 0 else "",
        )
        for n in range(count)
    )


def test_progress_query_count_stays_fixed_with_1000_attacks(
    client, make_user, django_assert_num_queries
):
    small, big = make_user(), make_user()
    bulk_attacks(small, 2)
    client.force_login(small)
    client.get(PROGRESS)  # the first request records the signed-in device
    with CaptureQueriesContext(connection) as queries:
        client.get(PROGRESS)
    small_count = len(queries)
    assert small_count <= 10, [q["sql"] for q in queries.captured_queries]

    bulk_attacks(big, 1000)
    client.force_login(big)
    client.get(PROGRESS)
    with django_assert_num_queries(small_count):
        html = client.get(PROGRESS).content.decode()
    assert "Every one of the 1000 attacks you logged came to an end" in html
    assert "the longest lasted about 40 minutes" in html


def test_history_query_count_stays_fixed_with_1000_attacks(
    client, make_user, django_assert_num_queries
):
    small, big = make_user(), make_user()
    bulk_attacks(small, 2)
    client.force_login(small)
    client.get(HISTORY)
    with CaptureQueriesContext(connection) as queries:
        client.get(HISTORY)
    small_count = len(queries)
    assert small_count <= 10
    bulk_attacks(big, 1000)
    client.force_login(big)
    client.get(HISTORY)
    with django_assert_num_queries(small_count):
        client.get(HISTORY)

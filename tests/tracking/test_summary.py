import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUMMARY = reverse("tracking:summary")


@pytest.fixture
def period_history(user, practice, make_session, make_checkin):
    day = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    make_checkin(user, anxiety=8, mood=2, created_at=day, note="Presentation at work.")
    make_checkin(user, anxiety=4, mood=4, created_at=day.replace(day=5), tags="sleep")
    make_checkin(
        user, anxiety=1, mood=5, created_at=day.replace(month=7), note="Outside the period"
    )
    make_session(user, practice, started_at=day, before=8, after=5)
    make_session(user, practice, started_at=day.replace(day=4), before=6, after=5)


def test_summary_shows_trend_and_practices_without_notes(owner_client, period_history):
    html = owner_client.get(SUMMARY, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    assert "Summary for 1 June 2026 to 30 June 2026" in html
    assert "2 check-ins. Average anxiety 6.0 of 10; average mood 3.0 of 5." in html
    # Two days of check-ins are said in words (a chart needs three); the table prints.
    assert '<svg class="chart"' not in html
    assert "You have check-ins on 2 days so far." in html
    assert '<details class="chart-table" open>' in html
    assert "<td>8.0</td>" in html and "<td>4.0</td>" in html
    assert '<th scope="row">Box breathing</th>' in html
    assert "<td>7.0</td>" in html and "<td>5.0</td>" in html and "<td>\u22122</td>" in html
    assert "Presentation at work." not in html
    assert "Outside the period" not in html
    assert 'id="summary-notes"' not in html


def test_notes_appear_only_when_ticked(owner_client, period_history):
    params = {"start": "2026-06-01", "end": "2026-06-30", "include_notes": "on"}
    html = owner_client.get(SUMMARY, params).content.decode()
    assert "Presentation at work." in html
    assert "Outside the period" not in html


def test_summary_defaults_to_the_last_30_days(owner_client, user, make_checkin):
    make_checkin(user, anxiety=5, note="Today's note")
    html = owner_client.get(SUMMARY).content.decode()
    assert "1 check-in." in html
    assert "Today&#x27;s note" not in html and "Today's note" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30", "end": "2026-03-10"}, "Enter a date like 2026-11-01."),
        ({"start": "", "end": "2026-03-10"}, "Choose the first day."),
        ({"start": "2026-03-10", "end": "2026-03-01"}, "The first day must be on or before"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "Choose a period of one year or less."),
    ],
)
def test_invalid_period_shows_a_clear_message(owner_client, period_history, params, message):
    response = owner_client.get(SUMMARY, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "That period could not be used" in html
    assert "check-ins. Average anxiety" not in html


def test_summary_has_a_print_button_and_print_styles(owner_client):
    html = owner_client.get(SUMMARY).content.decode()
    assert "data-print hidden>Print or save as PDF</button>" in html
    assert "/static/js/tracking.js" in html
    css = (settings.BASE_DIR / "static/css/aira.css").read_text()
    tracking_css = css.split("/* --- Tracking --- */")[1]
    assert "@media print" in tracking_css


def test_summary_never_shows_another_users_data(client, other_user, period_history):
    client.force_login(other_user)
    params = {"start": "2026-06-01", "end": "2026-06-30", "include_notes": "on"}
    html = client.get(SUMMARY, params).content.decode()
    assert "No check-ins in this period." in html
    assert "Presentation at work." not in html


def test_the_period_fields_hold_the_dates_of_the_heading_in_iso_form(owner_client):
    """A date picker shows nothing for a localised "03/11/2026": the value must be ISO."""
    html = owner_client.get(SUMMARY, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    assert '<input type="date" name="start" value="2026-06-01"' in html
    assert '<input type="date" name="end" value="2026-06-30"' in html


def test_the_default_period_fields_are_iso_too(owner_client):
    html = owner_client.get(SUMMARY).content.decode()
    assert re.search(r'<input type="date" name="start" value="\d{4}-\d{2}-\d{2}"', html)
    assert re.search(r'<input type="date" name="end" value="\d{4}-\d{2}-\d{2}"', html)


def test_every_date_field_in_tracking_renders_an_iso_value(user):
    from datetime import date

    from tracking.forms import HistoryFilterForm, PeriodForm, SummaryForm

    day = date(2026, 11, 3)
    for form in (
        PeriodForm(initial={"start": day, "end": day}),
        SummaryForm(initial={"start": day, "end": day}),
        HistoryFilterForm(initial={"start": day, "end": day}, user=user),
    ):
        for name in ("start", "end"):
            assert 'type="date"' in str(form[name])
            assert 'value="2026-11-03"' in str(form[name]), (type(form).__name__, name)


@pytest.fixture
def logged_attacks(user, other_user, make_attack, make_practice):
    day = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    attack = make_attack(
        user,
        started_at=day,
        minutes=15,
        peak=8,
        sensations="racing_heart,dizziness",
        feared="Fainting on the platform",
        happened="I sat on a bench until it eased",
        note="Private thought",
    )
    attack.helped_practices.set([make_practice(title="Slow breathing")])
    make_attack(user, started_at=day.replace(month=7), feared="Outside the period")
    make_attack(other_user, started_at=day, feared="Someone else's fear")


def test_the_panic_log_is_left_out_unless_ticked(owner_client, logged_attacks):
    html = owner_client.get(SUMMARY, {"start": "2026-06-01", "end": "2026-06-30"}).content.decode()
    assert 'name="include_panic"' in html
    assert 'id="summary-panic"' not in html
    assert "Fainting on the platform" not in html


def test_the_panic_log_appears_when_ticked_its_notes_only_with_notes(owner_client, logged_attacks):
    params = {"start": "2026-06-01", "end": "2026-06-30", "include_panic": "on"}
    html = owner_client.get(SUMMARY, params).content.decode()
    assert 'id="summary-panic"' in html
    assert "1 panic attack logged in this period." in html
    assert "(about 15 minutes, peak 8 of 10)" in html
    assert "Sensations: racing heart, dizziness" in html
    assert "Feared: Fainting on the platform" in html
    assert "What happened: I sat on a bench until it eased" in html
    assert "Helped: Slow breathing" in html
    assert "Outside the period" not in html
    assert "Someone else" not in html
    assert "Private thought" not in html

    html = owner_client.get(SUMMARY, {**params, "include_notes": "on"}).content.decode()
    assert "Note: Private thought" in html


def test_a_period_without_attacks_says_so(owner_client, logged_attacks):
    params = {"start": "2026-05-01", "end": "2026-05-31", "include_panic": "on"}
    html = owner_client.get(SUMMARY, params).content.decode()
    assert "No panic attacks logged in this period." in html

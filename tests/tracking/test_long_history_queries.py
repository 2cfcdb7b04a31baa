"""The pages with a person's data run the same queries, at most ten, for one session and
one check-in as for thousands: nothing on them reads the whole history."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeSession, PracticeTotals, Step
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10
LONG_HISTORY = 3000


def add_history(user, practices, count):
    """`count` sessions and `count` check-ins, a few hours apart, newest now."""
    now = timezone.now()
    PracticeSession.objects.bulk_create(
        PracticeSession(
            uuid=uuid.uuid4(),
            user=user,
            practice=practices[i % len(practices)],
            started_at=now - timedelta(hours=3 * i),
            rating_before=7,
            rating_after=3 + i % 4,
            steps_completed=1,
            finished=True,
        )
        for i in range(count)
    )
    CheckIn.objects.bulk_create(
        CheckIn(user=user, anxiety=i % 11, mood=1 + i % 5, created_at=now - timedelta(hours=3 * i))
        for i in range(count)
    )
    PracticeTotals.rebuild_for(user)  # bulk_create bypasses PracticeSession.save()


def pages(user, practice):
    session = PracticeSession.objects.create(
        user=user, practice=practice, started_at=timezone.now()
    )
    step = f"/practices/{practice.slug}/s/{session.uuid}/step/1/"
    return {
        "progress": (reverse("tracking:progress"), {}),
        "history": (reverse("tracking:history"), {}),
        "practice step": (step, {}),
        "practice step, htmx": (step, {"HX-Request": "true"}),
    }


def queries_per_page(client, user, practice):
    client.force_login(user)
    counts = {}
    for name, (path, headers) in pages(user, practice).items():
        client.get(path, headers=headers)  # the first request records the signed-in device
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_the_history(client, make_user, make_practice):
    practices = [make_practice(title=f"Practice {n}") for n in range(4)]
    for practice in practices:
        Step.objects.create(practice=practice, position=1, kind="guidance", title="s", text="t")
    short, long = make_user(), make_user()
    add_history(short, practices, 1)
    add_history(long, practices, LONG_HISTORY)
    assert PracticeSession.objects.filter(user=long).count() == LONG_HISTORY

    few = queries_per_page(client, short, practices[0])
    many = queries_per_page(client, long, practices[0])

    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_the_long_historys_totals_are_on_the_progress_page(client, make_user, make_practice):
    practice = make_practice(title="Box breathing")
    user = make_user()
    add_history(user, [practice], LONG_HISTORY)
    client.force_login(user)
    html = client.get(reverse("tracking:progress")).content.decode()
    # Every session went from 7 to 3, 4, 5 or 6 in turn: on average 7 to 4.5.
    assert "on average \u22122.5 points" in html
    assert f"<dt>Sessions</dt><dd>{LONG_HISTORY}</dd>" in html

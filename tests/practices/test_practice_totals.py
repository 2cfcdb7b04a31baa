"""A person's totals per practice (PracticeTotals) always match their sessions, whichever
way a session is saved: the player, an offline sync, visitor sessions attached at login,
a deletion, or bulk writes followed by a rebuild."""

import importlib
import random
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone

from practices.models import Practice, PracticeSession, PracticeTotals
from tests.factories import practice_admin_form

pytestmark = pytest.mark.django_db
RATED = Q(rating_before__isnull=False, rating_after__isnull=False)


def counted_from_sessions(user):
    """What the totals must be: every session of the user grouped by practice, afresh."""
    rows = (
        PracticeSession.objects.filter(user=user)
        .order_by()
        .values("practice_id")
        .annotate(
            sessions=Count("id"),
            finished=Count("id", filter=Q(finished=True)),
            rated=Count("id", filter=RATED),
            rating_before_sum=Sum("rating_before", filter=RATED, default=0),
            rating_after_sum=Sum("rating_after", filter=RATED, default=0),
        )
    )
    return {row.pop("practice_id"): row for row in rows}


def stored_totals(user):
    return {
        row.pop("practice_id"): row
        for row in PracticeTotals.objects.filter(user=user).values(
            "practice_id", "sessions", "finished", "rated", "rating_before_sum", "rating_after_sum"
        )
    }


def test_the_player_keeps_the_totals(owner_client, user, practice, begin):
    session_id, _ = begin(practice, owner_client, rating="8")
    assert stored_totals(user) == {
        practice.pk: {
            "sessions": 1,
            "finished": 0,
            "rated": 0,
            "rating_before_sum": 0,
            "rating_after_sum": 0,
        }
    }
    for number in (1, 2, 3):
        owner_client.post(f"/practices/{practice.slug}/s/{session_id}/step/{number}/")
    owner_client.post(f"/practices/{practice.slug}/s/{session_id}/after/", {"rating": "3"})
    totals = PracticeTotals.objects.get(user=user, practice=practice)
    assert (totals.sessions, totals.finished, totals.rated) == (1, 1, 1)
    assert totals.average_change == -5
    assert stored_totals(user) == counted_from_sessions(user)


def test_an_offline_sync_keeps_the_totals(owner_client, user, practice):
    record = {
        "session_id": str(uuid.uuid4()),
        "practice": practice.slug,
        "started_at": "2026-11-20T08:15:00Z",
        "ended_at": "2026-11-20T08:19:30Z",
        "rating_before": "6",
        "rating_after": "2",
        "steps_completed": "3",
        "finished": "on",
    }
    assert owner_client.post("/practices/sessions/sync/", record).status_code == 201
    # Sent again: still one session, counted once.
    assert owner_client.post("/practices/sessions/sync/", record).status_code == 200
    totals = PracticeTotals.objects.get(user=user, practice=practice)
    assert (totals.sessions, totals.finished, totals.rated, totals.average_change) == (1, 1, 1, -4)


def test_visitor_sessions_attached_at_login_are_counted(client, user, password, practice, begin):
    session_id, _ = begin(practice, rating="9")
    client.post(f"/practices/{practice.slug}/s/{session_id}/after/", {"rating": "4"})
    assert not PracticeTotals.objects.exists()  # a visitor's sessions have no totals
    client.post("/accounts/login/", {"login": user.email, "password": password})
    totals = PracticeTotals.objects.get(user=user, practice=practice)
    assert (totals.sessions, totals.rated, totals.average_change) == (1, 1, -5)


def test_totals_follow_any_mix_of_saves_and_deletes(user, other_user, make_practice):
    practices = [make_practice(), make_practice()]
    rng = random.Random(7)
    sessions = []
    for _ in range(60):
        action = rng.random()
        if action < 0.5 or not sessions:
            rated = rng.random() < 0.6
            sessions.append(
                PracticeSession.objects.create(
                    user=rng.choice([user, other_user]),
                    practice=rng.choice(practices),
                    rating_before=rng.randint(0, 10) if rated else None,
                    rating_after=rng.randint(0, 10) if rated and rng.random() < 0.8 else None,
                    finished=rng.random() < 0.7,
                )
            )
        elif action < 0.8:
            session = rng.choice(sessions)
            session.finish(rating_after=rng.choice([None, rng.randint(0, 10)]))
        elif action < 0.9:
            session = rng.choice(sessions)
            session.complete_step(rng.randint(1, 3))  # changes nothing counted
        else:
            sessions.remove(session := rng.choice(sessions))
            session.delete()
        for person in (user, other_user):
            assert stored_totals(person) == counted_from_sessions(person)


def test_the_last_session_of_a_practice_deleted_removes_its_row(user, practice):
    session = PracticeSession.objects.create(user=user, practice=practice, finished=True)
    assert PracticeTotals.objects.filter(user=user).count() == 1
    session.delete()
    assert not PracticeTotals.objects.filter(user=user).exists()


def bulk_sessions(user, practices, count):
    PracticeSession.objects.bulk_create(
        PracticeSession(
            uuid=uuid.uuid4(),
            user=user,
            practice=practices[i % len(practices)],
            rating_before=i % 11 if i % 3 else None,
            rating_after=(i * 7) % 11 if i % 3 else None,
            finished=i % 4 != 0,
        )
        for i in range(count)
    )


def test_rebuild_after_bulk_writes_counts_everything(user, make_practice):
    practices = [make_practice(), make_practice(), make_practice()]
    bulk_sessions(user, practices, 100)
    assert not PracticeTotals.objects.exists()  # bulk_create bypasses save()
    PracticeTotals.rebuild_for(user)
    assert stored_totals(user) == counted_from_sessions(user)
    assert sum(row["sessions"] for row in stored_totals(user).values()) == 100


def test_the_migration_counts_existing_sessions(user, other_user, make_practice):
    practices = [make_practice(), make_practice()]
    bulk_sessions(user, practices, 30)
    bulk_sessions(other_user, practices[:1], 12)
    PracticeSession.objects.create(practice=practices[0])  # a visitor's: not counted
    migration = importlib.import_module("practices.migrations.0009_practice_totals")
    migration.count_existing_sessions(apps, None)
    assert stored_totals(user) == counted_from_sessions(user)
    assert stored_totals(other_user) == counted_from_sessions(other_user)
    assert PracticeTotals.objects.count() == 3


def ten_minute_session(person, practice):
    start = timezone.now() - timedelta(hours=1)
    return PracticeSession.objects.create(
        user=person,
        practice=practice,
        started_at=start,
        ended_at=start + timedelta(minutes=10),
        finished=True,
    )


def time_spent(person, practice):
    return PracticeTotals.objects.get(user=person, practice=practice).time_spent


def test_a_new_stated_length_recounts_everyones_time_spent(
    admin_client, user, other_user, make_practice, django_capture_on_commit_callbacks
):
    practice = make_practice(minutes=5)
    for person in (user, other_user):
        ten_minute_session(person, practice)
    assert time_spent(user, practice) == timedelta(minutes=5)  # capped at its length

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/practices/practice/{practice.pk}/change/",
            practice_admin_form(practice, minutes=8),
        )
    assert response.status_code == 302

    assert time_spent(user, practice) == timedelta(minutes=8)
    assert time_spent(other_user, practice) == timedelta(minutes=8)


def test_a_translations_new_length_recounts_the_totals_kept_under_its_original(
    admin_client, user, make_practice, django_capture_on_commit_callbacks
):
    original = make_practice(minutes=5)
    spanish = make_practice(minutes=5, language="es", translation_of=original)
    ten_minute_session(user, spanish)
    assert time_spent(user, original) == timedelta(minutes=5)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/practices/practice/{spanish.pk}/change/",
            practice_admin_form(spanish, minutes=7),
        )

    assert time_spent(user, original) == timedelta(minutes=7)


def test_an_edit_that_keeps_the_length_recounts_nothing(
    admin_client, user, make_practice, django_capture_on_commit_callbacks
):
    practice = make_practice(minutes=5)
    ten_minute_session(user, practice)
    PracticeTotals.objects.update(time_spent=timedelta(0))  # so a recount would show
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/practices/practice/{practice.pk}/change/",
            practice_admin_form(practice, title="A new title"),
        )
    assert response.status_code == 302
    assert Practice.objects.get(pk=practice.pk).title == "A new title"
    assert time_spent(user, practice) == timedelta(0)

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from together.models import LIFETIME, Presence, SharedSession, key_digest, poll, purge_expired


def make_session(**fields):
    return SharedSession.objects.create(
        **{
            "starter_key_digest": key_digest(fields.pop("key", "a starter key")),
            "inhale_seconds": 4,
            "exhale_seconds": 6,
            **fields,
        }
    )


@pytest.mark.django_db
def test_a_session_lasts_two_hours_then_is_no_longer_live():
    session = make_session()
    assert session.ends_at - session.started_at == LIFETIME == timedelta(hours=2)
    assert session.is_live()
    assert session.is_live(session.started_at + timedelta(hours=1, minutes=59))
    assert not session.is_live(session.started_at + timedelta(hours=2))
    later = session.started_at + timedelta(hours=2, seconds=1)
    assert list(SharedSession.objects.live(later)) == []
    assert list(SharedSession.objects.expired(later)) == [session]


@pytest.mark.django_db
def test_the_link_token_is_unguessable_and_unique():
    tokens = {make_session(key=f"key {n}").token for n in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        # token_urlsafe(16): 16 random bytes, 128 bits, as 22 URL-safe characters.
        assert len(token) >= 22
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@pytest.mark.django_db
def test_ending_stops_it_at_once_and_only_the_starter_key_matches():
    session = make_session(key="the starter's key")
    assert session.is_starter("the starter's key")
    assert not session.is_starter("someone else's key")
    assert not session.is_starter("")
    session.end()
    session.refresh_from_db()
    assert not session.is_live()
    ended_at = session.ends_at
    session.end()  # a second tap changes nothing
    session.refresh_from_db()
    assert session.ends_at == ended_at


@pytest.mark.django_db
def test_count_is_of_distinct_tabs_heard_from_in_the_last_20_seconds():
    session = make_session()
    other = make_session(key="another")
    now = timezone.now()
    session.heartbeat("a" * 22, now - timedelta(seconds=30))  # gone quiet
    session.heartbeat("b" * 22, now - timedelta(seconds=19))
    session.heartbeat("c" * 22, now - timedelta(seconds=5))
    session.heartbeat("c" * 22, now)  # the same tab again: still one
    other.heartbeat("d" * 22, now)  # another session's tab
    assert session.present_count(now) == 2
    assert other.present_count(now) == 1
    assert Presence.objects.filter(session=session, participant="c" * 22).count() == 1
    # The quiet tab comes back: counted again, still one row.
    session.heartbeat("a" * 22, now)
    assert session.present_count(now) == 3
    assert session.presences.count() == 3


@pytest.mark.django_db
def test_poll_counts_itself_and_agrees_with_the_orm_count():
    session = make_session()
    make_session(key="another").heartbeat("d" * 22)
    now = timezone.now()
    session.heartbeat("a" * 22, now - timedelta(seconds=30))
    session.heartbeat("b" * 22, now - timedelta(seconds=10))
    assert poll(session.token, "c" * 22, now) == (True, 2)  # b and this new tab
    assert poll(session.token, "c" * 22, now + timedelta(seconds=5)) == (True, 2)
    assert poll(session.token, "a" * 22, now + timedelta(seconds=6)) == (True, 3)
    assert session.present_count(now + timedelta(seconds=6)) == 3
    # Ten seconds later b has gone quiet (20 s since it was heard from).
    assert poll(session.token, "a" * 22, now + timedelta(seconds=11)) == (True, 2)
    assert session.present_count(now + timedelta(seconds=11)) == 2
    assert session.presences.count() == 3
    seen = Presence.objects.get(session=session, participant="a" * 22).seen_at
    assert seen == now + timedelta(seconds=11)


@pytest.mark.django_db
def test_poll_of_an_ended_or_unknown_session_writes_nothing():
    session = make_session()
    session.end()
    assert poll(session.token, "a" * 22) == (False, 0)
    assert poll("no-such-token", "a" * 22) is None
    assert Presence.objects.count() == 0


@pytest.mark.django_db
def test_poll_is_two_statements_and_its_count_reads_the_index(django_assert_num_queries):
    session = make_session()
    for n in range(30):
        session.heartbeat(f"{n:022d}")
    with CaptureQueriesContext(connection) as captured:
        assert poll(session.token, "me" * 11) == (True, 31)
    assert len(captured.captured_queries) == 2
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[1]["sql"])
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "together_presence_recent" in plan
        assert "SCAN" not in plan


@pytest.mark.django_db
def test_a_session_without_anyone_counts_zero():
    session = make_session()
    assert session.present_count() == 0


@pytest.mark.django_db
def test_purge_deletes_ended_sessions_and_their_presences_only():
    live = make_session(key="live")
    ended = make_session(key="ended")
    old = make_session(key="old", started_at=timezone.now() - timedelta(hours=3))
    for session in (live, ended, old):
        session.heartbeat("p" * 22)
    ended.end()
    assert purge_expired() == 2
    assert list(SharedSession.objects.all()) == [live]
    assert list(Presence.objects.values_list("session", flat=True)) == [live.pk]


@pytest.mark.django_db
def test_the_database_refuses_a_pattern_without_breath():
    with pytest.raises(IntegrityError):
        make_session(inhale_seconds=0)


def test_nothing_about_people_has_a_column():
    """No user, name, address or device detail: only the pattern, times, a digest of the
    starter's key and the tabs' own random tokens."""
    assert {f.name for f in SharedSession._meta.get_fields()} == {
        "id",
        "token",
        "starter_key_digest",
        "practice_title",
        "inhale_seconds",
        "top_up_seconds",
        "hold_in_seconds",
        "exhale_seconds",
        "hold_out_seconds",
        "started_at",
        "ends_at",
        "presences",
    }
    assert {f.name for f in Presence._meta.get_fields()} == {
        "id",
        "session",
        "participant",
        "seen_at",
    }


@pytest.mark.django_db
def test_the_purge_command_deletes_what_has_ended():
    from io import StringIO

    from django.core.management import call_command

    live = make_session(key="live")
    make_session(key="ended").end()
    out = StringIO()
    call_command("purge_together", stdout=out)
    assert "Deleted 1 ended shared breathing session(s)." in out.getvalue()
    assert list(SharedSession.objects.all()) == [live]

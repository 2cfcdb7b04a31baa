import json
import re
import secrets
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from together.models import Presence, SharedSession, key_digest
from together.views import STARTER_COOKIE

HTMX = {"HX-Request": "true"}
pytestmark = pytest.mark.django_db


def participant():
    return secrets.token_urlsafe(16)


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def session_of(response):
    token = re.fullmatch(r"/together/([^/]+)/", response["Location"])[1]
    return SharedSession.objects.get(token=token)


def poll(client, session, who, shown=None, headers=HTMX):
    data = {"participant": who}
    if shown is not None:
        data["shown"] = shown
    return client.post(f"/together/{session.token}/here/", data, headers=headers)


# --- Start ------------------------------------------------------------------------------


def test_start_page_offers_the_gentle_default_and_each_practice_pattern(client, box_practice):
    response = client.get("/together/")
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "Gentle breathing: breathe in for 4, breathe out for 6 seconds" in html
    # The practice's pattern once, though two of its steps use it.
    assert html.count("Box breathing: breathe in for 4, hold for 4") == 1
    assert html.count('name="starter_key"') == 1


def test_starting_makes_a_session_and_sends_the_starter_to_its_link(client, start):
    response, key = start()
    assert response.status_code == 302
    session = session_of(response)
    assert session.is_live()
    assert (session.inhale_seconds, session.exhale_seconds) == (4, 6)
    assert session.name == "Gentle breathing"
    assert session.starter_key_digest == key_digest(key)
    cookie = response.cookies[STARTER_COOKIE]
    assert cookie.value == key
    assert cookie["path"] == f"/together/{session.token}/"
    assert cookie["httponly"]
    assert int(cookie["max-age"]) == 2 * 3600
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "End for everyone" in page.content.decode()


def test_starting_with_a_practice_pattern_copies_it(client, start, box_practice):
    step = box_practice.steps.filter(kind="breathing").first()
    response, _key = start(pattern=str(step.pk))
    session = session_of(response)
    assert session.practice_title == "Box breathing"
    assert [
        session.inhale_seconds,
        session.hold_in_seconds,
        session.exhale_seconds,
        session.hold_out_seconds,
    ] == [4, 4, 4, 4]
    # The practice changing afterwards leaves the running session's pace alone.
    step.inhale_seconds = 6
    step.save()
    session.refresh_from_db()
    assert session.inhale_seconds == 4


def test_a_double_tap_starts_one_session(client, start):
    first, key = start()
    second, _ = start(key=key)
    assert SharedSession.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_used_key_of_an_ended_session_does_not_start_another(client, start):
    response, key = start()
    session_of(response).end()
    again, _ = start(key=key)
    assert again.status_code == 400
    assert "That session has ended" in again.content.decode()
    assert SharedSession.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starter_key": "x" * 43}, "Choose a breathing pattern."),
        ({"pattern": "999999", "starter_key": "x" * 43}, "no longer offered"),
        ({"pattern": "gentle", "starter_key": "short"}, "The form was incomplete"),
    ],
)
def test_bad_input_re_renders_with_a_message_and_starts_nothing(client, data, message):
    response = client.post("/together/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_private(response)
    assert SharedSession.objects.count() == 0


def test_starting_stores_nothing_about_the_person(client, make_user, start):
    start()
    assert Session.objects.count() == 0  # no browser session made for a visitor
    user = make_user()
    client.force_login(user)
    start()
    assert SharedSession.objects.count() == 2
    for row in SharedSession.objects.values():
        text = json.dumps(row, default=str)
        assert user.email not in text
        assert "127.0.0.1" not in text  # the test client's address
    # Nothing links a session to an account: no relation to the user model at all.
    assert not any(
        f.is_relation and f.related_model is type(user) for f in SharedSession._meta.get_fields()
    )


def test_starting_purges_ended_sessions(client, start):
    old, _ = start()
    old_session = session_of(old)
    old_session.end()
    start()
    assert not SharedSession.objects.filter(pk=old_session.pk).exists()


# --- The shared page -------------------------------------------------------------------


def test_a_joiner_sees_the_pacer_and_the_link_but_no_end_button(client, start):
    response, _key = start()
    session = session_of(response)
    client.cookies.clear()  # someone else: no starter cookie
    page = client.get(f"/together/{session.token}/")
    assert page.status_code == 200
    assert_private(page)
    html = page.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "data-together-pacer" in html
    assert f"http://testserver/together/{session.token}/" in html
    assert "Only the person who started it can end it" in html
    assert "End for everyone" not in html
    plan = json.loads(re.search(r'data-plan="([^"]+)"', html)[1].replace("&quot;", '"'))
    assert plan["phases"] == [
        {"state": "in", "name": "Breathe in", "seconds": 4},
        {"state": "out", "name": "Breathe out", "seconds": 6},
    ]
    assert plan["startedAt"] == int(session.started_at.timestamp() * 1000)
    assert plan["endsAt"] == int(session.ends_at.timestamp() * 1000)
    # Without JavaScript the pattern is there in words.
    assert "Breathe in for 4, breathe out for 6 seconds." in html


def test_a_hold_pattern_shows_the_caution(client, start, box_practice):
    step = box_practice.steps.filter(kind="breathing").first()
    response, _ = start(pattern=str(step.pk))
    html = client.get(response["Location"]).content.decode()
    assert "If a hold feels uncomfortable" in html


def test_an_ended_link_is_gone_with_a_kind_page(client, start):
    response, _key = start()
    session = session_of(response)
    session.end()
    page = client.get(f"/together/{session.token}/")
    assert page.status_code == 410
    assert_private(page)
    html = page.content.decode()
    assert "This breathing session has ended." in html
    assert 'href="/practices/"' in html and "Breathe on your own" in html


def test_an_expired_link_is_gone(client, start):
    response, _key = start()
    session = session_of(response)
    SharedSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(hours=2, minutes=1),
        ends_at=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(f"/together/{session.token}/").status_code == 410


def test_an_unknown_or_purged_link_is_a_404_with_the_same_kind_page(client):
    page = client.get(f"/together/{secrets.token_urlsafe(16)}/")
    assert page.status_code == 404
    assert "This breathing session has ended." in page.content.decode()
    assert_private(page)


# --- The poll ---------------------------------------------------------------------------


def test_poll_counts_this_tab_and_the_others(client, start):
    response, _ = start()
    session = session_of(response)
    me, other = participant(), participant()
    first = poll(client, session, me, shown=0)
    assert first.status_code == 200
    assert_private(first)
    assert "HX-Request" in first["Vary"]
    html = first.content.decode()
    assert "<html" not in html
    assert "1 person breathing on this link now" in html
    assert 'data-announce="1 person breathing on this link now"' in html
    poll(client, session, other, shown=0)
    again = poll(client, session, me, shown=1)
    assert "2 people breathing on this link now" in again.content.decode()
    assert Presence.objects.filter(session=session).count() == 2


def test_poll_with_an_unchanged_count_swaps_nothing(client, start):
    response, _ = start()
    session = session_of(response)
    me = participant()
    poll(client, session, me, shown=0)
    unchanged = poll(client, session, me, shown=1)
    assert unchanged.status_code == 204
    assert unchanged.content == b""
    assert Presence.objects.get(session=session).seen_at > session.started_at


def test_poll_is_two_queries_however_many_are_here(client, start, django_assert_num_queries):
    response, _ = start()
    session = session_of(response)
    me = participant()
    poll(client, session, me, shown=0)
    with django_assert_num_queries(2):
        poll(client, session, me, shown=0)
    for _ in range(50):
        session.heartbeat(participant())
    with django_assert_num_queries(2):
        answer = poll(client, session, me, shown=0)
    assert "51 people breathing" in answer.content.decode()


def test_poll_after_the_end_shows_it_ended_and_stops(client, start):
    response, _ = start()
    session = session_of(response)
    session.end()
    answer = poll(client, session, participant(), shown=1)
    assert answer.status_code == 286  # htmx stops polling
    assert answer["HX-Retarget"] == "#together"
    assert answer["HX-Reswap"] == "outerHTML"
    assert "together:ended" in answer["HX-Trigger"]
    html = answer.content.decode()
    assert 'id="together"' in html and "This breathing session has ended." in html
    assert "<h1" not in html
    assert Presence.objects.count() == 0


def test_poll_without_javascript_redirects_back_keeping_the_tab(client, start):
    response, _ = start()
    session = session_of(response)
    me = participant()
    answer = poll(client, session, me, headers={})
    assert answer.status_code == 302
    assert answer["Location"] == f"/together/{session.token}/?you={me}"
    page = client.get(answer["Location"])
    assert f'name="participant" value="{me}"' in page.content.decode()
    assert "1 person breathing" in page.content.decode()


def test_poll_refuses_a_bad_token_and_stores_nothing(client, start):
    response, _ = start()
    session = session_of(response)
    for bad in ["", "short", "x" * 44, "<script>alert(1)</script>aaaaaaaaaaaaaa"]:
        assert poll(client, session, bad).status_code == 400
    assert Presence.objects.count() == 0


def test_poll_get_is_refused(client, start):
    response, _ = start()
    session = session_of(response)
    assert client.get(f"/together/{session.token}/here/").status_code == 405


def test_poll_keeps_nothing_about_the_person(client, make_user, start):
    response, _ = start()
    session = session_of(response)
    user = make_user()
    client.force_login(user)
    me = participant()
    poll(client, session, me, shown=0, headers={**HTMX, "User-Agent": "Test phone"})
    row = Presence.objects.values().get()
    assert set(row) == {"id", "session_id", "participant", "seen_at"}
    assert row["participant"] == me


# --- Ending -----------------------------------------------------------------------------


def test_the_starter_ends_it_for_everyone(client, start):
    response, _ = start()
    session = session_of(response)
    ended = client.post(f"/together/{session.token}/end/")
    assert ended.status_code == 302
    assert ended["Location"] == f"/together/{session.token}/"
    assert_private(ended)
    session.refresh_from_db()
    assert not session.is_live()
    assert ended.cookies[STARTER_COOKIE].value == ""
    assert client.get(ended["Location"]).status_code == 410


def test_a_joiner_cannot_end_it(client, start, make_user):
    response, _ = start()
    session = session_of(response)
    client.cookies.clear()
    refused = client.post(f"/together/{session.token}/end/")
    assert refused.status_code == 404
    client.cookies[STARTER_COOKIE] = secrets.token_urlsafe(32)  # a guess
    assert client.post(f"/together/{session.token}/end/").status_code == 404
    client.force_login(make_user())  # an account is not a key
    assert client.post(f"/together/{session.token}/end/").status_code == 404
    session.refresh_from_db()
    assert session.is_live()


def test_end_get_is_refused(client, start):
    response, _ = start()
    session = session_of(response)
    assert client.get(f"/together/{session.token}/end/").status_code == 405
    session.refresh_from_db()
    assert session.is_live()


# --- The clock --------------------------------------------------------------------------


def test_the_clock_answers_the_server_time_uncached(client):
    before = time.time() * 1000
    answer = client.get("/together/time/")
    after = time.time() * 1000
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    assert before <= answer.json()["now"] <= after


# --- Queries ----------------------------------------------------------------------------


def test_the_shared_page_reads_the_same_queries_however_many_are_here(client, start):
    response, _ = start()
    session = session_of(response)
    path = f"/together/{session.token}/"
    client.get(path)  # warm: content types, compiled templates
    with CaptureQueriesContext(connection) as few:
        assert "0 people breathing" in client.get(path).content.decode()
    for _ in range(100):
        session.heartbeat(participant())
    with CaptureQueriesContext(connection) as many:
        assert "100 people breathing" in client.get(path).content.decode()
    assert len(few) == len(many) <= 3


def test_the_start_page_reads_the_patterns_in_one_query(client, make_practice):
    breathe = {
        "kind": "breathing",
        "inhale_seconds": 4,
        "hold_in_seconds": 0,
        "exhale_seconds": 6,
        "hold_out_seconds": 0,
        "cycles": 2,
    }
    make_practice(steps=[breathe])
    client.get("/together/")
    with CaptureQueriesContext(connection) as few:
        client.get("/together/")
    for n in range(10):
        make_practice(steps=[{**breathe, "inhale_seconds": 5 + n}, breathe])
    with CaptureQueriesContext(connection) as many:
        html = client.get("/together/").content.decode()
    assert html.count('name="pattern"') == 1 + 1 + 10 * 2
    assert len(few) == len(many) == 1

"""A visitor's sessions are kept with their browser and become theirs when they sign in."""

import re

import pytest
from django.core import mail

from practices.models import PracticeSession

pytestmark = pytest.mark.django_db


def finish_as_visitor(client, practice, begin):
    session_id, _ = begin(practice, rating="8")
    client.post(f"/practices/{practice.slug}/s/{session_id}/after/", {"rating": "3"})
    return session_id


def test_sessions_are_attached_on_sign_up(client, practice, begin, password):
    session_id = finish_as_visitor(client, practice, begin)
    client.post(
        "/accounts/signup/",
        {"email": "newcomer@example.com", "password1": password, "password2": password},
    )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(
        1
    )
    client.post(link)
    session = PracticeSession.objects.get(uuid=session_id)
    assert session.user.email == "newcomer@example.com"
    assert (session.rating_before, session.rating_after) == (8, 3)


def test_sessions_are_attached_on_log_in(client, user, password, practice, begin):
    session_id = finish_as_visitor(client, practice, begin)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert PracticeSession.objects.get(uuid=session_id).user == user


def test_another_browsers_visitor_sessions_are_not_attached(
    client, user, password, practice, begin
):
    from django.test import Client

    stranger = Client()
    stranger_session, _ = begin(practice, c=stranger)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert PracticeSession.objects.get(uuid=stranger_session).user is None
    assert not PracticeSession.objects.filter(user=user).exists()


def test_sessions_of_a_logged_out_visitor_are_not_reachable_after_logout(
    client, user, password, practice, begin
):
    session_id = finish_as_visitor(client, practice, begin)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/logout/")
    assert client.get(f"/practices/{practice.slug}/s/{session_id}/done/").status_code == 404


def test_attached_sessions_show_at_once_on_a_cached_progress_page(
    client, user, password, practice, begin
):
    from tracking.models import TrackingPreferences

    TrackingPreferences.objects.create(user=user)  # a long-time user, pages cached
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert "calm-breath" not in client.get("/progress/history/").content.decode()
    client.post("/accounts/logout/")

    finish_as_visitor(client, practice, begin)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    history = client.get("/progress/history/").content.decode()
    assert "<strong>Calm Breath</strong>" in history
    assert "before 8, after 3" in history
    assert (
        'href="/practices/calm-breath/">Calm Breath</a>'
        in client.get("/progress/").content.decode()
    )

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from practices.models import PracticeSession

pytestmark = pytest.mark.django_db


def test_old_visitor_sessions_are_purged_and_account_sessions_kept(practice, user, capsys):
    old = timezone.now() - timedelta(days=20)
    stale_visitor = PracticeSession.objects.create(practice=practice, started_at=old)
    fresh_visitor = PracticeSession.objects.create(practice=practice)
    old_account = PracticeSession.objects.create(practice=practice, user=user, started_at=old)
    call_command("purge_visitor_sessions", "--days", "14")
    assert "Deleted 1 visitor session(s) older than 14 days." in capsys.readouterr().out
    remaining = set(PracticeSession.objects.values_list("pk", flat=True))
    assert remaining == {fresh_visitor.pk, old_account.pk}
    assert stale_visitor.pk not in remaining


def test_the_purge_also_deletes_expired_browser_sessions(capsys):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    expired, current = SessionStore(), SessionStore()
    expired["visitor_practice_sessions"] = ["gone"]
    expired.set_expiry(-60)
    expired.save()
    current["visitor_practice_sessions"] = ["kept"]
    current.save()

    call_command("purge_visitor_sessions")

    assert "Deleted expired browser sessions." in capsys.readouterr().out
    assert set(Session.objects.values_list("session_key", flat=True)) == {current.session_key}

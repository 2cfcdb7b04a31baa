"""Errors are logged as JSON lines that never hold a note, a rating or an email."""

import io
import json
import logging
import uuid

import pytest
from django.test import Client

from aira.jsonlog import JsonFormatter
from practices.models import PracticeSession
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db

NOTE = "I told nobody about the panic at work"
EMAIL = "private.person@example.com"


@pytest.fixture
def error_log():
    """What the production logging configuration writes for Django's errors."""
    handlers = [h for h in logging.getLogger("django").handlers if h.name == "stderr"]
    assert len(handlers) == 1
    handler = handlers[0]
    assert isinstance(handler.formatter, JsonFormatter)  # the settings' LOGGING, debug off
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def lines(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def failing_row(*args, **kwargs):
    # What PostgreSQL says when a constraint refuses a row: the row itself, note included.
    raise RuntimeError(f"Failing row contains ({NOTE}, 9, {EMAIL})")


def test_a_server_error_is_one_json_line_without_personal_data(make_user, error_log, monkeypatch):
    user = make_user(EMAIL)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    monkeypatch.setattr(CheckIn.objects, "record", failing_row)

    response = client.post(
        f"/progress/checkins/sync/?email={EMAIL}&note=query",
        {"uuid": str(uuid.uuid4()), "anxiety": "9", "mood": "2", "note": NOTE},
    )

    assert response.status_code == 500
    written = error_log.getvalue()
    [entry] = [e for e in lines(error_log) if e["logger"] == "django.request"]
    assert entry["level"] == "ERROR"
    assert entry["method"] == "POST"
    assert entry["path"] == "/progress/checkins/sync/"
    assert entry["status"] == 500
    assert entry["exception"]["type"] == "builtins.RuntimeError"
    assert any("failing_row" in frame for frame in entry["exception"]["frames"])
    for secret in (NOTE, "panic", EMAIL, "private.person", "anxiety", "note=", "email="):
        assert secret not in written


def test_a_rating_never_reaches_the_log(make_user, make_practice, error_log, monkeypatch):
    user = make_user(EMAIL)
    practice = make_practice("slow-breath", minutes=2)
    session = PracticeSession.objects.create(practice=practice, user=user)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def refuse(self, *, rating_after=None, step_count=None):
        raise ValueError(f"rating_after={rating_after} for {self.user.email}")

    monkeypatch.setattr(PracticeSession, "finish", refuse)
    response = client.post(
        f"/practices/slow-breath/s/{session.uuid}/after/?rating=7", {"rating": "7"}
    )

    assert response.status_code == 500
    [entry] = [e for e in lines(error_log) if e["logger"] == "django.request"]
    assert entry["path"] == f"/practices/slow-breath/s/{session.uuid}/after/"
    assert entry["exception"]["type"] == "builtins.ValueError"
    assert "rating" not in error_log.getvalue()
    assert EMAIL not in error_log.getvalue()


def test_chained_exceptions_keep_their_types_but_not_their_messages():
    try:
        try:
            raise KeyError(EMAIL)
        except KeyError as exc:
            raise RuntimeError(NOTE) from exc
    except RuntimeError:
        record = logging.LogRecord(
            "aira", logging.ERROR, __file__, 1, "Saving failed", None, sys_exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "Saving failed"
    assert entry["exception"]["type"] == "builtins.RuntimeError"
    assert entry["exception"]["chain"] == ["builtins.KeyError"]
    assert NOTE not in json.dumps(entry)
    assert EMAIL not in json.dumps(entry)


def sys_exc_info():
    import sys

    return sys.exc_info()

"""Request bodies: an oversized one is refused before anything reads it, and a POST from
another site is refused by the CSRF check before its form is read for NUL bytes."""

import io
import uuid

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


class BodyThatMustNotBeRead(io.RawIOBase):
    """A request body of which only the first few bytes may be read."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_bytes += len(buffer)
        if self.read_bytes > 16:
            raise AssertionError("The request body was read.")
        buffer[: len(buffer)] = b"a" * len(buffer)
        return len(buffer)


def post_huge(client, path, length, content_type=FORM):
    body = BodyThatMustNotBeRead()
    response = client.generic(
        "POST",
        path,
        data=b"a",
        content_type=content_type,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body


def test_a_huge_post_without_a_csrf_token_is_refused_unread(client):
    response, body = post_huge(Client(enforce_csrf_checks=True), "/", 200_000_000)
    assert response.status_code == 413
    assert (
        "more than Aira accepts at once (1 MB), so nothing was saved" in response.content.decode()
    )
    assert body.read_bytes == 0
    # Refused after the security headers are set, so the refusal carries them too.
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/practices/sessions/sync/", "/progress/checkins/", "/admin/"])
def test_ordinary_pages_accept_no_more_than_one_megabyte(client, path):
    response, body = post_huge(client, path, 1_000_001)
    assert response.status_code == 413
    assert body.read_bytes == 0


def test_the_admin_upload_pages_accept_a_recording_but_not_more(client):
    add = "/admin/practices/practice/add/"
    response, _body = post_huge(client, add, 25_000_001, "multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert "(25 MB)" in response.content.decode()
    # 20 MB gets past the limit to the admin, which asks a visitor to log in.
    response = client.generic("POST", add, data=b"", content_type=FORM, CONTENT_LENGTH="20000000")
    assert response.status_code == 302


def test_a_body_within_the_limit_is_read_as_usual(owner_client, user):
    data = {"uuid": str(uuid.uuid4()), "anxiety": "4", "mood": "3", "note": "x" * 2000}
    assert owner_client.post("/progress/checkins/", data).status_code == 302
    assert user.checkins.get().note == "x" * 2000


def csrf_client():
    client = Client(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client, token


def test_a_nul_byte_post_without_a_csrf_token_is_refused_by_the_csrf_check():
    client, _token = csrf_client()
    response = client.post("/theme/", {"theme": "dark\x00"})
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


def test_a_nul_byte_post_with_the_token_is_still_a_400():
    client, token = csrf_client()
    response = client.post("/theme/", {"theme": "dark\x00", "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_byte_in_a_query_string_is_still_a_400(client):
    assert client.get("/library/search/?q=calm%00").status_code == 400

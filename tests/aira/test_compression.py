"""Pages travel compressed to a browser that asks for it; media never does: a picture is
compressed already, and a recording's byte range stays a range of its own bytes."""

import gzip

import pytest

from tests import media_files as files
from tests.aira.test_media import store

pytestmark = pytest.mark.django_db

ASKS_FOR_GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_page_is_compressed_for_a_browser_that_asks(client):
    response = client.get("/crisis/", headers=ASKS_FOR_GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "<h1" in page
    assert len(response.content) < len(page.encode()) / 2


def test_a_page_is_plain_for_a_client_that_does_not_ask(client):
    response = client.get("/crisis/")

    assert not response.has_header("Content-Encoding")
    assert b"<h1" in response.content


def test_a_signed_in_page_is_compressed_with_its_csrf_token_masked_afresh(client, user):
    client.force_login(user)

    first = gzip.decompress(client.get("/progress/", headers=ASKS_FOR_GZIP).content)
    second = gzip.decompress(client.get("/progress/", headers=ASKS_FOR_GZIP).content)

    token = b'name="csrfmiddlewaretoken" value="'
    assert token in first
    # Masked afresh each time: the secret never repeats in the compressed page (BREACH).
    assert first.split(token)[1][:64] != second.split(token)[1][:64]


def test_a_recording_and_its_byte_ranges_are_never_compressed(client):
    recording = store("practices/audio/plain.wav", files.wav_bytes())

    whole = client.get(f"/media/{recording}", headers=ASKS_FOR_GZIP)
    part = client.get(f"/media/{recording}", headers={**ASKS_FOR_GZIP, "Range": "bytes=4-11"})

    assert not whole.has_header("Content-Encoding")
    assert b"".join(whole.streaming_content) == files.wav_bytes()
    assert part.status_code == 206
    assert not part.has_header("Content-Encoding")
    assert b"".join(part.streaming_content) == files.wav_bytes()[4:12]

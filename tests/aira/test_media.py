"""Uploaded files are recognised by content and served so that nothing can run."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.http import http_date
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from aira import uploads
from tests import media_files as files

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.MP3_WITH_ID3, uploads.MP3),
        (files.MP3_FRAME, uploads.MP3),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 20, uploads.AAC),
        (files.M4A, uploads.M4A),
        (files.OGG_OPUS, uploads.OPUS),
        (files.OGG_VORBIS, uploads.OGG),
        (files.wav_bytes(), uploads.WAV),
        (files.WEBM, uploads.WEBM),
        (files.PNG, uploads.PNG),
        (files.JPEG, uploads.JPEG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 10, uploads.WEBP),
        (b"\x00\x00\x00\x1cftypavif" + b"\x00" * 10, uploads.AVIF),
    ],
)
def test_recordings_and_pictures_are_recognised_by_their_first_bytes(content, expected):
    assert uploads.sniff(content[: uploads.HEAD_BYTES]) == expected


@pytest.mark.parametrize(
    "content",
    [
        files.HTML,
        files.JAVASCRIPT,
        files.SVG,
        b"GIF89a" + b"\x00" * 20,
        b"ID3 but then a web page <script>",
        b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>",  # UTF-16 text, which starts like a frame sync
        b"",
    ],
)
def test_pages_scripts_and_drawings_are_not_recognised(content):
    assert uploads.sniff(content) is None


def store(name, content):
    return default_storage.save(name, ContentFile(content))


def test_a_recording_is_served_inline_as_audio_with_a_sandbox_of_its_own(client):
    name = store("practices/audio/calm.wav", files.wav_bytes())

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == files.wav_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("practices/audio/old.html", files.HTML),
        ("practices/audio/old.mp3", files.HTML),
        ("practices/audio/old.js", files.JAVASCRIPT),
        ("library/covers/old.svg", files.SVG),
    ],
)
def test_a_stored_page_or_script_is_only_ever_a_download(client, name, content):
    # Files already on disk from before uploads were checked.
    name = store(name, content)

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_a_recording_named_like_a_page_is_served_as_what_it_is(client):
    name = store("practices/audio/trick.html", files.wav_bytes())
    response = client.get(f"/media/{name}")
    assert response["Content-Type"] == "audio/wav"


def test_a_file_on_disk_is_served_with_the_same_headers(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    (tmp_path / "library" / "covers").mkdir(parents=True)
    (tmp_path / "library" / "covers" / "sea.png").write_bytes(files.PNG)
    (tmp_path / "library" / "covers" / "page.html").write_bytes(files.HTML)
    (tmp_path / "secret.txt").write_bytes(b"outside")

    picture = client.get("/media/library/covers/sea.png")
    page = client.get("/media/library/covers/page.html")

    assert picture["Content-Type"] == "image/png"
    assert picture["Content-Disposition"] == 'inline; filename="sea.png"'
    assert page["Content-Type"] == "application/octet-stream"
    assert page["Content-Disposition"] == 'attachment; filename="page.html"'
    for response in (picture, page):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == SANDBOX
    assert client.get("/media/library/covers/missing.png").status_code == 404
    assert client.get("/media/library/covers/").status_code == 404
    assert client.get("/media/library/../../etc/passwd").status_code == 404


def test_media_is_served_with_debug_off(client, settings):
    # Production (gunicorn) and the dev server share the one route: no DEBUG-only URL.
    settings.DEBUG = False
    name = store("practices/audio/calm.wav", files.wav_bytes())
    assert client.get(f"/media/{name}").status_code == 200


def test_nothing_can_be_posted_to_media(client):
    name = store("practices/audio/calm.wav", files.wav_bytes())
    assert client.post(f"/media/{name}").status_code == 405


# --- Byte ranges, which <audio> uses to seek (and Safari to play at all) ---------------


@pytest.fixture
def recording():
    return store("practices/audio/range.wav", files.wav_bytes())


def body(response):
    return b"".join(response.streaming_content)


def test_a_byte_range_gets_just_those_bytes(client, recording):
    whole = files.wav_bytes()

    response = client.get(f"/media/{recording}", headers={"Range": "bytes=4-11"})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(whole)}"
    assert response["Content-Length"] == "8"
    assert response["Content-Type"] == "audio/wav"
    assert response["Content-Security-Policy"] == SANDBOX
    assert body(response) == whole[4:12]


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-", 0, None), ("bytes=-10", -10, None), ("bytes=100-999999", 100, None)],
)
def test_open_ended_and_suffix_ranges(client, recording, header, start, end):
    whole = files.wav_bytes()
    response = client.get(f"/media/{recording}", headers={"Range": header})
    assert response.status_code == 206
    assert body(response) == whole[start:end]


def test_a_range_past_the_end_is_refused_with_the_size(client, recording):
    size = len(files.wav_bytes())
    response = client.get(f"/media/{recording}", headers={"Range": f"bytes={size}-"})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=0-1,4-5", "items=0-3", "bytes=9-2", "bytes=-"])
def test_a_range_we_do_not_handle_gets_the_whole_file(client, recording, header):
    response = client.get(f"/media/{recording}", headers={"Range": header})
    assert response.status_code == 200
    assert body(response) == files.wav_bytes()


def test_a_range_for_an_older_version_gets_the_whole_file(client, recording):
    response = client.get(
        f"/media/{recording}",
        headers={"Range": "bytes=0-3", "If-Range": http_date(0)},
    )
    assert response.status_code == 200


def test_an_unchanged_file_is_not_sent_again(client, recording):
    first = client.get(f"/media/{recording}")
    again = client.get(f"/media/{recording}", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == SANDBOX


SERVED_INLINE = {t.mime for t in vars(uploads).values() if isinstance(t, uploads.FileType)}
POLYGLOTS = [
    files.HTML,
    b"\xef\xbb\xbf" + files.HTML,  # with a byte-order mark
    b"<?xml version='1.0'?>" + files.SVG,
    b"GIF89a/*" + files.JAVASCRIPT,
    b"ID3\x04\x00\x00\x00\x00\x00\x00" + files.HTML,  # an MP3 tag, then a page
    b"RIFF\x00\x00\x00\x00WAVE" + files.HTML,
]


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.sampled_from(POLYGLOTS), st.binary(max_size=200)))
def test_nothing_stored_is_ever_served_as_a_page_or_a_script(client, content):
    name = store("practices/audio/anything.html", content)

    response = client.get(f"/media/{name}")

    content_type = response["Content-Type"]
    assert content_type in SERVED_INLINE or content_type == "application/octet-stream"
    assert not content_type.startswith(("text/", "application/javascript", "image/svg"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    if content_type == "application/octet-stream":
        assert response["Content-Disposition"].startswith("attachment")

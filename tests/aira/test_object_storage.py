"""Uploaded media on S3-compatible object storage (aira/object_storage.py).

Against a real S3 API: moto's server, started here on a free loopback port, spoken to
over HTTP by boto3 exactly as a production bucket would be. Uploads go through the real
admin pages and are served through the real /media/ view, with the same rules as on the
local disk (tests/aira/test_media.py, tests/practices/test_recording.py).
"""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from moto.server import ThreadedMotoServer

from library.models import Article, Topic
from tests.factories import practice_admin_form
from tests.media_files import HTML, JPEG, wav_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = "default-src 'none'; sandbox"
KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}
REGION = "eu-west-1"
_buckets = itertools.count(1)


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new, empty bucket, and the default storage pointed at it as AIRA_S3_BUCKET does."""
    name = f"aira-media-{next(_buckets)}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "aira.object_storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                **KEYS,
            },
        },
    }

    class Bucket:
        def keys(self):
            listing = client.list_objects_v2(Bucket=name)
            return sorted(item["Key"] for item in listing.get("Contents", []))

        def read(self, key):
            return client.get_object(Bucket=name, Key=key)["Body"].read()

        def put(self, key, body, content_type):
            client.put_object(Bucket=name, Key=key, Body=body, ContentType=content_type)

    return Bucket()


def upload_recording(client, practice, name, content):
    return client.post(
        f"/admin/practices/practice/{practice.pk}/change/",
        practice_admin_form(
            practice, audio=SimpleUploadedFile(name, content, content_type="audio/mpeg")
        ),
    )


@pytest.fixture
def practice(make_practice):
    return make_practice("calm-breath", steps=3)


def body(response):
    return b"".join(response.streaming_content)


def test_a_recording_is_uploaded_to_the_bucket_served_through_media_and_deleted(
    admin_client, client, bucket, practice
):
    recording = wav_bytes()

    response = upload_recording(admin_client, practice, "calm.mp3", recording)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.audio.name == "practices/audio/calm.wav"  # named by what it is
    assert bucket.keys() == ["practices/audio/calm.wav"]
    assert bucket.read("practices/audio/calm.wav") == recording
    # The player links to our own /media/, never to the bucket (another origin, which the
    # page's media-src 'self' would refuse).
    assert practice.audio.url == "/media/practices/audio/calm.wav"

    served = client.get("/media/practices/audio/calm.wav")
    assert served.status_code == 200
    assert served["Content-Type"] == "audio/wav"
    assert served["Content-Disposition"] == 'inline; filename="calm.wav"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == SANDBOX
    assert body(served) == recording
    seek = client.get("/media/practices/audio/calm.wav", headers={"Range": "bytes=4-11"})
    assert seek.status_code == 206
    assert seek["Content-Range"] == f"bytes 4-11/{len(recording)}"
    assert body(seek) == recording[4:12]
    again = client.get(
        "/media/practices/audio/calm.wav", headers={"If-Modified-Since": served["Last-Modified"]}
    )
    assert again.status_code == 304

    practice.audio.delete()

    assert bucket.keys() == []
    assert client.get("/media/practices/audio/calm.wav").status_code == 404


def test_a_page_renamed_as_a_recording_is_refused_and_nothing_reaches_the_bucket(
    admin_client, bucket, practice
):
    response = upload_recording(admin_client, practice, "calm.mp3", HTML)

    assert response.status_code == 200
    assert "This file is not an audio recording Aira can play." in response.content.decode()
    assert bucket.keys() == []
    practice.refresh_from_db()
    assert not practice.audio


def test_a_second_upload_of_the_same_name_does_not_replace_the_first(
    admin_client, bucket, practice, make_practice
):
    other = make_practice("slow-breath", steps=2)
    first, second = wav_bytes(seconds=0.1), wav_bytes(seconds=0.3)

    upload_recording(admin_client, practice, "calm.wav", first)
    upload_recording(admin_client, other, "calm.wav", second)

    practice.refresh_from_db()
    other.refresh_from_db()
    assert practice.audio.name != other.audio.name
    assert len(bucket.keys()) == 2
    assert bucket.read(practice.audio.name) == first
    assert bucket.read(other.audio.name) == second


def test_a_cover_picture_is_uploaded_to_the_bucket_shown_from_media_and_deleted(
    admin_client, client, bucket
):
    topic = Topic.objects.create(name="Panic", slug="panic", description="Why.", order=1)

    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "With a picture",
            "slug": "with-a-picture",
            "language": "en",
            "topic": topic.pk,
            "summary": "Has a cover.",
            "body": "Text",
            "status": "published",
            "publish_at_0": (timezone.now() - timezone.timedelta(days=1)).strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
            "cover_image": SimpleUploadedFile("sea.png", JPEG, content_type="image/png"),
            "cover_alt": "A calm grey sea",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert bucket.keys() == ["library/covers/sea.jpg"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'src="/media/library/covers/sea.jpg" alt="A calm grey sea"' in page
    picture = client.get("/media/library/covers/sea.jpg")
    assert picture["Content-Type"] == "image/jpeg"
    assert picture["Content-Security-Policy"] == SANDBOX
    assert body(picture) == JPEG

    article.cover_image.delete()

    assert bucket.keys() == []
    assert client.get("/media/library/covers/sea.jpg").status_code == 404


def test_the_type_the_bucket_keeps_is_not_trusted(client, bucket):
    # Put there by hand (or by an older version) as a web page: still only a download.
    bucket.put("practices/audio/old.mp3", HTML, content_type="text/html")

    response = client.get("/media/practices/audio/old.mp3")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == SANDBOX
    assert body(response) == HTML


def test_the_environment_turns_object_storage_on(s3_endpoint, tmp_path):
    # Production reads the bucket from the environment and the keys the way boto3 does.
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(
        Bucket="aira-from-env", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="aira.settings",
        DJANGO_DEBUG="1",
        AIRA_DATA_DIR=str(tmp_path),
        AIRA_S3_BUCKET="aira-from-env",
        AIRA_S3_ENDPOINT_URL=s3_endpoint,
        AIRA_S3_REGION=REGION,
        AIRA_S3_PREFIX="media",
        AWS_ACCESS_KEY_ID=KEYS["access_key"],
        AWS_SECRET_ACCESS_KEY=KEYS["secret_key"],
    )
    script = (
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "name = default_storage.save('library/covers/sea.jpg', ContentFile(b'picture'))\n"
        "print(type(default_storage._wrapped).__name__, default_storage.url(name))\n"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "MediaStorage",
        "/media/library/covers/sea.jpg",
    ]
    stored = client.get_object(Bucket="aira-from-env", Key="media/library/covers/sea.jpg")
    assert stored["Body"].read() == b"picture"
    assert not (tmp_path / "media").exists()

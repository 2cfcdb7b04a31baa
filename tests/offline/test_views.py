"""The installable-app pieces (offline app): manifest, service worker and offline page.
How they behave in a browser is in tests/browser/test_offline.py."""

import json
import re

import pytest
from django.urls import reverse

from practices.models import Practice

pytestmark = pytest.mark.django_db


def worker(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response, response.content.decode()


def precache(body):
    return json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))


@pytest.mark.parametrize(
    ("name", "path"),
    [("manifest", "/manifest.webmanifest"), ("service_worker", "/sw.js"), ("offline", "/offline/")],
)
def test_addresses_and_names_stay_as_they_were(name, path):
    assert reverse(name) == path


def test_manifest_installs_the_whole_site(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/manifest+json"
    assert response.headers["Cache-Control"] == "no-cache"
    data = response.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    assert {"/sos/", "/practices/"} <= {shortcut["url"] for shortcut in data["shortcuts"]}
    assert {icon["purpose"] for icon in data["icons"]} == {"any", "maskable"}


def test_service_worker_is_served_for_the_whole_site_and_never_kept_stale(client):
    response, _ = worker(client)
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]


def test_service_worker_keeps_public_pages_and_nothing_personal(client, user):
    client.force_login(user)
    _, body = worker(client)
    urls = precache(body)
    assert {"/", "/sos/", "/crisis/", "/offline/"} <= set(urls)
    # The panic log's offline copy is its blank questions only (tracking/views/panic.py;
    # tests/tracking/test_panic_log.py shows nothing personal is in it).
    blank_forms = {"/progress/panic/offline/"}
    assert blank_forms <= set(urls)
    for url in set(urls) - blank_forms:
        assert not url.startswith(("/progress/", "/accounts/", "/library/saved")), url


def test_publishing_a_practice_gives_the_worker_a_new_version(client):
    practice = Practice.objects.create(
        title="Slow breath",
        slug="slow-breath",
        tagline="A calm moment",
        description="A short practice.",
        category=Practice.Category.ANXIETY,
        minutes=3,
        is_published=False,
    )
    version = re.search(r'const VERSION = "(\w+)"', worker(client)[1]).group(1)
    practice.is_published = True
    practice.save()
    _, body = worker(client)
    assert re.search(r'const VERSION = "(\w+)"', body).group(1) != version


def test_offline_page_says_so_in_the_site_layout(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "<h1>You're offline</h1>" in html

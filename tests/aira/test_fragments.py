"""The building blocks of Aira's caching: versioned fragments, memo_include, static URLs."""

import json

import pytest
from django.template import engines
from django.test import override_settings
from django.utils.safestring import SafeString

from aira import fragments
from aira.fragments import cache, cached, cached_html, new_version, version_key
from aira.storage import StaticFilesStorage
from aira.templatetags import aira_tags

pytestmark = pytest.mark.django_db


class Builder:
    """Counts how often the content is built."""

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_fragment_is_built_once_while_its_version_stands():
    build = Builder("<p>calm</p>")
    first = cached_html("test:one", build, versions=["things"], timeout=60)
    again = cached_html("test:one", build, versions=["things"], timeout=60)
    assert first == again == "<p>calm</p>"
    assert isinstance(again, SafeString)  # not escaped a second time in a template
    assert build.calls == 1


def test_a_new_version_rebuilds_every_fragment_made_from_it():
    build = Builder("<p>calm</p>")
    cached_html("test:one", build, versions=["things"], timeout=60)
    cached_html("test:two", build, versions=["things", "other"], timeout=60)
    new_version("things")
    cached_html("test:one", build, versions=["things"], timeout=60)
    cached_html("test:two", build, versions=["things", "other"], timeout=60)
    assert build.calls == 4
    new_version("unrelated")
    cached_html("test:one", build, versions=["things"], timeout=60)
    assert build.calls == 4


def test_a_different_stamp_rebuilds():
    build = Builder("x")
    cached("test:stamped", build, stamp=("2026-11-30",), timeout=60)
    cached("test:stamped", build, stamp=("2026-11-30",), timeout=60)
    cached("test:stamped", build, stamp=("2026-12-01",), timeout=60)
    assert build.calls == 2


def test_a_version_the_cache_lost_makes_stored_fragments_stale():
    build = Builder("x")
    cached("test:lost", build, versions=["things"], timeout=60)
    cache.delete(version_key("things"))  # evicted, or the cache restarted
    cached("test:lost", build, versions=["things"], timeout=60)
    assert build.calls == 2


def test_nothing_is_stored_for_none():
    build = Builder(None)
    assert cached("test:none", build, timeout=60) is None
    assert cached("test:none", build, timeout=60) is None
    assert build.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_version_is_made_again_after_the_commit():
    """A fragment rebuilt between the change and its commit read the old content; the
    second new token, after the commit, makes sure it is not kept."""
    from django.db import transaction

    build = Builder("old")
    with transaction.atomic():
        new_version("things")
        cached("test:race", build, versions=["things"], timeout=60)  # reads before commit
    build.value = "new"
    assert cached("test:race", build, versions=["things"], timeout=60) == "new"


def render(source, **context):
    return engines["django"].from_string("{% load aira_tags %}" + source).render(context)


def test_memo_include_renders_once_per_set_of_values(monkeypatch):
    calls = []
    real = aira_tags.render_to_string
    monkeypatch.setattr(fragments, "_once", {})
    monkeypatch.setattr(aira_tags, "render_to_string", lambda *a: calls.append(a) or real(*a))
    tag = '{% memo_include "includes/header.html" signed_in=signed_in section=section %}'
    signed_out = render(tag, signed_in=False, section="library")
    assert render(tag, signed_in=False, section="library") == signed_out
    assert len(calls) == 1
    signed_in = render(tag, signed_in=True, section="library")
    assert len(calls) == 2
    assert "<li data-when-signed-out>" in signed_out
    assert "<li data-when-signed-out hidden>" in signed_in
    assert 'href="/library/" aria-current="page"' in signed_in


def test_memo_include_renders_every_time_in_debug(monkeypatch):
    monkeypatch.setattr(fragments, "_once", {})
    with override_settings(DEBUG=True):
        render('{% memo_include "includes/footer_links.html" %}')
    assert fragments._once == {}


def test_the_site_header_matches_the_page(client):
    html = client.get("/practices/").content.decode()
    assert 'href="/practices/" aria-current="page"' in html
    assert 'href="/library/" aria-current="page"' not in html
    assert "Log in" in html


@pytest.fixture
def collected(tmp_path):
    """A collected-static folder with its manifest, as `collectstatic` leaves it."""
    manifest = {"paths": {"css/aira.css": "css/aira.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return tmp_path


def test_static_urls_are_worked_out_once_per_name(collected):
    storage = StaticFilesStorage(location=collected, base_url="/static/")
    assert storage.url("css/aira.css") == "/static/css/aira.0123abcd.css"
    storage.hashed_files["css/aira.css"] = "css/aira.changed.css"  # never happens while running
    assert storage.url("css/aira.css") == "/static/css/aira.0123abcd.css"


def test_static_urls_are_not_remembered_in_debug(collected):
    storage = StaticFilesStorage(location=collected, base_url="/static/")
    with override_settings(DEBUG=True):
        assert storage.url("css/aira.css") == "/static/css/aira.css"
    assert storage.url("css/aira.css") == "/static/css/aira.0123abcd.css"


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("the cache is down")

        return fail


def test_pages_are_built_without_the_cache_when_it_fails(client, monkeypatch, caplog):
    from practices.models import Practice, Step

    practice = Practice.objects.create(
        title="Calm breath", slug="calm-breath", tagline="t", description="d",
        category=Practice.Category.ANXIETY, minutes=3, is_published=True,
    )  # fmt: skip
    Step.objects.create(practice=practice, position=1, kind="guidance", title="One", text="Be.")
    monkeypatch.setattr(fragments, "cache", BrokenCache())
    assert "Calm breath" in client.get("/practices/").content.decode()
    assert client.get("/practices/calm-breath/").status_code == 200
    assert "Fragments cache unavailable" in caplog.text


def test_nothing_is_cached_in_debug():
    build = Builder("x")
    with override_settings(DEBUG=True):
        cached("test:debug", build, timeout=60)
        cached("test:debug", build, timeout=60)
    assert build.calls == 2


def test_the_fragments_prefix_follows_the_code(tmp_path, monkeypatch):
    from aira import settings as aira_settings

    (tmp_path / "library" / "templates").mkdir(parents=True)
    page = tmp_path / "library" / "templates" / "card.html"
    page.write_text("<li>{{ title }}</li>")
    (tmp_path / "library" / "notes.txt").write_text("not code")
    monkeypatch.setattr(aira_settings, "BASE_DIR", tmp_path)
    first = aira_settings.code_version()
    (tmp_path / "library" / "notes.txt").write_text("still not code")
    assert aira_settings.code_version() == first
    page.write_text("<li class='card'>{{ title }}</li>")
    assert aira_settings.code_version() != first

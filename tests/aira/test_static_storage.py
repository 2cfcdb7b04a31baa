"""Static file URLs: hashed names from the manifest, worked out once per name."""

import json

import pytest
from django.test import override_settings

from aira.storage import StaticFilesStorage


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

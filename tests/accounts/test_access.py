"""Every accounts URL (download or delete your data): the owner gets in, a visitor is sent
to log in, and the pages are never cached."""

import re

import pytest
from django.urls import URLPattern, reverse

from accounts import urls as accounts_urls

pytestmark = pytest.mark.django_db

PAGES = [
    "accounts:your_data",
    "accounts:export_json",
    "accounts:export_zip",
    "accounts:delete_account",
]


def test_every_accounts_url_is_covered_here():
    names = {f"accounts:{p.name}" for p in accounts_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGES)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("accounts:your_data", "/progress/data/"),
        ("accounts:export_json", "/progress/data/export.json"),
        ("accounts:export_zip", "/progress/data/export.zip"),
        ("accounts:delete_account", "/progress/data/delete/"),
    ],
)
def test_addresses_are_the_ones_people_already_have(name, path):
    assert reverse(name) == path


@pytest.mark.parametrize("name", PAGES)
def test_visitor_is_sent_to_log_in(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_owner_gets_the_page_and_it_is_not_cached(owner_client, name):
    response = owner_client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize("name", ["accounts:your_data", "accounts:delete_account"])
def test_page_has_exactly_one_h1_and_a_title_and_sits_under_progress(owner_client, name):
    html = owner_client.get(reverse(name)).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>[^<]+· Aira</title>", html)
    assert "style=" not in html
    assert "<script>" not in html
    # Reached from the progress page, so the header marks Progress as the current section.
    assert '<a href="/progress/" aria-current="page">Progress</a>' in html

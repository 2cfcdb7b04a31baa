import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_says_what_aira_is_and_leads_to_the_three_areas(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find your footing" in html
    for href in ('href="/library/"', 'href="/practices/"', 'href="/progress/"'):
        assert href in html


@pytest.mark.parametrize(
    "path", ["/", "/crisis/", "/privacy/", "/accounts/login/", "/accounts/signup/"]
)
def test_every_page_offers_help_now_and_crisis_resources(client, path):
    html = client.get(path).content.decode()
    assert "Need help now?" in html
    assert 'href="/crisis/"' in html
    assert "Aira is not an emergency service" in html


@pytest.mark.parametrize(
    "path", ["/", "/crisis/", "/privacy/", "/accounts/login/", "/accounts/signup/"]
)
def test_page_has_exactly_one_h1_skip_link_and_landmarks(client, path):
    html = client.get(path).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html


def test_crisis_page_lists_emergency_numbers_for_several_countries(client):
    html = client.get("/crisis/").content.decode()
    for country, number in [
        ("United Kingdom", "999"),
        ("United States", "911"),
        ("Australia", "000"),
        ("Spain", "112"),
        ("Japan", "119"),
        ("Brazil", "192"),
    ]:
        assert country in html
        assert f'href="tel:{number}"' in html
    assert 'href="tel:116123"' in html  # Samaritans
    assert 'href="tel:988"' in html
    assert 'href="tel:024"' in html  # Spain's suicide prevention line
    assert "Aira is not an emergency service" in html


def test_unknown_page_is_a_friendly_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page isn't here" in html
    assert "Need help now?" in html


def test_500_page_renders_without_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Something went wrong on our side" in html
    assert 'href="/crisis/"' in html


def test_healthz_touches_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    # The tests run tasks at once, without a queue: its age is unknown (tests/aira/test_tasks.py
    # measures a real one).
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "release": settings.AIRA_RELEASE,
        "queue_age_seconds": None,
    }
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_site_header_marks_the_current_section(client):
    html = client.get("/practices/").content.decode()
    assert 'href="/practices/" aria-current="page"' in html
    assert 'href="/library/" aria-current="page"' not in html
    assert "Log in" in html
    html = client.get("/library/").content.decode()
    assert 'href="/library/" aria-current="page"' in html


def service_worker_cache_name(client):
    return re.search(r'VERSION = "(\w+)"', client.get("/sw.js").content.decode()).group(1)


def test_a_new_release_renames_the_service_workers_cache(client):
    """Every device then fetches the pages it keeps offline again."""
    with override_settings(AIRA_RELEASE="2026-12-01"):
        first = service_worker_cache_name(client)
        assert service_worker_cache_name(client) == first
    with override_settings(AIRA_RELEASE="2026-12-02"):
        assert service_worker_cache_name(client) != first


def test_without_a_named_release_the_release_follows_the_code(tmp_path, monkeypatch):
    from aira import settings as aira_settings

    (tmp_path / "library" / "templates").mkdir(parents=True)
    (tmp_path / "library" / "apps.py").write_text("")
    page = tmp_path / "library" / "templates" / "card.html"
    page.write_text("<li>{{ title }}</li>")
    (tmp_path / "library" / "notes.txt").write_text("not code")
    monkeypatch.setattr(aira_settings, "BASE_DIR", tmp_path)
    first = aira_settings.code_digest()
    (tmp_path / "library" / "notes.txt").write_text("still not code")
    assert aira_settings.code_digest() == first
    page.write_text("<li class='card'>{{ title }}</li>")
    assert aira_settings.code_digest() != first


def test_theme_toggle_without_javascript_remembers_the_choice(client):
    response = client.post(reverse("set_theme"), {"theme": "dark", "next": "/crisis/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/crisis/"
    assert response.cookies["aira_theme"].value == "dark"
    html = client.get("/").content.decode()
    assert '<html lang="en-GB" data-theme="dark">' in html


def test_theme_toggle_cycles_when_no_theme_is_given(client):
    client.cookies["aira_theme"] = "dark"
    response = client.post(reverse("set_theme"), {"next": "/"})
    assert response.cookies["aira_theme"].value == "auto"  # auto -> light -> dark -> auto


def test_theme_toggle_never_redirects_off_site(client):
    response = client.post(
        reverse("set_theme"), {"theme": "light", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_theme_toggle_rejects_get(client):
    assert client.get(reverse("set_theme")).status_code == 405


def test_unknown_theme_cookie_is_ignored(client):
    client.cookies["aira_theme"] = '"><script>'
    html = client.get("/").content.decode()
    assert "data-theme" not in html.split("<head>")[0]


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    ["/", "/robots.txt", "/no-such-page/", "/accounts/login/", "/sw.js", "/static/css/aira.css"],
)
def test_every_response_may_be_loaded_by_our_own_pages_only(client, path):
    # Static files (whitenoise answers before the views) and error pages included.
    response = client.get(path)
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min[^"]*\.js" defer>', html)
    assert "https://" not in re.sub(r'<a [^>]*href="https://[^"]*"', "", html).split("<body")[0]


def test_robots_txt_points_to_sitemap_and_hides_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /progress/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.headers["Location"] == "/static/icons/favicon-32.png"
    assert "max-age=86400" in response.headers["Cache-Control"]
    from django.contrib.staticfiles import finders

    with open(finders.find("icons/favicon-32.png"), "rb") as icon:
        assert icon.read(4) == b"\x89PNG"


def test_privacy_page_gives_a_contact_address_and_no_display_name(client, settings):
    settings.AIRA_CONTACT_EMAIL = "care@example.org"
    html = client.get("/privacy/").content.decode()
    assert '<a href="mailto:care@example.org">care@example.org</a>' in html
    assert "display name" not in html.lower()

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from library.models import Article, Bookmark, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(
        make_user("root@example.com", two_factor=True, is_staff=True, is_superuser=True)
    )
    return client


def test_article_changelist_shows_status_topic_and_dates(admin_client, make_article):
    make_article(title="What a panic attack is")
    response = admin_client.get("/admin/library/article/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What a panic attack is" in html
    for column in ("column-status", "column-topic", "column-publish_at", "column-updated_at"):
        assert column in html


def test_changelist_filters_and_searches(admin_client, make_article):
    make_article(title="Breathing and anxiety")
    make_article(title="Sleep and worry", status=Article.Status.DRAFT)
    html = admin_client.get("/admin/library/article/?status__exact=draft").content.decode()
    assert "Sleep and worry" in html and "Breathing and anxiety" not in html
    html = admin_client.get("/admin/library/article/?q=breathing").content.decode()
    assert "Breathing and anxiety" in html and "Sleep and worry" not in html


def test_add_form_prepopulates_the_slug_and_offers_a_plain_practice_select(admin_client, topic):
    response = admin_client.get("/admin/library/article/add/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&quot;id&quot;: &quot;#id_slug&quot;" in html  # prepopulated from the title
    assert "&quot;dependency_ids&quot;: [&quot;#id_title&quot;]" in html
    assert 'name="recommended_practice"' in html


def test_an_editor_can_write_and_publish_an_article_in_admin(admin_client, topic):
    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "Hello",
            "slug": "hello",
            "language": "en",
            "topic": topic.pk,
            "summary": "A first article.",
            "body": "## Welcome\n\n<script>alert(1)</script>Hi",
            "status": "published",
            "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
            "cover_alt": "",
            "recommended_practice": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="hello")
    assert "<script" not in article.body_html
    assert article.is_public


def test_preview_opens_the_sanitised_body_in_the_sites_own_article_page(admin_client, make_article):
    article = make_article(
        body='## Calm\n\n<img src=x onerror="alert(1)">**Breathe**', status=Article.Status.DRAFT
    )
    html = admin_client.get(f"/admin/library/article/{article.pk}/change/").content.decode()
    assert f'<a href="{article.get_absolute_url()}" target="_blank" rel="noopener">' in html
    assert '<div class="article-preview">' not in html
    page = admin_client.get(article.get_absolute_url()).content.decode()
    # The site's own page (its header and stylesheet), not the admin's.
    assert 'class="site-header"' in page
    assert "/static/css/aira.css" in page
    assert "/static/admin/" not in page
    preview = page[page.index('<h2 id="section-calm">') :]
    assert '<h2 id="section-calm">Calm</h2>' in preview
    assert "<strong>Breathe</strong>" in preview
    assert '<img src="x">' in preview
    assert "onerror" not in preview


def test_view_on_site_links_to_the_article(admin_client, make_article):
    article = make_article()
    content_type = ContentType.objects.get_for_model(Article)
    link = f"/admin/r/{content_type.pk}/{article.pk}/"
    html = admin_client.get(f"/admin/library/article/{article.pk}/change/").content.decode()
    assert f'href="{link}"' in html
    assert admin_client.get(link).headers["Location"].endswith(article.get_absolute_url())


def test_publish_action_publishes_and_says_what_is_scheduled(admin_client, make_article):
    now_draft = make_article(status=Article.Status.DRAFT)
    later_draft = make_article(
        status=Article.Status.DRAFT, publish_at=timezone.now() + timedelta(days=1)
    )
    response = admin_client.post(
        "/admin/library/article/",
        {"action": "publish_selected", "_selected_action": [now_draft.pk, later_draft.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published 2 articles." in html
    assert "1 of them will appear at its scheduled time" in html
    now_draft.refresh_from_db()
    later_draft.refresh_from_db()
    assert now_draft.is_public
    assert later_draft.is_scheduled


def test_unpublish_action_hides_articles_from_the_public(admin_client, client, make_article):
    article = make_article(title="Soon a draft again")
    assert "Soon a draft again" in client.get("/library/").content.decode()  # cached now
    admin_client.post(
        "/admin/library/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    admin_client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Soon a draft again" not in client.get("/library/").content.decode()


def test_topic_admin_lists_topics_in_order(admin_client, topic):
    Topic.objects.create(name="Sleep", slug="sleep", description="Rest.", order=2)
    response = admin_client.get("/admin/library/topic/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Panic") < html.index("Sleep")


def test_bookmarks_are_not_in_the_admin(admin_client):
    assert not admin.site.is_registered(Bookmark)
    assert admin_client.get("/admin/library/bookmark/").status_code == 404


def test_a_cover_image_without_a_description_is_refused_with_a_message(admin_client, topic):
    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "With a picture",
            "slug": "with-a-picture",
            "language": "en",
            "topic": topic.pk,
            "summary": "Has a cover.",
            "body": "Text",
            "status": "draft",
            "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
            "cover_image": SimpleUploadedFile("sea.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
            "cover_alt": "",
        },
    )
    assert response.status_code == 200
    assert "Describe the picture for people who cannot see it." in response.content.decode()
    assert not Article.objects.exists()


def _article_with_cover(cover):
    return {
        "title": "With a picture",
        "slug": "with-a-picture",
        "language": "en",
        "summary": "Has a cover.",
        "body": "Text",
        "status": "draft",
        "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
        "publish_at_1": "00:00:00",
        "cover_image": cover,
        "cover_alt": "A calm grey sea",
    }


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sea.png", b"<html><script>alert(1)</script></html>"),
        ("sea.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("sea.js", b"alert(1)"),
    ],
)
def test_a_page_script_or_drawing_is_refused_as_a_cover_with_a_clear_message(
    admin_client, topic, name, content
):
    data = _article_with_cover(SimpleUploadedFile(name, content, content_type="image/png"))
    response = admin_client.post("/admin/library/article/add/", {**data, "topic": topic.pk})
    assert response.status_code == 200
    assert "This file is not a JPEG, PNG, WebP or AVIF picture." in response.content.decode()
    assert not Article.objects.exists()


def test_an_oversized_cover_is_refused(admin_client, topic, settings):
    settings.AIRA_MAX_IMAGE_MB = 1
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 1)
    data = _article_with_cover(SimpleUploadedFile("sea.png", big))
    response = admin_client.post("/admin/library/article/add/", {**data, "topic": topic.pk})
    assert response.status_code == 200
    assert "This picture is 1.0 MB; the limit is 1 MB." in response.content.decode()
    assert not Article.objects.exists()


def test_a_cover_is_stored_with_the_extension_of_what_it_is(admin_client, topic):
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 32
    data = _article_with_cover(SimpleUploadedFile("sea.png.html", jpeg))
    response = admin_client.post("/admin/library/article/add/", {**data, "topic": topic.pk})
    assert response.status_code == 302
    name = Article.objects.get().cover_image.name
    assert name.startswith("library/covers/sea-png")
    assert name.endswith(".jpg")


def test_an_article_over_100000_characters_is_refused_with_a_message(admin_client, topic):
    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "Very long",
            "slug": "very-long",
            "language": "en",
            "topic": topic.pk,
            "summary": "Too long to keep.",
            "body": "a" * 100_001,
            "status": "draft",
            "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An article can be at most 100000 characters long (this one has 100001)." in html
    assert "Please split it into two articles." in html
    assert not Article.objects.exists()

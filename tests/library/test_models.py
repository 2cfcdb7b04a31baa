from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from library.models import Article, estimate_reading_minutes
from tests import factories

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_only_published_articles_whose_time_has_come_are_public(make_article):
    live = make_article(title="Live")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Scheduled", publish_at=timezone.now() + timedelta(days=1))

    assert list(Article.objects.published()) == [live]
    assert live.is_public


def test_a_scheduled_article_becomes_public_when_its_time_comes(make_article):
    article = make_article(publish_at=timezone.now() + timedelta(minutes=5))
    assert article.is_scheduled and not article.is_public

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now())
    assert list(Article.objects.published()) == [article]


def test_body_is_rendered_and_sanitised_on_save(make_article):
    article = make_article(body="## Hello\n\nCalm <script>alert(1)</script>words")
    assert '<h2 id="section-hello">Hello</h2>' in article.body_html
    assert "<script" not in article.body_html

    article.body = "Changed **text**"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p>Changed <strong>text</strong></p>"


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (10, 1), (200, 1), (201, 2), (900, 5)])
def test_reading_time_is_about_200_words_a_minute_and_at_least_one(words, minutes):
    assert estimate_reading_minutes("word " * words) == minutes


def test_reading_time_is_computed_on_save(make_article):
    assert make_article(body="calm " * 1000).reading_minutes == 5


def test_a_cover_image_needs_a_description(make_article):
    article = make_article()
    article.cover_image = SimpleUploadedFile("sea.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "cover_alt" in error.value.message_dict

    article.cover_alt = "A calm grey sea under a pale sky"
    article.full_clean()


def test_the_database_refuses_a_cover_image_without_a_description(make_article):
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(cover_image="library/covers/x.png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"<html><script>alert(1)</script></html>"),
        ("photo.gif", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_only_real_jpeg_png_webp_or_avif_covers_are_accepted(make_article, name, content):
    article = make_article(cover_alt="A picture")
    article.cover_image = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "cover_image" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.png", PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("a.jpeg", b"\xff\xd8\xff\xdb" + b"\x00" * 20),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 10),
        ("a.avif", b"\x00\x00\x00\x1cftypavif" + b"\x00" * 10),
    ],
)
def test_common_web_image_formats_are_accepted_as_covers(make_article, name, content):
    article = make_article(cover_alt="A picture")
    article.cover_image = SimpleUploadedFile(name, content)
    article.full_clean()


@pytest.mark.parametrize("slug", ["search", "saved", "topics"])
def test_a_slug_cannot_hide_a_library_page(make_article, slug):
    article = make_article()
    article.slug = slug
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_slugs_are_unique(make_article):
    make_article(slug="breathing")
    with pytest.raises(IntegrityError):
        make_article(slug="breathing")


def _practice(**fields):
    return factories.make_practice(title="Box breathing", **fields)


def test_the_recommended_practice_is_offered_only_while_published(make_article):
    practice = _practice(is_published=False)
    article = make_article(recommended_practice=practice)
    assert article.practice_to_offer is None

    practice.is_published = True
    practice.save()
    article.refresh_from_db()
    assert article.practice_to_offer == practice


def test_deleting_a_practice_keeps_the_article(make_article):
    practice = _practice()
    article = make_article(recommended_practice=practice)
    practice.delete()
    article.refresh_from_db()
    assert article.recommended_practice is None

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from library.models import Article, Topic


@pytest.fixture
def topic(db):
    return Topic.objects.create(
        name="Panic", slug="panic", description="Why panic passes.", order=1
    )


@pytest.fixture
def make_article(topic):
    """An article, published an hour ago unless told otherwise."""
    counter = {"n": 0}

    def _make(**fields):
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "title": f"Article {n}",
            "slug": f"article-{n}",
            "summary": f"A short summary of article {n}.",
            "body": f"Some words about calm, number {n}.\n\n## A section\n\nMore words.",
            "topic": topic,
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=1),
        }
        defaults.update(fields)
        return Article.objects.create(**defaults)

    return _make


@pytest.fixture
def many_articles(topic):
    """Quickly create `count` published articles in one topic (bulk, like a big library)."""

    def _many(count, topic=topic, prefix="bulk"):
        now = timezone.now()
        articles = [
            Article(
                title=f"Breathing note {i}",
                slug=f"{prefix}-{i}",
                summary="A note on breathing.",
                body="Slow breathing helps the body settle.\n\n## Why\n\nBecause it does.",
                topic=topic,
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=i + 1),
            )
            for i in range(count)
        ]
        for article in articles:
            article.fill_derived_fields()  # what save() would do
        return Article.objects.bulk_create(articles)

    return _many


@pytest.fixture
def staff_user(make_user):
    """A content editor: staff, allowed to view articles in admin."""
    user = make_user("editor@example.com", two_factor=True, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user

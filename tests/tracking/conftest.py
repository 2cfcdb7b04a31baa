"""Small factories for tracking tests: a session, a check-in (the practice factory is
shared: tests/factories.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from practices.models import PracticeSession
from tracking.models import CheckIn


@pytest.fixture
def practice(make_practice):
    return make_practice(title="Box breathing", minutes=5)


@pytest.fixture
def make_session(db):
    def _make(user, practice, started_at=None, before=None, after=None, finished=True, **extra):
        started_at = started_at or timezone.now()
        if finished:
            extra.setdefault("ended_at", started_at + timedelta(minutes=practice.minutes))
        return PracticeSession.objects.create(
            user=user,
            practice=practice,
            started_at=started_at,
            rating_before=before,
            rating_after=after,
            finished=finished,
            steps_completed=3 if finished else 1,
            **extra,
        )

    return _make


@pytest.fixture
def make_checkin(db):
    def _make(user, anxiety=5, mood=3, created_at=None, **extra):
        return CheckIn.objects.create(
            user=user,
            anxiety=anxiety,
            mood=mood,
            created_at=created_at or timezone.now(),
            **extra,
        )

    return _make


@pytest.fixture
def session(make_session, user, practice):
    return make_session(user, practice, before=7, after=4)


@pytest.fixture
def checkin(make_checkin, user):
    return make_checkin(user, anxiety=6, mood=2, tags="sleep,work", note="A hard morning.")


@pytest.fixture
def make_bookmark(db):
    """A saved article (library app)."""
    from library.models import Article, Bookmark, Topic

    def _make(user, title="When panic peaks"):
        topic, _ = Topic.objects.get_or_create(
            slug="panic", defaults={"name": "Panic", "description": "Why panic passes."}
        )
        article = Article.objects.create(
            title=title,
            slug=slugify(title),
            summary="A short summary.",
            body="Some calm words.",
            topic=topic,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1),
        )
        return Bookmark.objects.create(user=user, article=article)

    return _make


@pytest.fixture
def make_attack(db):
    """A panic log entry; only the time is required, as in the form."""
    from tracking.models import PanicAttack

    def _make(user, started_at=None, **extra):
        return PanicAttack.objects.create(
            user=user, started_at=started_at or timezone.now(), **extra
        )

    return _make

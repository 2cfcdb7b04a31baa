import uuid

import pytest

from practices.models import Practice, Step


@pytest.fixture
def make_practice(db):
    counter = {"n": 0}

    def _make(slug=None, steps=3, published=True, category=Practice.Category.ANXIETY, **extra):
        counter["n"] += 1
        slug = slug or f"practice-{counter['n']}"
        practice = Practice.objects.create(
            title=extra.pop("title", slug.replace("-", " ").title()),
            slug=slug,
            tagline="A gentle test practice.",
            description="First paragraph.\n\nSecond paragraph.",
            category=category,
            minutes=3,
            is_published=published,
            **extra,
        )
        Step.objects.bulk_create(
            Step(
                practice=practice, position=i, kind="guidance", title=f"Step {i}", text=f"Text {i}"
            )
            for i in range(1, steps + 1)
        )
        return practice

    return _make


@pytest.fixture
def practice(make_practice):
    return make_practice("calm-breath", steps=3)


@pytest.fixture
def begin(client):
    """Begin a practice the way the Begin form does, returning the session id."""

    def _begin(practice, c=None, **data):
        session_id = data.pop("session_id", uuid.uuid4())
        response = (c or client).post(
            f"/practices/{practice.slug}/begin/", {"session_id": session_id, **data}
        )
        return session_id, response

    return _begin

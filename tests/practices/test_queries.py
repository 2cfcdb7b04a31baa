"""Query counts stay fixed however many practices, steps and sessions exist, and are the
same for an English and a Spanish reader (reader_language, tests/conftest.py)."""

import uuid

import pytest

from practices.models import Practice, PracticeSession, Step

pytestmark = pytest.mark.django_db


def add_practices(count, steps_each=12):
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Practice {i}",
            slug=f"bulk-{i}",
            tagline="t",
            description="d",
            category=Practice.Category.values[i % 4],
            minutes=3,
            is_published=True,
        )
        for i in range(count)
    )
    Step.objects.bulk_create(
        Step(practice=p, position=n, kind="guidance", title="s", text="t")
        for p in practices
        for n in range(1, steps_each + 1)
    )
    return practices


def add_sessions(user, practice, count):
    PracticeSession.objects.bulk_create(
        PracticeSession(uuid=uuid.uuid4(), practice=practice, user=user, rating_before=5)
        for _ in range(count)
    )


@pytest.mark.parametrize("count", [3, 60])
def test_practice_list_query_count_is_fixed(
    client, reader_language, django_assert_num_queries, count
):
    add_practices(count)
    with django_assert_num_queries(1):
        assert client.get("/practices/").status_code == 200


@pytest.mark.parametrize(("practices", "sessions"), [(3, 1), (40, 500)])
def test_step_view_query_count_is_fixed(
    owner_client, user, reader_language, django_assert_num_queries, practices, sessions
):
    made = add_practices(practices, steps_each=12)
    add_sessions(user, made[0], sessions)
    session = PracticeSession.objects.filter(user=user).first()
    url = f"/practices/{made[0].slug}/s/{session.uuid}/step/7/"
    # session, user, practice, steps, practice session
    with django_assert_num_queries(5):
        assert owner_client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert owner_client.get(url, HTTP_HX_REQUEST="true").status_code == 200

"""The player and the practices index keep their copy of each practice in the cache
(practices/caching.py); an editor's change shows at once all the same."""

import pytest

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/practices/practice/"


def step_page(client, practice, session_id, number=1):
    return client.get(f"/practices/{practice.slug}/s/{session_id}/step/{number}/")


def test_an_edited_step_shows_at_once_in_the_player(client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    assert "Text 1" in step_page(client, practice, session_id).content.decode()
    step = practice.steps.get(position=1)
    step.text = "Let your shoulders drop."
    step.save()
    html = step_page(client, practice, session_id).content.decode()
    assert "Let your shoulders drop." in html
    assert "Text 1" not in html


def test_an_unpublished_practice_leaves_the_player_at_once(client, admin_client, practice, begin):
    session_id, _ = begin(practice, skip_rating="on")
    assert step_page(client, practice, session_id).status_code == 200
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [practice.pk]})
    assert step_page(client, practice, session_id).status_code == 404
    assert client.get(f"/practices/{practice.slug}/").status_code == 404
    # Staff may still open it, to preview it.
    assert admin_client.get(f"/practices/{practice.slug}/").status_code == 200


def test_the_practices_index_follows_the_admin_at_once(client, admin_client, practice):
    assert "Calm Breath" in client.get("/practices/").content.decode()
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [practice.pk]})
    assert "Calm Breath" not in client.get("/practices/").content.decode()
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [practice.pk]})
    assert "Calm Breath" in client.get("/practices/").content.decode()
    practice.refresh_from_db()
    practice.title = "Calm breathing"
    practice.save()
    assert "Calm breathing" in client.get("/practices/").content.decode()


def test_the_warm_player_reads_only_the_session(
    owner_client, user, practice, django_assert_num_queries
):
    from practices.models import PracticeSession

    session = PracticeSession.objects.create(user=user, practice=practice)
    step_page(owner_client, practice, session.uuid)
    # session, user, the practice session (and one cache read with the production cache)
    with django_assert_num_queries(3):
        assert step_page(owner_client, practice, session.uuid, 2).status_code == 200


def test_a_missing_practice_is_not_remembered(client, make_practice):
    assert client.get("/practices/later/").status_code == 404
    make_practice("later")
    assert client.get("/practices/later/").status_code == 200


def test_steps_added_in_bulk_show_at_once_in_the_player(client, practice, begin):
    """Bulk inserts send no signal (the built-in loader and Duplicate use them); the
    practices' queryset renews the version itself."""
    from practices.models import Step

    session_id, _ = begin(practice, skip_rating="on")
    assert "Step 1 of 3" in step_page(client, practice, session_id).content.decode()
    Step.objects.bulk_create([Step(practice=practice, position=4, title="Four", text="More.")])
    assert "Step 1 of 4" in step_page(client, practice, session_id).content.decode()

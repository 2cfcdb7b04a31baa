import pytest
from django.contrib.auth.models import Group

from practices.models import Practice

pytestmark = pytest.mark.django_db


def change_form_with_a_new_step(practice, step):
    """The practice's admin change form as saved, with one new step (`step`: its fields)."""
    return {
        "title": practice.title,
        "slug": practice.slug,
        "language": "en",
        "tagline": practice.tagline,
        "description": practice.description,
        "category": practice.category,
        "minutes": 3,
        "order": 1,
        "is_published": "on",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "9",
        **{f"steps-0-{name}": value for name, value in step.items()},
    }


def test_step_order_help_does_not_promise_dragging(admin_client, practice):
    html = admin_client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert "drag" not in html.lower()
    assert "lower numbers come first" in html


def test_staff_see_practices_with_steps_inline(admin_client, practice):
    html = admin_client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert "steps-0-kind" in html
    assert 'href="/practices/calm-breath/"' in html  # preview opens the player
    assert "practices/admin/step_kind.js" in html


def test_impossible_breathing_step_gets_a_clear_admin_error(admin_client, practice):
    url = f"/admin/practices/practice/{practice.pk}/change/"
    data = change_form_with_a_new_step(
        practice,
        {
            "kind": "breathing",
            "title": "Breathe",
            "text": "In and out.",
            "inhale_seconds": "0",
            "exhale_seconds": "4",
            "cycles": "3",
            "input_count": "0",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Breathing in must be between 1 and 15 seconds." in response.content.decode()
    assert practice.steps.count() == 3


def test_publish_unpublish_and_duplicate_actions(admin_client, practice):
    changelist = "/admin/practices/practice/"
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [practice.pk]})
    practice.refresh_from_db()
    assert not practice.is_published
    admin_client.post(changelist, {"action": "publish", "_selected_action": [practice.pk]})
    practice.refresh_from_db()
    assert practice.is_published
    admin_client.post(changelist, {"action": "duplicate", "_selected_action": [practice.pk]})
    copy = Practice.objects.get(slug="calm-breath-copy")
    assert not copy.is_published
    assert list(copy.steps.values_list("title", flat=True)) == ["Step 1", "Step 2", "Step 3"]
    assert practice.steps.count() == 3


def test_content_editors_manage_practices_but_never_see_sessions():
    editors = Group.objects.get(name="Content editors")
    codenames = set(
        editors.permissions.filter(content_type__app_label="practices").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("practice", "step")
    }


def test_sessions_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/practices/practicesession/").status_code == 404


def test_editor_adds_a_top_up_breath_and_easing_in(admin_client, practice):
    url = f"/admin/practices/practice/{practice.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "a second, shorter in-breath on top of the first" in page  # top-up help text
    assert "start every person at the gentler pace" in page  # eases-in help text
    data = change_form_with_a_new_step(
        practice,
        {
            "kind": "breathing",
            "title": "Two sips in",
            "text": "In, a little more, and out.",
            "inhale_seconds": "3",
            "top_up_seconds": "1",
            "hold_in_seconds": "0",
            "exhale_seconds": "6",
            "hold_out_seconds": "0",
            "cycles": "3",
            "eases_in": "on",
            "input_count": "0",
        },
    )
    assert admin_client.post(url, data).status_code == 302
    step = practice.steps.get(title="Two sips in")
    assert (step.top_up_seconds, step.hold_in_seconds, step.eases_in) == (1, 0, True)
    assert step.breath_seconds == 10

    data["steps-0-top_up_seconds"] = "6"
    data["steps-0-title"] = "Too long a sip"
    response = admin_client.post(url, data)
    assert "The top-up in-breath must be between 0 and 5 seconds." in response.content.decode()
    assert not practice.steps.filter(title="Too long a sip").exists()

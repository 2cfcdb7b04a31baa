import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from tracking.models import CheckIn

pytestmark = pytest.mark.django_db

CREATE = reverse("tracking:checkin_create")


def checkin_data(**overrides):
    data = {
        "uuid": str(uuid.uuid4()),
        "anxiety": "4",
        "mood": "3",
        "tags": ["sleep", "work"],
        "note": "Slept badly, calmer after a walk.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_quick_checkin_is_saved_and_leads_back_to_progress(owner_client, user):
    data = checkin_data()
    response = owner_client.post(CREATE, data)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("tracking:progress")
    checkin = CheckIn.objects.get(user=user)
    assert str(checkin.uuid) == data["uuid"]
    assert (checkin.anxiety, checkin.mood, checkin.tags) == (4, 3, "sleep,work")
    assert checkin.note == "Slept badly, calmer after a walk."
    page = owner_client.get(response.headers["Location"]).content.decode()
    assert "Check-in saved" in page
    assert "anxiety 4, mood okay" in page


def test_tags_are_stored_in_the_fixed_order_without_duplicates(owner_client, user):
    owner_client.post(CREATE, checkin_data(tags=["study", "sleep", "study"]))
    assert CheckIn.objects.get(user=user).tags == "sleep,study"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("anxiety", "-1", "Anxiety is a number from 0 (calm) to 10"),
        ("anxiety", "11", "Anxiety is a number from 0 (calm) to 10"),
        ("anxiety", "abc", "Anxiety is a number from 0 (calm) to 10"),
        ("anxiety", "", "Choose a number from 0 to 10"),
        ("mood", "0", "Mood is one of Very low, Low, Okay, Good or Very good"),
        ("mood", "6", "Mood is one of Very low, Low, Okay, Good or Very good"),
        ("tags", ["sleep", "weather"], "“weather” is not one of the tags. Choose from: Sleep"),
        ("note", "x" * 2001, "Keep the note to 2,000 characters or fewer (it has 2001)"),
        ("uuid", "not-a-uuid", "This form is out of date"),
    ],
)
def test_invalid_checkin_shows_a_clear_error_and_saves_nothing(owner_client, field, value, message):
    response = owner_client.post(CREATE, checkin_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The check-in was not saved" in html
    assert message in html
    assert CheckIn.objects.count() == 0
    # Without JavaScript the whole page comes back, with the form where it was.
    assert "<html" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_note_of_exactly_2000_characters_is_accepted(owner_client, user):
    owner_client.post(CREATE, checkin_data(note="x" * 2000))
    assert len(CheckIn.objects.get(user=user).note) == 2000


def test_database_refuses_out_of_range_values(user):
    from django.db import IntegrityError, transaction

    for values in (
        {"anxiety": 11, "mood": 3},
        {"anxiety": 3, "mood": 6},
        {"anxiety": 3, "mood": 0},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            CheckIn.objects.create(user=user, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(user=user, anxiety=3, mood=3, note="x" * 2001)


def test_model_validation_rejects_unknown_tags(user):
    from django.core.exceptions import ValidationError

    checkin = CheckIn(user=user, anxiety=3, mood=3, tags="sleep,weather")
    with pytest.raises(ValidationError, match="Unknown tag: weather"):
        checkin.full_clean()


def test_retry_does_not_duplicate(owner_client, user):
    data = checkin_data()
    owner_client.post(CREATE, data)
    owner_client.post(CREATE, data)
    assert CheckIn.objects.filter(user=user).count() == 1


def test_retry_with_changed_values_updates_the_same_checkin(owner_client, user):
    data = checkin_data(anxiety="7")
    owner_client.post(CREATE, data)
    first = CheckIn.objects.get(user=user)
    owner_client.post(CREATE, {**data, "anxiety": "5", "tags": ["body"]})
    assert CheckIn.objects.filter(user=user).count() == 1
    checkin = CheckIn.objects.get(user=user)
    assert (checkin.pk, checkin.anxiety, checkin.tags) == (first.pk, 5, "body")
    assert checkin.created_at == first.created_at


def test_another_users_uuid_is_a_404_and_never_overwritten(client, other_user, make_checkin, user):
    theirs = make_checkin(other_user, anxiety=8, note="theirs")
    client.force_login(user)
    response = client.post(CREATE, checkin_data(uuid=str(theirs.uuid), anxiety="1"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.user, theirs.anxiety, theirs.note) == (other_user, 8, "theirs")
    assert not CheckIn.objects.filter(user=user).exists()


def test_htmx_post_answers_with_the_panel_fragment_and_an_event(owner_client, user):
    data = checkin_data()
    response = owner_client.post(CREATE, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="checkin-panel"')
    assert 'data-announce="Check-in saved"' in html
    assert "Anxiety 4 of 10, mood okay, sleep, work." in html
    # The fresh form carries a new uuid, so the next check-in is a new one.
    new_uuid = re.search(r'name="uuid" value="([^"]+)"', html).group(1)
    assert new_uuid != data["uuid"]
    # The new check-in is in the updated list of recent check-ins.
    assert reverse("tracking:checkin_detail", args=[data["uuid"]]) in html
    assert json.loads(response.headers["HX-Trigger"]) == {"checkin-saved": {"uuid": data["uuid"]}}
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_post_with_errors_rerenders_the_form_in_place(owner_client):
    data = checkin_data(anxiety="11", note="Keep this text")
    response = owner_client.post(CREATE, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="checkin-panel"')
    assert "Anxiety is a number from 0 (calm) to 10" in html
    assert "HX-Trigger" not in response.headers
    # What was typed is kept, and the same uuid so a corrected submit is still one check-in.
    assert "Keep this text" in html
    assert f'value="{data["uuid"]}"' in html
    assert 'value="sleep" id="id_tags_0" checked' in html


def test_checkin_create_rejects_get(owner_client):
    assert owner_client.get(CREATE).status_code == 405


def test_owner_edits_a_checkin(owner_client, checkin):
    url = reverse("tracking:checkin_edit", args=[checkin.uuid])
    page = owner_client.get(url).content.decode()
    assert 'value="6" id="id_anxiety_6" required checked' in page
    assert 'value="sleep" id="id_tags_0" checked' in page
    assert "A hard morning." in page
    response = owner_client.post(url, {"anxiety": "3", "mood": "4", "tags": ["body"], "note": ""})
    assert response.status_code == 302
    assert response.headers["Location"] == checkin.get_absolute_url()
    checkin.refresh_from_db()
    assert (checkin.anxiety, checkin.mood, checkin.tags, checkin.note) == (3, 4, "body", "")


def test_edit_with_bad_values_changes_nothing(owner_client, checkin):
    url = reverse("tracking:checkin_edit", args=[checkin.uuid])
    response = owner_client.post(url, {"anxiety": "12", "mood": "4"})
    assert response.status_code == 200
    assert "Anxiety is a number from 0 (calm) to 10" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.anxiety == 6


def test_delete_asks_first_then_deletes_on_post(owner_client, checkin):
    url = reverse("tracking:checkin_delete", args=[checkin.uuid])
    page = owner_client.get(url).content.decode()
    assert "Delete this check-in?" in page
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    response = owner_client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("tracking:history")
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()


def test_other_user_cannot_edit_or_delete(client, other_user, checkin):
    client.force_login(other_user)
    edit = reverse("tracking:checkin_edit", args=[checkin.uuid])
    delete = reverse("tracking:checkin_delete", args=[checkin.uuid])
    assert client.post(edit, {"anxiety": "0", "mood": "5"}).status_code == 404
    assert client.post(delete).status_code == 404
    checkin.refresh_from_db()
    assert checkin.anxiety == 6


def test_checkin_detail_shows_the_note_to_its_owner(owner_client, checkin):
    html = owner_client.get(checkin.get_absolute_url()).content.decode()
    assert "A hard morning." in html
    assert "Sleep, Work" in html
    assert "6 of 10" in html


def test_checkin_choices_render_as_djangos_own_widgets_do(user, checkin):
    """Aira's faster choice template (templates/django/forms/widgets/input_option.html)
    must write exactly what Django's would: checked, required, ids."""
    from django.forms.renderers import DjangoTemplates
    from django.test.html import parse_html

    from tracking.forms import CheckInForm, QuickCheckInForm

    data = {"anxiety": "3", "tags": ["sleep", "work"]}
    pairs = [
        (QuickCheckInForm(), QuickCheckInForm(renderer=DjangoTemplates())),
        (QuickCheckInForm(data=data), QuickCheckInForm(data=data, renderer=DjangoTemplates())),
        (CheckInForm(instance=checkin), CheckInForm(instance=checkin, renderer=DjangoTemplates())),
    ]
    for ours, djangos in pairs:
        for name in ("anxiety", "mood", "tags"):
            for option, reference in zip(ours[name], djangos[name], strict=True):
                assert parse_html(option.tag()) == parse_html(reference.tag())
    checked = [o.tag() for o in pairs[1][0]["anxiety"] if o.data["selected"]]
    assert checked == [
        '<input type="radio" name="anxiety" value="3" id="id_anxiety_3" required checked>'
    ]


def test_the_questions_show_what_was_answered_and_what_was_refused(checkin):
    from django.template.loader import render_to_string

    from tracking.forms import CheckInForm, QuickCheckInForm

    def questions(form):
        return render_to_string("tracking/_checkin_fields.html", {"form": form})

    assert " checked" not in questions(QuickCheckInForm())
    refused = QuickCheckInForm(data={"anxiety": "11"})
    assert not refused.is_valid()
    assert "is not one of them" in questions(refused)
    assert 'value="6" id="id_anxiety_6" required checked' in questions(
        CheckInForm(instance=checkin)
    )


@pytest.mark.parametrize(("language", "expected"), [("en", "Very low"), ("es", "Muy bajo")])
def test_a_checkins_mood_reads_in_the_readers_language(language, expected):
    with translation.override(language):
        assert str(CheckIn(mood=1, anxiety=3).mood_label) == expected
        assert str(CheckIn(mood=4, anxiety=3).mood_label) == str(CheckIn(mood=4).get_mood_display())

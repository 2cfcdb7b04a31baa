"""The choice_options filter writes each radio button and checkbox as Django's own
{{ option.tag }} does (same element, same attributes, in every state of the form),
with its label."""

import pytest
from django.utils.html import escape

from aira.templatetags.aira_tags import choice_options
from tests.factories import make_practice
from tracking.forms import NewPanicAttackForm, QuickCheckInForm

pytestmark = pytest.mark.django_db  # validating a ModelForm looks for a unique uuid

FORMS = {
    "new": lambda: QuickCheckInForm(),
    "chosen": lambda: QuickCheckInForm(
        data={"anxiety": "4", "mood": "2", "tags": ["work", "sleep"], "uuid": "x"}
    ),
    "with errors": lambda: QuickCheckInForm(data={"anxiety": "11", "tags": ["nonsense"]}),
}


@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("field", ["anxiety", "mood", "tags"])
def test_every_option_is_written_as_djangos_own_tag_with_its_label(state, field):
    form = FORMS[state]()
    form.is_valid()
    options = list(form[field])
    assert options
    expected = "\n".join(
        f'<div class="option">{option.tag()}<label for="{option.id_for_label}">'
        f"{escape(option.choice_label)}</label></div>"
        for option in options
    )
    assert choice_options(form[field], "option") == expected


def test_a_chosen_option_is_checked_and_an_invalid_field_says_so():
    html = choice_options(FORMS["chosen"]()["anxiety"], "option")
    assert html.count(" checked") == 1
    assert (
        '<input type="radio" name="anxiety" value="4" id="id_anxiety_4" required checked>'
        '<label for="id_anxiety_4">4</label>' in html
    )

    invalid = FORMS["with errors"]()
    invalid.is_valid()
    assert 'aria-invalid="true"' in choice_options(invalid["anxiety"], "option")


PANIC_FORMS = {
    "new": lambda practice: NewPanicAttackForm(),
    "chosen": lambda practice: NewPanicAttackForm(
        data={
            "started_at": "2026-12-01T10:00",
            "length": "10",
            "peak": "7",
            "sensations": ["racing_heart", "dizziness"],
            "helped_practices": [str(practice.pk)],
        }
    ),
    "with errors": lambda practice: NewPanicAttackForm(
        data={"peak": "12", "sensations": ["nonsense"], "helped_practices": ["999999"]}
    ),
}


@pytest.mark.parametrize("state", PANIC_FORMS)
@pytest.mark.parametrize("field", ["length", "peak", "sensations", "helped_practices"])
def test_the_panic_logs_options_too_including_practices_from_the_database(state, field):
    practice = make_practice("calm-breath", title="Calm & steady")
    make_practice("other-breath", title="Other")
    form = PANIC_FORMS[state](practice)
    form.is_valid()
    options = list(form[field])
    assert len(options) >= 2
    expected = "\n".join(
        f'<div class="option">{option.tag()}<label for="{option.id_for_label}">'
        f"{escape(option.choice_label)}</label></div>"
        for option in options
    )
    assert choice_options(form[field], "option") == expected
    if state == "chosen":
        assert " checked" in expected

"""The choice_input filter writes each radio button and checkbox as Django's own
{{ option.tag }} does: same element, same attributes, in every state of the form."""

import pytest

from aira.templatetags.aira_tags import choice_input
from tracking.forms import QuickCheckInForm

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
def test_every_option_is_written_as_djangos_own_tag(state, field):
    form = FORMS[state]()
    form.is_valid()
    options = list(form[field])
    assert options
    for option in options:
        assert choice_input(option) == option.tag()


def test_a_chosen_option_is_checked_and_an_invalid_field_says_so():
    form = FORMS["chosen"]()
    html = "".join(choice_input(option) for option in form["anxiety"])
    assert html.count(" checked") == 1
    assert (
        '<input type="radio" name="anxiety" value="4" id="id_anxiety_4" required checked>' in html
    )

    invalid = FORMS["with errors"]()
    invalid.is_valid()
    assert 'aria-invalid="true"' in choice_input(next(iter(invalid["anxiety"])))

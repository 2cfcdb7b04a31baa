import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.models import Step


def make_step(practice, **fields):
    return Step(practice=practice, position=9, title="A step", text="Do this.", **fields)


def errors_of(step):
    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()
    return excinfo.value.message_dict


def test_guidance_step_is_valid_with_just_text(practice):
    make_step(practice, kind="guidance").full_clean()


def test_breathing_step_with_zero_second_phases_is_refused(practice):
    errors = errors_of(
        make_step(practice, kind="breathing", inhale_seconds=0, exhale_seconds=0, cycles=3)
    )
    assert errors["inhale_seconds"] == ["Breathing in must be between 1 and 15 seconds."]
    assert errors["exhale_seconds"] == ["Breathing out must be between 1 and 20 seconds."]


def test_breathing_step_needs_every_part_of_its_pattern(practice):
    errors = errors_of(make_step(practice, kind="breathing"))
    assert errors["inhale_seconds"] == ["Breathing in is needed for a breathing step."]
    assert errors["cycles"] == ["The number of rounds is needed for a breathing step."]


def test_breathing_holds_may_be_zero_and_default_to_zero(practice):
    step = make_step(practice, kind="breathing", inhale_seconds=4, exhale_seconds=6, cycles=5)
    step.full_clean()
    assert step.hold_in_seconds == 0 and step.hold_out_seconds == 0
    assert step.total_seconds == 50


def test_breathing_hold_over_ten_seconds_is_refused(practice):
    errors = errors_of(
        make_step(
            practice,
            kind="breathing",
            inhale_seconds=4,
            hold_in_seconds=30,
            exhale_seconds=4,
            cycles=2,
        )
    )
    assert errors["hold_in_seconds"] == [
        "The hold after breathing in must be between 0 and 10 seconds."
    ]
    assert "inhale_seconds" not in errors


def test_timed_step_needs_a_duration(practice):
    assert errors_of(make_step(practice, kind="timed"))["duration_seconds"] == [
        "A timed pause needs a length in seconds."
    ]
    assert errors_of(make_step(practice, kind="timed", duration_seconds=2))["duration_seconds"] == [
        "A timed pause must last between 5 and 600 seconds."
    ]
    make_step(practice, kind="timed", duration_seconds=30).full_clean()


def test_prompt_boxes_need_a_label_and_at_most_five(practice):
    assert "input_label" in errors_of(make_step(practice, kind="prompt", input_count=3))
    assert "input_count" in errors_of(
        make_step(practice, kind="prompt", input_label="Things", input_count=6)
    )
    make_step(practice, kind="prompt", input_label="Things you see", input_count=5).full_clean()


def test_only_prompts_offer_boxes(practice):
    assert errors_of(make_step(practice, kind="guidance", input_count=2))["input_count"] == [
        "Only prompt steps can offer boxes to type in."
    ]


@pytest.mark.django_db
def test_database_refuses_impossible_steps_that_skip_validation(practice):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_step(practice, kind="breathing", inhale_seconds=0, exhale_seconds=4, cycles=1).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_step(practice, kind="timed").save()

import pytest
from django.core.management import call_command

from practices import builtin
from practices.models import Practice, Step

pytestmark = pytest.mark.django_db


# The Spanish translations shipped beside them (however many there are yet).
SPANISH = len(list((builtin.CONTENT_DIR / "es").glob("*.toml")))


def test_builtin_practices_load_with_stay_safe_and_sleep_practices():
    # And Facing the feelings, and the translations.
    assert len(builtin.load()["practices"].created) == 13 + 8 + SPANISH
    published = Practice.objects.published().filter(language="en")
    assert published.count() >= 12
    assert published.filter(slug="stay-safe").exists()
    assert published.filter(category=Practice.Category.SLEEP).count() >= 3
    stay_safe = Practice.objects.get(slug="stay-safe")
    assert stay_safe.title == "Stay Safe"
    kinds = set(stay_safe.steps.values_list("kind", flat=True))
    assert {"guidance", "breathing", "prompt"} <= kinds
    assert Practice.objects.filter(language="en").order_by("order").first().slug == "stay-safe"


def test_every_builtin_step_passes_the_admin_validation():
    builtin.load()
    for step in Step.objects.all():
        step.full_clean()
    assert Step.objects.count() > 13 * 5


def test_a_later_run_never_overwrites_an_editors_changes():
    builtin.load()
    Practice.objects.filter(slug="box-breathing").update(
        title="Square breathing", is_published=False
    )
    Step.objects.filter(practice__slug="box-breathing", position=1).update(text="Edited by staff.")
    outcome = builtin.load()["practices"]
    assert not outcome.created and not outcome.updated
    assert outcome.left_alone == ["box-breathing"]
    practice = Practice.objects.get(slug="box-breathing")
    assert practice.title == "Square breathing" and not practice.is_published
    assert practice.steps.get(position=1).text == "Edited by staff."


def test_management_command_reports_what_it_created(capsys):
    call_command("load_builtin_content")
    assert f"practices: {21 + SPANISH} new" in capsys.readouterr().out
    call_command("load_builtin_content")
    assert "practices: 0 new" in capsys.readouterr().out

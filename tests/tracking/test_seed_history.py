from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Max, Min

from aira.models import User
from practices.models import PracticeSession
from tracking.models import CheckIn, PanicAttack

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_history", *args, stdout=out)
    return out.getvalue()


def test_without_practices_it_asks_to_load_the_content_first():
    with pytest.raises(CommandError, match="load_builtin_content"):
        seed("--email", "bench@example.com", "--sessions", "5")
    assert not User.objects.filter(email="bench@example.com").exists()


def test_creates_a_verified_user_with_the_requested_history(make_practice):
    make_practice(title="Box breathing")
    make_practice(title="Body scan")
    make_practice(title="A draft", is_published=False)
    output = seed(
        "--email", "bench@example.com", "--sessions", "2500", "--checkins", "1200", "--days", "90"
    )
    user = User.objects.get(email="bench@example.com")
    assert (
        "Created bench@example.com: 2500 sessions, 1200 check-ins and 0 panic log entries "
        "over 90 days." in output
    )
    assert EmailAddress.objects.get(user=user).verified
    sessions = PracticeSession.objects.filter(user=user)
    assert sessions.count() == 2500
    assert CheckIn.objects.filter(user=user).count() == 1200
    assert set(sessions.values_list("practice__title", flat=True)) == {"Box breathing", "Body scan"}
    assert sessions.filter(finished=True, rating_before__isnull=False).exists()
    span = sessions.aggregate(first=Min("started_at"), last=Max("started_at"))
    assert (span["last"] - span["first"]).days <= 90
    for checkin in CheckIn.objects.filter(user=user)[:200]:
        checkin.full_clean()  # valid by the model's own rules


def test_same_seed_same_history_and_the_user_is_reused(make_practice):
    make_practice(title="Box breathing", minutes=4)
    args = ["--email", "bench@example.com", "--sessions", "50", "--checkins", "50", "--seed", "7"]
    fields = ("created_at", "anxiety", "mood", "note")
    seed(*args)
    first = list(CheckIn.objects.order_by(*fields).values_list(*fields))
    output = seed(*args, "--replace")
    assert "Reused bench@example.com" in output
    assert User.objects.filter(email="bench@example.com").count() == 1
    again = list(CheckIn.objects.order_by(*fields).values_list(*fields))
    assert again == first


def test_a_second_user_with_the_same_seed_gets_records_of_their_own(make_practice):
    make_practice(title="Box breathing")
    for email in ("one@example.com", "two@example.com"):
        seed("--email", email, "--sessions", "40", "--checkins", "40", "--seed", "7")
    for model in (PracticeSession, CheckIn):
        rows = model.objects.values_list("user__email", "uuid")
        assert {email for email, _ in rows} == {"one@example.com", "two@example.com"}
        assert len({uuid for _, uuid in rows}) == len(rows) == 80


def test_password_option_lets_the_user_log_in(make_practice, client):
    make_practice()
    seed(
        "--email", "demo@example.com", "--sessions", "3", "--checkins", "3", "--password", "x" * 12
    )
    assert client.login(email="demo@example.com", password="x" * 12)


def test_seeds_panic_log_entries_that_the_model_accepts(make_practice):
    make_practice(title="Box breathing")
    output = seed(
        "--email", "bench@example.com", "--sessions", "0", "--checkins", "0", "--attacks", "300"
    )
    assert "300 panic log entries" in output
    attacks = PanicAttack.objects.filter(user__email="bench@example.com")
    assert attacks.count() == 300
    assert attacks.exclude(feared="").exists()
    assert attacks.filter(helped_practices__title="Box breathing").exists()
    for attack in attacks[:100]:
        attack.full_clean()  # valid by the model's own rules
    seed("--email", "bench@example.com", "--attacks", "5", "--replace")
    assert attacks.count() == 5


def test_a_negative_number_of_attacks_is_refused(make_practice):
    make_practice(title="Box breathing")
    with pytest.raises(CommandError, match="--attacks must be 0 or more"):
        seed("--email", "bench@example.com", "--attacks", "-1")

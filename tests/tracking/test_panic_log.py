"""The panic log: logging an attack (only the time required), retries that never
duplicate, editing and deleting, offline sync, and one person never reaching another's."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import said
from tracking.models import PanicAttack, Sensation

pytestmark = pytest.mark.django_db

LOG = reverse("tracking:panic_log")
SYNC = reverse("tracking:panic_sync")


def attack_data(**overrides):
    data = {
        "uuid": str(uuid.uuid4()),
        "started_at": "2026-11-20T08:15",
        "length": "10",
        "minutes": "",
        "peak": "8",
        "sensations": ["racing_heart", "dizziness"],
        "situation": "On the bus to work.",
        "feared": "That I would faint in front of everyone.",
        "happened": "I held the rail, it eased by my stop.",
        "helped_note": "Counting the stops.",
        "note": "Third this month.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def detail_url(attack, name="panic_detail"):
    return reverse(f"tracking:{name}", args=[attack.uuid])


# --- Logging ---------------------------------------------------------------------------


def test_logging_an_attack_saves_every_answer_and_shows_it_in_the_list(
    owner_client, user, make_practice
):
    practice = make_practice(title="Slow breathing")
    data = attack_data(helped_practices=[str(practice.pk)])
    response = owner_client.post(LOG, data)
    assert response.status_code == 302
    assert response.headers["Location"] == LOG

    attack = PanicAttack.objects.get(user=user)
    assert str(attack.uuid) == data["uuid"]
    # The form's time is read in the active time zone (UTC in tests).
    assert attack.started_at == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert (attack.minutes, attack.peak) == (10, 8)
    assert attack.sensations == "racing_heart,dizziness"
    assert attack.feared == "That I would faint in front of everyone."
    assert attack.happened == "I held the rail, it eased by my stop."
    assert list(attack.helped_practices.all()) == [practice]

    page = owner_client.get(LOG).content.decode()
    assert "Saved to your panic log" in page
    assert "about 10 minutes · peak 8 of 10 · racing heart, dizziness" in page


def test_only_the_time_is_needed(owner_client, user):
    response = owner_client.post(LOG, {"uuid": str(uuid.uuid4()), "started_at": "2026-11-20T08:15"})
    assert response.status_code == 302
    attack = PanicAttack.objects.get(user=user)
    assert (attack.minutes, attack.peak, attack.sensations, attack.note) == (None, None, "", "")


def test_the_time_is_read_in_the_persons_time_zone(owner_client, user):
    owner_client.cookies["aira_tz"] = "Australia/Sydney"
    owner_client.post(LOG, attack_data(started_at="2026-11-20T08:15"))
    attack = PanicAttack.objects.get(user=user)
    # 08:15 in Sydney (UTC+11 in November) is 21:15 UTC the day before.
    assert attack.started_at == datetime(2026, 11, 19, 21, 15, tzinfo=UTC)


def test_the_form_starts_at_now_in_the_persons_time_zone(owner_client, monkeypatch):
    now = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    owner_client.cookies["aira_tz"] = "Europe/Berlin"
    html = owner_client.get(LOG).content.decode()
    # 23:30 UTC is 00:30 the next day in Berlin.
    assert 'type="datetime-local" name="started_at" value="2026-11-21T00:30"' in html


def test_a_typed_length_wins_over_a_tapped_one(owner_client, user):
    owner_client.post(LOG, attack_data(length="10", minutes="45"))
    assert PanicAttack.objects.get(user=user).minutes == 45


def test_sensations_are_stored_in_the_fixed_order_without_duplicates(owner_client, user):
    owner_client.post(LOG, attack_data(sensations=["fear_of_dying", "shaking", "shaking"]))
    assert PanicAttack.objects.get(user=user).sensations == "shaking,fear_of_dying"


def test_the_sensations_offered_are_the_twelve_in_plain_words(owner_client):
    html = owner_client.get(LOG).content.decode()
    for label in (
        "Racing heart",
        "Breathlessness",
        "Chest tightness",
        "Dizziness",
        "Shaking",
        "Sweating",
        "Tingling",
        "Nausea",
        "Hot or cold",
        "Feeling unreal",
        "Fear of losing control",
        "Fear of dying",
    ):
        assert f">{label}</label>" in html
    assert len(Sensation.values) == 12


def test_a_retry_with_the_same_uuid_never_duplicates(owner_client, user):
    data = attack_data()
    owner_client.post(LOG, data)
    owner_client.post(LOG, {**data, "peak": "6"})
    attack = PanicAttack.objects.get(user=user)
    assert attack.peak == 6  # the retry updated the one record


def test_a_uuid_of_someone_elses_attack_is_a_404_and_changes_nothing(
    owner_client, other_user, make_attack
):
    theirs = make_attack(other_user, peak=3, note="Theirs")
    response = owner_client.post(LOG, attack_data(uuid=str(theirs.uuid), peak="9"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.user, theirs.peak, theirs.note) == (other_user, 3, "Theirs")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("started_at", "", "Say roughly when it started"),
        ("started_at", "yesterday", "Enter a date and time like 2026-11-03 14:05."),
        ("started_at", "2099-01-01T10:00", "That time is still to come."),
        ("started_at", "1999-01-01T10:00", "The time is before 2000"),
        ("peak", "11", "The peak is a number from 0 to 10."),
        ("length", "7", "Choose one of the lengths, or type the minutes."),
        ("minutes", "0", "Type at least 1 minute, or leave it empty."),
        ("minutes", "1441", "Type 1,440 minutes (a whole day) or fewer."),
        ("minutes", "a while", "Type the minutes as a whole number, like 15."),
        ("sensations", ["racing_heart", "itching"], "“itching” is not one of the sensations"),
        ("feared", "x" * 2001, "Keep this to 2,000 characters or fewer (it has 2001)."),
        ("uuid", "not-a-uuid", "This form is out of date"),
    ],
)
def test_bad_input_shows_a_clear_message_keeps_the_answers_and_saves_nothing(
    owner_client, field, value, message
):
    data = attack_data(**{field: value})
    response = owner_client.post(LOG, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This was not saved yet." in html
    assert message in html
    assert PanicAttack.objects.count() == 0
    # What was typed is still there, and the written answers are open to see.
    if field != "feared":
        assert "That I would faint in front of everyone.</textarea>" in html
    assert '<details class="panic-more" open>' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_the_write_quota_keeps_the_answers(owner_client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "panic_writes": "1/m/user"}
    owner_client.post(LOG, attack_data())
    response = owner_client.post(LOG, attack_data(feared="Kept after the pause"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "pausing new saves for a minute" in html
    assert "Kept after the pause</textarea>" in html
    assert PanicAttack.objects.filter(user=user).count() == 1


def test_the_list_shows_only_my_attacks_newest_first(owner_client, user, other_user, make_attack):
    now = timezone.now()
    make_attack(user, started_at=now - timedelta(days=2), peak=4)
    make_attack(user, started_at=now - timedelta(days=1), peak=7)
    make_attack(other_user, started_at=now, peak=10)
    html = owner_client.get(LOG).content.decode()
    assert re.findall(r"peak (\d+) of 10", html) == ["7", "4"]


def test_the_list_is_paged_with_a_fixed_number_of_queries(
    owner_client, user, make_attack, reader_language, django_assert_max_num_queries
):
    now = timezone.now()
    PanicAttack.objects.bulk_create(
        PanicAttack(user=user, started_at=now - timedelta(hours=n), peak=n % 11) for n in range(45)
    )
    owner_client.get(LOG)
    with django_assert_max_num_queries(8):
        html = owner_client.get(LOG).content.decode()
    assert html.count('class="history-item"') == 20
    assert said(reader_language, "Older") in html
    assert owner_client.get(LOG, {"page": 3}).content.decode().count('class="history-item"') == 5


def test_an_empty_log_says_so_kindly(owner_client):
    html = owner_client.get(LOG).content.decode()
    assert "Nothing logged yet." in html
    assert "Signs that need an emergency number now" in html


# --- Detail, edit and delete -----------------------------------------------------------


def test_detail_shows_what_was_written(owner_client, user, make_attack, make_practice):
    attack = make_attack(
        user, minutes=12, peak=6, sensations="shaking,nausea", feared="Being sick", note="Mine"
    )
    attack.helped_practices.set([make_practice(title="Slow breathing")])
    html = owner_client.get(detail_url(attack)).content.decode()
    assert "about 12 minutes" in html
    assert "6 of 10" in html
    assert "Shaking, Nausea" in html
    assert "Being sick" in html
    assert "Slow breathing" in html


def test_editing_changes_the_record_and_leads_back_to_it(owner_client, user, make_attack):
    attack = make_attack(user, minutes=10, peak=6)
    edit = detail_url(attack, "panic_edit")
    html = owner_client.get(edit).content.decode()
    # A length from the choices is shown tapped, not typed.
    assert re.search(r'name="length" value="10"[^>]* checked', html)
    response = owner_client.post(
        edit,
        {"started_at": "2026-11-20T08:15", "minutes": "25", "peak": "3", "happened": "It passed"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == attack.get_absolute_url()
    attack.refresh_from_db()
    assert (attack.minutes, attack.peak, attack.happened) == (25, 3, "It passed")
    assert PanicAttack.objects.count() == 1


def test_editing_to_a_tapped_length_or_to_none(owner_client, user, make_attack):
    attack = make_attack(user, minutes=45)
    edit = detail_url(attack, "panic_edit")
    # A length not among the choices is shown typed.
    assert 'name="minutes" value="45"' in owner_client.get(edit).content.decode()
    owner_client.post(edit, {"started_at": "2026-11-20T08:15", "length": "30"})
    attack.refresh_from_db()
    assert attack.minutes == 30
    owner_client.post(edit, {"started_at": "2026-11-20T08:15"})
    attack.refresh_from_db()
    assert attack.minutes is None


def test_entries_logged_for_the_same_minute_are_each_listed_once(owner_client, user, make_attack):
    moment = timezone.now()
    for n in range(25):
        make_attack(user, started_at=moment, peak=n % 11, note=f"entry {n}")
    first = owner_client.get(LOG).content.decode()
    second = owner_client.get(LOG, {"page": 2}).content.decode()
    links = re.findall(r'href="/progress/panic/([0-9a-f-]{36})/"', first + second)
    assert len(links) == len(set(links)) == 25


def test_editing_with_bad_input_changes_nothing(owner_client, user, make_attack):
    attack = make_attack(user, peak=6)
    response = owner_client.post(
        detail_url(attack, "panic_edit"), {"started_at": "2026-11-20T08:15", "peak": "12"}
    )
    assert response.status_code == 200
    assert "The peak is a number from 0 to 10." in response.content.decode()
    attack.refresh_from_db()
    assert attack.peak == 6


def test_delete_asks_first_then_deletes_on_post(owner_client, user, make_attack):
    attack = make_attack(user)
    url = detail_url(attack, "panic_delete")
    html = owner_client.get(url).content.decode()
    assert "Delete this entry?" in html
    assert PanicAttack.objects.filter(pk=attack.pk).exists()
    response = owner_client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"] == LOG
    assert not PanicAttack.objects.filter(pk=attack.pk).exists()


@pytest.mark.parametrize("name", ["panic_detail", "panic_edit", "panic_delete"])
def test_another_persons_attack_is_a_404(client, other_user, user, make_attack, name):
    attack = make_attack(user, note="private")
    client.force_login(other_user)
    assert client.get(detail_url(attack, name)).status_code == 404
    if name != "panic_detail":
        assert (
            client.post(detail_url(attack, name), {"started_at": "2026-11-20T08:15"}).status_code
            == 404
        )
    attack.refresh_from_db()
    assert attack.note == "private"


@pytest.mark.parametrize("name", ["panic_detail", "panic_edit", "panic_delete"])
def test_a_visitor_is_sent_to_log_in(client, user, make_attack, name):
    url = detail_url(make_attack(user), name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
    assert client.get(LOG).headers["Location"].startswith("/accounts/login/")


def test_detail_rejects_post_and_the_sync_rejects_get(owner_client, user, make_attack):
    assert owner_client.post(detail_url(make_attack(user))).status_code == 405
    assert owner_client.get(SYNC).status_code == 405


# --- The model -------------------------------------------------------------------------


def test_database_refuses_out_of_range_values(user):
    for values in ({"peak": 11}, {"minutes": 0}, {"minutes": 1441}, {"feared": "x" * 2001}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PanicAttack.objects.create(user=user, **values)


def test_deleting_a_practice_keeps_the_attack(user, make_attack, make_practice):
    attack = make_attack(user)
    practice = make_practice(title="Gone")
    attack.helped_practices.set([practice])
    practice.delete()
    attack.refresh_from_db()
    assert list(attack.helped_practices.all()) == []


# --- Offline sync ----------------------------------------------------------------------


def sync_data(**overrides):
    data = attack_data(started_at="2026-11-20T07:15:00.000Z")
    data.pop("length")
    data["minutes"] = "12"
    data.update(overrides)
    return data


def test_sync_saves_once_and_a_repeat_send_finds_the_same_record(owner_client, user):
    data = sync_data()
    first = owner_client.post(SYNC, data)
    assert first.status_code == 201
    assert first.json() == {"status": "saved", "id": data["uuid"], "created": True}
    again = owner_client.post(SYNC, data)
    assert again.status_code == 200
    assert again.json()["created"] is False
    attack = PanicAttack.objects.get(user=user)
    assert attack.started_at == datetime(2026, 11, 20, 7, 15, tzinfo=UTC)
    assert attack.minutes == 12


def test_sync_answers_json_to_a_visitor(client):
    response = client.post(SYNC, sync_data())
    assert response.status_code == 401
    assert response.json()["status"] == "signed-out"
    assert PanicAttack.objects.count() == 0


def test_sync_answers_json_to_bad_input(owner_client):
    response = owner_client.post(SYNC, sync_data(peak="eleven"))
    assert response.status_code == 400
    assert response.json()["errors"]["peak"] == ["The peak is a number from 0 to 10."]
    assert PanicAttack.objects.count() == 0


def test_sync_never_overwrites_someone_elses_attack(owner_client, other_user, make_attack):
    theirs = make_attack(other_user, peak=2)
    response = owner_client.post(SYNC, sync_data(uuid=str(theirs.uuid), peak="9"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.peak == 2


def test_sync_refuses_a_record_tagged_for_another_account(owner_client, other_user):
    from aira.device import owner_tag

    response = owner_client.post(SYNC, {**sync_data(), "owner": owner_tag(other_user)})
    assert response.status_code == 409
    assert PanicAttack.objects.count() == 0


def test_a_time_in_sydney_is_kept_as_the_moment_it_was(owner_client, user):
    owner_client.post(SYNC, sync_data(started_at="2026-11-20T08:15:00+11:00"))
    moment = PanicAttack.objects.get(user=user).started_at
    assert moment == datetime(2026, 11, 20, 8, 15, tzinfo=ZoneInfo("Australia/Sydney"))


# --- The offline copy ------------------------------------------------------------------

OFFLINE = reverse("tracking:panic_offline")


def test_the_offline_copy_is_the_blank_questions_and_nothing_personal(
    client, owner_client, user, make_attack, make_practice
):
    make_practice(title="Slow breathing")
    make_attack(user, feared="My own private fear", note="Mine")
    for who in (client, owner_client):
        response = who.get(OFFLINE)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        html = response.content.decode()
        assert "data-panic-offline" in html
        # panic.js gives each opening its own uuid and the time it opens.
        assert '<input type="hidden" name="uuid" id="id_uuid">' in html
        assert ">Racing heart</label>" in html
        assert ">Slow breathing</label>" in html
        assert "My own private fear" not in html
        assert "history-item" not in html
        assert f'data-sync-url="{SYNC}"' in html


def test_the_service_worker_keeps_the_offline_copy(client):
    body = client.get("/sw.js").content.decode()
    assert '"/progress/panic/offline/"' in body
    assert 'const PANIC_LOG = "/progress/panic/";' in body

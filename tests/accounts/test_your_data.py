import csv
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from accounts import services
from aira.models import User
from plans.models import Person, Plan
from practices.models import PracticePreferences, PracticeSession
from tracking.models import CheckIn, PanicAttack, TrackingPreferences

pytestmark = pytest.mark.django_db

DELETE = reverse("accounts:delete_account")


@pytest.fixture
def full_account(
    user, session, checkin, other_user, make_checkin, make_session, practice, make_bookmark
):
    user.display_name = "Sam"
    user.language = "en"
    user.save()
    EmailAddress.objects.create(user=user, email="old@example.com", verified=False)
    TrackingPreferences.objects.update_or_create(user=user, defaults={"show_totals": False})
    PracticePreferences.objects.create(
        user=user, breathing_pace="gentler", exposure_conditions=["asthma", "pregnancy"]
    )
    make_bookmark(user, "When panic peaks")
    PanicAttack.objects.create(user=user, peak=7, note="On the train")
    plan = Plan.objects.create(user=user, warning_signs="Pacing the hall", offer_dismissed=True)
    plan.practices.set([practice])
    Person.objects.create(user=user, name="Sam", phone="0161 496 0000", message="Call me?")
    # Someone else's data, which must survive everything below.
    make_checkin(other_user, note="Not yours")
    PanicAttack.objects.create(user=other_user, peak=3, note="Not yours either")
    make_session(other_user, practice, before=5, after=2)
    make_bookmark(other_user, "Sleep and worry")
    Plan.objects.create(user=other_user, warning_signs="Not your plan")
    Person.objects.create(user=other_user, name="Not your person", email="k@example.com")
    return user


def test_your_data_page_offers_downloads_and_deletion(owner_client):
    html = owner_client.get(reverse("accounts:your_data")).content.decode()
    assert 'href="/progress/data/export.json" download' in html
    assert 'href="/progress/data/export.zip" download' in html
    assert 'href="/progress/data/delete/"' in html


def add_totp(user):
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "s3cr3t"}
    )


def test_json_export_holds_everything_about_the_user_and_nothing_else(
    owner_client, full_account, session, checkin
):
    add_totp(full_account)
    response = owner_client.get(reverse("accounts:export_json"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="aira-data-')
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.content)
    assert set(data) == {
        "format",
        "exported_at",
        "account",
        "preferences",
        "practice_sessions",
        "checkins",
        "panic_attacks",
        "bookmarks",
        "reminders_sent",
        "plan",
        "plan_people",
        "signed_in_devices",
        "two_factor_methods",
    }
    assert data["format"] == "aira-export-1"
    account = data["account"]
    assert account["email"] == "owner@example.com"
    assert account["display_name"] == "Sam"
    assert account["language"] == "en"
    assert account["date_joined"].startswith(str(full_account.date_joined.date()))
    assert account["email_addresses"] == [
        {"email": "owner@example.com", "verified": True, "primary": True},
        {"email": "old@example.com", "verified": False, "primary": False},
    ]
    assert data["preferences"] == {
        "show_practice_days": True,
        "show_totals": False,
        "show_trend": True,
        "breathing_pace": "gentler",
        "exposure_safety_screen": ["asthma", "pregnancy"],
        # Reminders were never turned on: their defaults (tests/reminders has one that was).
        "reminder_enabled": False,
        "reminder_days": "",
        "reminder_time": "20:00",
        "reminder_time_zone": "",
        "reminder_kind": "checkin",
        "reminder_practice": "",
        "reminder_paused_until": "",
        "plan_offer_not_now": True,
    }
    assert data["practice_sessions"] == [
        {
            "uuid": str(session.uuid),
            "practice": "Box breathing",
            "practice_slug": "box-breathing",
            "started_at": session.started_at.isoformat(),
            "ended_at": session.ended_at.isoformat(),
            "rating_before": 7,
            "rating_after": 4,
            "steps_completed": 3,
            "finished": True,
            "sensation_rating": None,
            "anxiety_rating": None,
            "panic_likeness": None,
        }
    ]
    assert data["checkins"] == [
        {
            "uuid": str(checkin.uuid),
            "created_at": checkin.created_at.isoformat(),
            "anxiety": 6,
            "mood": 2,
            "mood_words": "Low",
            "tags": ["sleep", "work"],
            "note": "A hard morning.",
        }
    ]
    bookmark = full_account.bookmarks.get()
    assert data["bookmarks"] == [
        {
            "article": "When panic peaks",
            "article_slug": "when-panic-peaks",
            "created_at": bookmark.created_at.isoformat(),
        }
    ]
    [plan] = data["plan"]
    assert plan["warning_signs"] == "Pacing the hall"
    assert plan["practices"] == "Box breathing"
    [person] = data["plan_people"]
    assert (person["name"], person["phone"], person["message"]) == (
        "Sam",
        "0161 496 0000",
        "Call me?",
    )
    assert "Not your plan" not in response.content.decode()
    assert "Not your person" not in response.content.decode()
    assert data["two_factor_methods"][0]["type"] == "totp"
    assert "s3cr3t" not in response.content.decode()
    assert "Not yours" not in response.content.decode()
    assert "Sleep and worry" not in response.content.decode()


def test_zip_export_has_one_csv_per_table_with_headers(owner_client, full_account, checkin):
    response = owner_client.get(reverse("accounts:export_zip"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"].endswith('.zip"')
    assert "no-store" in response.headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "account.csv",
        "bookmarks.csv",
        "checkins.csv",
        "devices.csv",
        "panic_log.csv",
        "plan.csv",
        "plan_people.csv",
        "reminders_sent.csv",
        "sessions.csv",
        "two_factor.csv",
    ]

    def rows(name):
        return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

    account = rows("account.csv")
    assert account[0] == [
        "email",
        "display_name",
        "language",
        "date_joined",
        "last_login",
        "email_addresses",
        "show_practice_days",
        "show_totals",
        "show_trend",
        "breathing_pace",
        "exposure_safety_screen",
        "reminder_enabled",
        "reminder_days",
        "reminder_time",
        "reminder_time_zone",
        "reminder_kind",
        "reminder_practice",
        "reminder_paused_until",
        "plan_offer_not_now",
    ]
    assert account[1][0] == "owner@example.com"
    assert account[1][2] == "en"
    assert account[1][5] == "owner@example.com (verified); old@example.com"
    assert account[1][6:11] == ["yes", "no", "yes", "gentler", "asthma,pregnancy"]
    assert account[1][11:18] == ["no", "", "20:00", "", "checkin", "", ""]
    assert account[1][18:] == ["yes"]
    assert rows("plan_people.csv")[1][1:5] == ["Sam", "0161 496 0000", "", "Call me?"]
    assert rows("sessions.csv")[0][:3] == ["uuid", "practice", "practice_slug"]
    assert rows("sessions.csv")[1][1:3] == ["Box breathing", "box-breathing"]
    checkins = rows("checkins.csv")
    assert checkins[0] == ["uuid", "created_at", "anxiety", "mood", "mood_words", "tags", "note"]
    assert checkins[1][2:] == ["6", "2", "Low", "sleep,work", "A hard morning."]
    bookmarks = rows("bookmarks.csv")
    assert bookmarks[0] == ["article", "article_slug", "created_at"]
    assert [row[:2] for row in bookmarks[1:]] == [["When panic peaks", "when-panic-peaks"]]


def test_zip_export_holds_the_devices_and_two_factor_methods_the_json_has(
    client, user, password, other_user
):
    from allauth.usersessions.models import UserSession

    client.post(
        "/accounts/login/",
        {"login": user.email, "password": password},
        headers={"user-agent": "Phone browser"},
    )
    totp = add_totp(user)
    add_totp(other_user)
    device = UserSession.objects.get(user=user)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:export_zip")).content))

    def rows(name):
        return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

    assert rows("devices.csv") == [
        ["created_at", "last_seen_at", "ip", "user_agent"],
        [
            device.created_at.isoformat(),
            device.last_seen_at.isoformat(),
            "127.0.0.1",
            "Phone browser",
        ],
    ]
    assert rows("two_factor.csv") == [
        ["type", "created_at", "last_used_at"],
        ["totp", totp.created_at.isoformat(), ""],
    ]
    # The same records as the JSON export, and never the secret.
    data = json.loads(client.get(reverse("accounts:export_json")).content)
    assert len(data["signed_in_devices"]) == len(rows("devices.csv")) - 1
    assert len(data["two_factor_methods"]) == len(rows("two_factor.csv")) - 1
    assert b"s3cr3t" not in archive.read("two_factor.csv")


def test_csv_cells_that_look_like_formulas_are_defused(owner_client, user, make_checkin):
    make_checkin(user, note="=HYPERLINK('http://evil.example')")
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(reverse("accounts:export_zip")).content))
    text = archive.read("checkins.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_delete_page_asks_for_the_password(owner_client):
    html = owner_client.get(DELETE).content.decode()
    assert 'type="password" name="password"' in html
    assert "Delete my account" in html


def test_wrong_password_deletes_nothing(owner_client, full_account):
    response = owner_client.post(DELETE, {"password": "not my password at all"})
    assert response.status_code == 200
    assert "That password is not right. Nothing has been deleted." in response.content.decode()
    assert User.objects.filter(pk=full_account.pk).exists()
    assert CheckIn.objects.filter(user=full_account).exists()
    assert owner_client.get(reverse("tracking:progress")).status_code == 200


def test_delete_account_rejects_get_without_deleting(owner_client, user):
    owner_client.get(DELETE)
    assert User.objects.filter(pk=user.pk).exists()


def _rows_pointing_at(user_id):
    """Rows of every installed model that reference this user id through a relation."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is User
            ):
                count = model._default_manager.filter(**{field.attname: user_id}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_deleting_leaves_no_row_of_the_user_and_logs_out(
    client, full_account, password, other_user
):
    # Log in for real, from two devices, so allauth records signed-in sessions.
    other_device = client.__class__()
    for device in (client, other_device):
        assert (
            device.post(
                "/accounts/login/", {"login": full_account.email, "password": password}
            ).status_code
            == 302
        )
    add_totp(full_account)  # after logging in: with it, login would ask for a code
    user_id = full_account.pk
    # The check below does find the user's rows, in every app.
    assert set(_rows_pointing_at(user_id)) == {
        "practices.PracticeSession.user",
        "practices.PracticeTotals.user",
        "practices.PracticePreferences.user",
        "tracking.CheckIn.user",
        "tracking.PanicAttack.user",
        "tracking.TrackingPreferences.user",
        "account.EmailAddress.user",
        "mfa.Authenticator.user",
        "usersessions.UserSession.user",
        "library.Bookmark.user",
        "plans.Plan.user",
        "plans.Person.user",
    }

    response = client.post(DELETE, {"password": password})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _rows_pointing_at(user_id) == {}
    assert not User.objects.filter(pk=user_id).exists()
    for stored in Session.objects.all():
        assert stored.get_decoded().get("_auth_user_id") != str(user_id)
    # Both devices are logged out.
    home = client.get("/").content.decode()
    assert "Your account and data have been deleted" in home
    assert client.get(reverse("tracking:history")).status_code == 302
    assert other_device.get(reverse("tracking:history")).status_code == 302
    # And the account cannot log in again.
    assert not client.login(email=full_account.email, password=password)
    login = client.post("/accounts/login/", {"login": full_account.email, "password": password})
    assert login.status_code == 200
    # The other user's data is untouched.
    assert CheckIn.objects.filter(user=other_user).count() == 1
    assert PanicAttack.objects.filter(user=other_user).count() == 1
    assert PracticeSession.objects.filter(user=other_user).count() == 1
    assert other_user.bookmarks.count() == 1
    assert Plan.objects.filter(user=other_user).count() == 1
    assert Person.objects.filter(user=other_user).count() == 1


def test_delete_account_service_takes_keyword_arguments_only(user):
    with pytest.raises(TypeError):
        services.delete_account(user)


def test_privacy_page_explains_checkins_export_and_deletion(client):
    html = client.get("/privacy/").content.decode()
    for words in (
        "check-ins",
        "private note",
        "tags",
        "Download everything",
        "Delete your account",
    ):
        assert words in html
    assert 'href="/progress/data/"' in html
    assert "admin tools they use do not show anyone&#x27;s check-ins" in html or (
        "admin tools they use do not show anyone's check-ins" in html
    )


def test_the_panic_log_is_exported_whole_in_json_and_csv(owner_client, user, other_user):
    from datetime import UTC, datetime

    from tests.factories import make_practice

    attack = PanicAttack.objects.create(
        user=user,
        started_at=datetime(2026, 11, 20, 8, 15, tzinfo=UTC),
        minutes=12,
        peak=8,
        sensations="racing_heart,fear_of_dying",
        situation="On the bus",
        feared="Fainting",
        happened="It eased by my stop",
        helped_note="Counting stops",
        note="=private",
    )
    attack.helped_practices.set([make_practice(title="Slow breathing")])
    PanicAttack.objects.create(user=other_user, note="Not yours")

    data = json.loads(owner_client.get(reverse("accounts:export_json")).content)
    assert data["panic_attacks"] == [
        {
            "uuid": str(attack.uuid),
            "started_at": "2026-11-20T08:15:00+00:00",
            "minutes": 12,
            "peak": 8,
            "sensations": ["racing_heart", "fear_of_dying"],
            "situation": "On the bus",
            "feared": "Fainting",
            "happened": "It eased by my stop",
            "helped_practices": ["Slow breathing"],
            "helped_note": "Counting stops",
            "note": "=private",
        }
    ]

    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(reverse("accounts:export_zip")).content))
    rows = list(csv.reader(io.StringIO(archive.read("panic_log.csv").decode("utf-8-sig"))))
    assert rows[0][:4] == ["uuid", "started_at", "minutes", "peak"]
    assert rows[1][2:] == [
        "12",
        "8",
        "racing_heart,fear_of_dying",
        "On the bus",
        "Fainting",
        "It eased by my stop",
        "Slow breathing",
        "Counting stops",
        "'=private",
    ]
    assert len(rows) == 2


def test_deleting_the_account_deletes_the_panic_log(owner_client, user, password, other_user):
    PanicAttack.objects.create(user=user, note="Mine")
    PanicAttack.objects.create(user=other_user, note="Theirs")
    owner_client.post(DELETE, {"password": password})
    assert list(PanicAttack.objects.values_list("note", flat=True)) == ["Theirs"]

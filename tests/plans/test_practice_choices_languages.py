"""The practice pickers of the plan and the reminder list each practice once, in the
reader's language where it has a published translation, else as the English original;
a choice is kept as the original, so it holds whichever language the person reads in."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from plans.models import Plan
from reminders.models import Reminder, ReminderSent
from reminders.services import reminder_link, render_email
from tests.conftest import said

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def practices(make_practice):
    box = make_practice("box-breathing", title="Box breathing", order=1)
    caja = make_practice(
        "respiracion-en-caja",
        title="Respiración en caja",
        order=1,
        language="es",
        translation_of=box,
    )
    heart = make_practice("hand-on-heart", title="Hand on heart", order=2)
    # A draft translation leaves the original in its place, as in the practices list.
    make_practice(
        "mano-en-el-corazon",
        title="Mano en el corazón",
        order=2,
        language="es",
        translation_of=heart,
        is_published=False,
    )
    return {"box": box, "caja": caja, "heart": heart}


def checkbox_choices(html):
    """(value, label) of each practice checkbox of the plan's form."""
    found = re.findall(
        r'<input type="checkbox" name="practices" value="([^"]+)"[^>]*>\s*([^<]+?)\s*</label>', html
    )
    return [(value, label) for value, label in found]


def options(html):
    select = html[html.index('name="practice"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', select)


@pytest.mark.parametrize(
    ("headers", "labels"),
    [
        ({}, ["Box breathing", "Hand on heart"]),
        (SPANISH, ["Respiración en caja", "Hand on heart"]),
    ],
    ids=["english", "spanish"],
)
def test_the_plans_picker_offers_each_practice_once(owner_client, practices, headers, labels):
    html = owner_client.get("/plan/step/2/", **headers).content.decode()
    # The originals' slugs whatever the language: that is what is kept.
    assert checkbox_choices(html) == list(
        zip(["box-breathing", "hand-on-heart"], labels, strict=True)
    )


def test_a_plan_chosen_in_spanish_keeps_the_original_and_reads_in_either_language(
    owner_client, user, practices
):
    response = owner_client.post(
        "/plan/step/2/",
        {"on_my_own": "Un té", "practices": ["box-breathing"], "continue": "1"},
        **SPANISH,
    )
    assert response.status_code == 302
    plan = Plan.objects.get(user=user)
    assert list(plan.practices.all()) == [practices["box"]]

    spanish = owner_client.get("/plan/", **SPANISH).content.decode()
    assert '<a href="/practices/respiracion-en-caja/">Respiración en caja</a>' in spanish
    english = owner_client.get("/plan/").content.decode()
    assert '<a href="/practices/box-breathing/">Box breathing</a>' in english
    assert "Respiración en caja" not in english
    # Shown again, the choice is ticked in both languages.
    for headers in ({}, SPANISH):
        html = owner_client.get("/plan/step/2/", **headers).content.decode()
        assert re.search(r'value="box-breathing"[^>]*checked', html)
        assert not re.search(r'value="hand-on-heart"[^>]*checked', html)


def test_a_translation_chosen_before_shows_ticked_and_is_kept_as_its_original(
    owner_client, user, practices
):
    plan = Plan.objects.create(user=user, on_my_own="Un té")
    plan.practices.set([practices["caja"]])
    html = owner_client.get("/plan/step/2/", **SPANISH).content.decode()
    assert re.search(r'value="box-breathing"[^>]*checked', html)
    assert owner_client.get("/plan/", **SPANISH).content.decode().count("Respiración en caja") == 1

    # A visitor's device copy may still name the translation: it is kept as the original.
    response = owner_client.post(
        "/plan/from-device/",
        {"device_copy": json.dumps({"plan": {"practices": ["respiracion-en-caja"]}})},
        **SPANISH,
    )
    assert response.status_code == 302
    assert list(plan.practices.all()) == [practices["box"]]


def test_a_visitors_plan_page_names_each_practice_once_in_their_language(client, practices):
    html = client.get("/plan/", **SPANISH).content.decode()
    slots = re.findall(r'<li data-practice="([^"]+)" hidden><a href="([^"]+)">([^<]+)</a>', html)
    assert slots == [
        ("box-breathing", "/practices/respiracion-en-caja/", "Respiración en caja"),
        ("hand-on-heart", "/practices/hand-on-heart/", "Hand on heart"),
    ]


def originals_on(html):
    found = re.search(
        r'<script id="practice-originals" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1)) if found else None


@pytest.mark.parametrize("path", ["/plan/", "/plan/print/", "/plan/edit/", "/plan/step/2/"])
def test_a_visitors_plan_pages_tell_the_device_each_translations_original(client, practices, path):
    """A device's copy made on an older page may name a translation (plan.js reads it as
    its original): the pages that list or offer the practices say which is which."""
    html = client.get(path, **SPANISH).content.decode()
    assert originals_on(html) == {
        "respiracion-en-caja": "box-breathing",
        "mano-en-el-corazon": "hand-on-heart",
    }


def test_a_signed_in_persons_plan_pages_need_no_such_list(owner_client, practices):
    for path in ("/plan/", "/plan/print/", "/plan/edit/", "/plan/step/2/"):
        assert originals_on(owner_client.get(path).content.decode()) is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reminders_picker_offers_each_practice_once_and_saves_the_original(
    owner_client, user, practices, language
):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    labels = {"en": "Box breathing", "es": "Respiración en caja"}
    html = owner_client.get("/reminders/", **headers).content.decode()
    assert options(html) == [
        (str(practices["box"].pk), "", labels[language]),
        (str(practices["heart"].pk), "", "Hand on heart"),
    ]
    response = owner_client.post(
        "/reminders/",
        {
            "enabled": "on",
            "weekdays": ["0"],
            "at": "20:00",
            "time_zone": "Europe/Madrid",
            "kind": "practice",
            "practice": str(practices["box"].pk),
        },
        **headers,
    )
    assert response.status_code == 302
    assert Reminder.objects.get(user=user).practice == practices["box"]
    html = owner_client.get("/reminders/", **headers).content.decode()
    assert (str(practices["box"].pk), " selected", labels[language]) in options(html)
    assert said(language, "Choose a practice") in html


def test_a_reminder_of_a_translation_chosen_before_shows_its_original_chosen(
    owner_client, user, practices
):
    Reminder.objects.create(
        user=user, kind="practice", practice=practices["caja"], weekdays="0", enabled=True
    )
    html = owner_client.get("/reminders/", **SPANISH).content.decode()
    assert (str(practices["box"].pk), " selected", "Respiración en caja") in options(html)


def test_the_reminder_email_suggests_the_readers_version(user, practices):
    reminder = Reminder.objects.create(
        user=user, kind="practice", practice=practices["box"], weekdays="0", enabled=True
    )
    with translation.override("es"):
        assert reminder.suggested_practice == practices["caja"]
        assert reminder_link(reminder.suggested_practice).endswith(
            "/practices/respiracion-en-caja/"
        )
    with translation.override("en"):
        assert reminder.suggested_practice == practices["box"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reminder_email_looks_the_readers_version_up_once(user, practices, language):
    """The email names the practice and links to it: the version in the reader's
    language is one query (none for English, whose version is the one chosen)."""
    Reminder.objects.create(
        user=user, kind="practice", practice=practices["box"], weekdays="0", enabled=True
    )
    sent = ReminderSent.objects.create(user=user, local_date=date(2027, 1, 4))
    reminder = Reminder.objects.select_related("user", "practice").get(user=user)
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        email = render_email(reminder, sent)
    expected = {"en": "/practices/box-breathing/", "es": "/practices/respiracion-en-caja/"}
    assert expected[language] in email.body
    assert len(queries) == (1 if language == "es" else 0), [q["sql"] for q in queries]

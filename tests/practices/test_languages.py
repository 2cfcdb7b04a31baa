"""Practices per language: the list, SOS, a practice's page, the offline copy and a
person's progress for Spanish readers, with English where nothing is translated yet."""

import json
import re
import uuid
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from practices.models import Practice, PracticeSession, PracticeTotals
from tracking.stats import per_practice, what_helps

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
NOT_YET = "Todavía no está en español"  # "Not yet in Spanish", from the catalogue


@pytest.fixture
def box(make_practice):
    return make_practice("box-breathing", title="Box breathing", category="anxiety")


@pytest.fixture
def caja(make_practice, box):
    return make_practice(
        "respiracion-en-caja",
        title="Respiración en caja",
        category="anxiety",
        language="es",
        translation_of=box,
        tagline="Cuatro partes iguales.",
    )


@pytest.fixture
def sos_practices(make_practice):
    stay = make_practice("stay-safe", title="Stay Safe", category="panic", steps=4)
    sigh = make_practice("physiological-sigh", title="The double sigh", category="panic")
    make_practice("five-senses-grounding", title="5-4-3-2-1 grounding", category="panic")
    make_practice(
        "mantenerte-a-salvo",
        title="Quédate conmigo",
        category="panic",
        steps=4,
        language="es",
        translation_of=stay,
    )
    make_practice(
        "suspiro-fisiologico",
        title="El doble suspiro",
        category="panic",
        language="es",
        translation_of=sigh,
    )


def test_a_practice_has_one_translation_per_language_never_in_english(make_practice, caja, box):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_practice("otra-caja", language="es", translation_of=box)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_practice("box-again", language="en", translation_of=box)


def test_the_list_in_spanish_shows_the_translation_and_marks_the_untranslated(
    client, caja, make_practice
):
    make_practice("hand-on-heart", title="Hand on heart", category="anxiety")
    html = client.get("/practices/", **SPANISH).content.decode()
    assert "Respiración en caja" in html
    assert ">Box breathing<" not in html
    assert "Hand on heart" in html
    assert html.count(NOT_YET) == 1
    english = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Box breathing<" in english and "Respiración en caja" not in english
    assert NOT_YET not in english


def test_sos_in_spanish_starts_the_spanish_stay_safe_and_offers_what_is_translated(
    client, sos_practices
):
    html = client.get("/sos/", **SPANISH).content.decode()
    assert 'action="/practices/mantenerte-a-salvo/begin/"' in html
    assert 'href="/practices/suspiro-fisiologico/"' in html
    # Not translated yet: offered in English, saying so.
    assert 'href="/practices/five-senses-grounding/"' in html
    assert html.count(NOT_YET) == 1
    english = client.get("/sos/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'action="/practices/stay-safe/begin/"' in english
    assert "suspiro" not in english


def test_sos_in_spanish_falls_back_to_the_english_stay_safe_when_its_translation_is_a_draft(
    client, sos_practices
):
    Practice.objects.filter(slug="mantenerte-a-salvo").update(is_published=False)
    html = client.get("/sos/", **SPANISH).content.decode()
    assert 'action="/practices/stay-safe/begin/"' in html
    assert f"Empezar Stay Safe ahora ({NOT_YET})" in html


def test_a_practice_page_links_to_its_other_language(client, caja, box):
    spanish = client.get("/practices/respiracion-en-caja/", **SPANISH).content.decode()
    assert (
        '<a href="/practices/box-breathing/" hreflang="en" lang="en">Read in English</a>' in spanish
    )
    english = client.get("/practices/box-breathing/").content.decode()
    assert (
        '<a href="/practices/respiracion-en-caja/" hreflang="es" lang="es">Leer en español</a>'
        in english
    )


def test_an_untranslated_practice_read_in_spanish_says_so(client, box):
    html = client.get("/practices/box-breathing/", **SPANISH).content.decode()
    assert NOT_YET in html
    assert "Leer en español" not in html


def test_the_offline_copy_keeps_the_readers_languages_practices(client, caja, box):
    spanish = client.get("/sw.js", **SPANISH).content.decode()
    english = client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    def precache(body):
        return json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))

    assert "/practices/respiracion-en-caja/" in precache(spanish)
    assert "/practices/respiracion-en-caja/offline/" in precache(spanish)
    assert "/practices/box-breathing/" not in precache(spanish)
    assert "/practices/box-breathing/" in precache(english)
    assert "/practices/respiracion-en-caja/" not in precache(english)
    # Choosing another language renews the worker, so the kept copies follow it.
    version = re.compile(r"const VERSION = \"([^\"]+)\"")
    assert version.search(spanish).group(1) != version.search(english).group(1)
    # Fetched without cookies, the kept pages ask for the language by name.
    assert 'const LANGUAGE = "es";' in spanish and 'const LANGUAGE = "en";' in english


def test_the_worker_is_registered_in_the_pages_language(client, settings, caja, box):
    """The page names its language in the worker's address (static/js/aira.js), so a page
    in a newly chosen language registers a new worker that keeps pages in it; the address
    wins over the cookie or Accept-Language the worker's fetch carries."""
    script = (Path(settings.BASE_DIR) / "static" / "js" / "aira.js").read_text()
    assert '"/sw.js?lang=" + encodeURIComponent(document.documentElement.lang' in script
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    spanish = client.get("/sw.js?lang=es").content.decode()
    assert 'const LANGUAGE = "es";' in spanish and "No tienes conexión." in spanish
    assert '"/practices/respiracion-en-caja/offline/"' in spanish
    english = client.get("/sw.js?lang=en-GB", **SPANISH).content.decode()
    assert 'const LANGUAGE = "en";' in english and "You\\u0027re offline." in english
    assert '"/practices/box-breathing/offline/"' in english
    assert "respiracion-en-caja" not in english


def test_the_spanish_player_plays_the_spanish_steps(owner_client, caja):
    session_id = uuid.uuid4()
    owner_client.post(
        "/practices/respiracion-en-caja/begin/", {"session_id": session_id, "skip_rating": "on"}
    )
    session = PracticeSession.objects.get(uuid=session_id)
    assert session.practice == caja
    html = owner_client.get(
        f"/practices/respiracion-en-caja/s/{session_id}/step/1/", **SPANISH
    ).content.decode()
    assert "Respiración en caja" in html


# --- Progress: one practice, whichever language it was done in ---------------------------


def session(user, practice, before, after):
    return PracticeSession.objects.create(
        user=user, practice=practice, rating_before=before, rating_after=after, finished=True
    )


def test_sessions_in_both_languages_count_for_one_practice(user, caja, box):
    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    totals = PracticeTotals.objects.get(user=user)
    assert totals.practice == box  # kept under the English original
    assert (totals.sessions, totals.finished, totals.rated) == (2, 2, 2)
    assert totals.average_change == -3


def test_a_spanish_readers_sessions_alone_count_under_the_original(user, caja, box):
    session(user, caja, 7, 3)
    assert list(PracticeTotals.objects.filter(user=user).values_list("practice", "rated")) == [
        (box.pk, 1)
    ]


def test_deleting_a_spanish_session_recounts_the_practice(user, caja, box):
    session(user, box, 8, 4)
    session(user, caja, 6, 4).delete()
    assert PracticeTotals.objects.get(user=user).rated == 1


def test_rebuilding_totals_counts_under_the_original_too(user, caja, box):
    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    PracticeTotals.rebuild_for(user)
    assert list(PracticeTotals.objects.filter(user=user).values_list("practice", "rated")) == [
        (box.pk, 2)
    ]


def test_what_helps_names_the_practice_in_the_readers_language(user, caja, box, settings):
    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    from django.utils import translation

    with translation.override("es"):
        (effect,) = what_helps(user)
    assert (effect.title, effect.url) == ("Respiración en caja", "/practices/respiracion-en-caja/")
    with translation.override("en"):
        (effect,) = what_helps(user)
    assert (effect.title, effect.url) == ("Box breathing", "/practices/box-breathing/")


def test_progress_rows_cost_one_query_in_spanish(user, caja, box, django_assert_num_queries):
    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    from django.utils import translation

    with translation.override("es"), django_assert_num_queries(1):
        assert len(per_practice(user)) == 1


def test_the_history_filter_on_a_practice_includes_its_translation(owner_client, user, caja, box):
    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    html = owner_client.get(f"/progress/history/?practice={box.pk}").content.decode()
    assert html.count("Respiración en caja") >= 1
    assert html.count("Box breathing") >= 2  # the filter's option and the English session


# --- Query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 40])
def test_spanish_practice_pages_cost_the_same_whatever_the_number(
    client, make_practice, count, django_assert_num_queries
):
    for n in range(count):
        original = make_practice(f"p-{n}", title=f"Practice {n}")
        if n % 2:
            make_practice(f"es-{n}", title=f"Práctica {n}", language="es", translation_of=original)
    with django_assert_num_queries(1):
        assert client.get("/practices/", **SPANISH).status_code == 200
    with django_assert_num_queries(1):  # no SOS practice here: the crisis help alone
        assert client.get("/sos/", **SPANISH).status_code == 200
    # the practice with its other version, its steps
    with django_assert_num_queries(2):
        html = client.get("/practices/es-1/", **SPANISH).content.decode()
    assert "Práctica 1" in html and NOT_YET not in html
    # An English practice with no translation, read in Spanish: the same two, and the note.
    with django_assert_num_queries(2):
        html = client.get("/practices/p-0/", **SPANISH).content.decode()
    assert "Practice 0" in html and NOT_YET in html


def test_the_support_offer_in_spanish_is_the_spanish_version_never_the_same_practice(
    make_practice,
):
    stay = make_practice("stay-safe", title="Stay Safe", category="panic")
    exhale = make_practice("extended-exhale", title="Longer out-breath", category="panic")
    quedate = make_practice(
        "mantenerte-a-salvo", category="panic", language="es", translation_of=stay
    )
    exhalar = make_practice(
        "exhalacion-larga", category="panic", language="es", translation_of=exhale
    )
    from django.utils import translation

    with translation.override("es"):
        assert Practice.objects.short_alternative_to(exhalar) == quedate
        # After the Spanish Stay Safe: not the English Stay Safe, the next one.
        assert Practice.objects.short_alternative_to(quedate) == exhalar
    with translation.override("en"):
        assert Practice.objects.short_alternative_to(exhale) == stay


def test_the_practices_of_a_period_count_both_languages_as_one(user, caja, box):
    from datetime import timedelta

    from django.utils import timezone, translation

    from tracking.stats import practices_used

    session(user, box, 8, 4)
    session(user, caja, 6, 4)
    today = timezone.localdate()
    with translation.override("es"):
        (row,) = practices_used(user, start=today - timedelta(days=1), end=today)
    assert (row.practice_id, row.title, row.sessions, row.average_change) == (
        box.pk,
        "Respiración en caja",
        2,
        -3,
    )

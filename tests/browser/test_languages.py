"""Choosing Spanish in the footer on a phone: the pages, the JavaScript strings and the
read-aloud language follow, with the selector working by keyboard (issue 20)."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.aira.test_languages import english_left
from tests.browser.conftest import (
    go_offline,
    go_online,
    wait_for,
    wait_for_offline_ready,
    wait_until,
)
from tests.factories import make_practice
from tracking.models import CheckIn

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_spanish_in_the_footer_turns_the_site_spanish(site):
    site.set_viewport_size({"width": 390, "height": 844})
    make_practice(
        "respiracion-tranquila",
        title="Respiración tranquila",
        steps=[{"title": "Respira despacio", "text": "Suelta el aire poco a poco."}] * 2,
    )
    page = site.go("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")

    # Keyboard only: the labelled select, then its button.
    select = page.get_by_label("Language")
    select.focus()
    select.select_option("es")
    for target in (select, page.get_by_role("button", name="Change language")):
        box = target.bounding_box()
        assert box["height"] >= 44, target
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change language")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recupera el equilibrio.")
    # Set by aira.js from the JavaScript catalogue.
    expect(page.locator("[data-theme-toggle]")).to_have_text(
        re.compile("^Usar tema (claro|oscuro)$")
    )
    expect(page.get_by_label("Idioma")).to_have_value("es")

    page = site.go("/practices/respiracion-tranquila/")
    page.get_by_role("button", name="Empezar").click()
    page.get_by_role("button", name="Saltar esta pregunta").click()
    # The step's own line, not the screen-reader announcement that repeats it.
    expect(page.locator(".player__progress")).to_contain_text("Paso 1 de 2")
    # The read-aloud voice takes its language from <html lang> (static/js/player.js).
    assert page.evaluate("document.documentElement.lang") == "es"


# Button words of the English player: none of them may be a button's name in Spanish.
ENGLISH_BUTTONS = {"Next", "Start", "Begin", "Done", "Skip", "Skip this question", "Back", "Finish"}


def assert_spanish(page):
    """The page as it is now: Spanish <html lang>, no English word in its visible text or
    accessible names (the check of tests/aira/test_languages.py), no English button."""
    assert page.evaluate("document.documentElement.lang") == "es"
    assert english_left(page.content()) == [], page.url
    buttons = page.locator("button:visible, [role=button]:visible, a.button:visible")
    names = {text.strip() for text in buttons.all_inner_texts()}
    assert not names & ENGLISH_BUTTONS, names


def test_offline_in_spanish_a_whole_practice_and_a_check_in(site, sign_in, user, builtin_practices):
    """Chosen in the footer on a phone, then no connection: the service worker's copies,
    the offline player and its check-in are Spanish, and what was done offline is sent
    once when the connection returns."""
    site.set_viewport_size({"width": 390, "height": 844})
    sign_in(user)
    page = site.go("/practices/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prácticas guiadas")

    # The worker installed in English is replaced by one that keeps Spanish pages (a new
    # version for the new language): wait until the kept list is the Spanish one.
    wait_for_offline_ready(page)
    wait_until(
        page,
        """async () => {
            const kept = await caches.match('/practices/', { ignoreVary: true });
            return !!kept && (await kept.text()).includes('<html lang="es"')
              && navigator.serviceWorker.controller !== null;
        }""",
    )
    go_offline(page)

    page.go("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prácticas guiadas")
    assert_spanish(page)
    page.get_by_role("link", name="Respiración en caja").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respiración en caja")
    page.get_by_role("button", name="Empezar").click()
    expect(page).to_have_url(re.compile(r"/practices/respiracion-en-caja/offline/#"))
    expect(page.locator("[data-offline-title]")).to_have_text("Respiración en caja")
    # Signed in: the sentence that says the ratings go to their progress later.
    expect(page.locator(".offline-note [data-when-signed-in]")).to_have_text(
        "No tienes conexión. Esta práctica funciona en tu dispositivo: tus puntuaciones se "
        "guardan aquí y pasan a tu progreso cuando vuelvas a tener conexión."
    )
    expect(page.locator(".offline-note [data-when-signed-out]")).to_be_hidden()
    assert_spanish(page)

    page.get_by_role("button", name="7", exact=True).click()
    progress = page.locator(".player__progress")
    expect(progress).to_contain_text("Paso 1 de")
    total = int(re.search(r"de (\d+)", progress.inner_text()).group(1))
    for number in range(1, total + 1):
        expect(progress).to_contain_text(f"Paso {number} de {total}")
        assert_spanish(page)
        page.get_by_role("button", name="Terminar" if number == total else "Siguiente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Has llegado al final")
    assert_spanish(page)
    page.get_by_role("button", name="3", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bien hecho por dedicarte este tiempo"
    )
    expect(page.locator(".summary__change")).to_have_text("Pasaste de 7 a 3.")
    expect(page.locator("[data-sync-note]")).to_contain_text("Guardado en este dispositivo")
    checkin = page.get_by_role("form", name="Un registro rápido")
    expect(checkin).to_be_visible()
    assert_spanish(page)

    checkin.get_by_role("group", name=re.compile("Cuánta ansiedad")).get_by_label(
        "5", exact=True
    ).check()
    checkin.get_by_label("Normal", exact=True).check()
    checkin.get_by_label("Trabajo", exact=True).check()
    checkin.get_by_label("Nota privada (opcional)").fill("En el metro, sin cobertura.")
    page.get_by_role("button", name="Guardar registro").click()
    expect(page.get_by_role("heading", name="Registro guardado")).to_be_visible()
    expect(page.locator("#sync-status")).to_contain_text(
        "2 registros están guardados en este dispositivo"
    )
    assert_spanish(page)
    assert PracticeSession.objects.count() == 0 and CheckIn.objects.count() == 0
    # A page never kept: the offline page, in Spanish too.
    page.go("/library/nunca-abierto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No tienes conexión")
    assert_spanish(page)

    go_online(page)
    page.go("/practices/")
    wait_until(page, "async () => (await window.AiraQueue.all()).length === 0")
    session = wait_for(lambda: PracticeSession.objects.first())
    assert (session.user, session.practice.slug, session.rating_before, session.rating_after) == (
        user,
        "respiracion-en-caja",
        7,
        3,
    )
    saved = CheckIn.objects.get()
    assert (saved.user, saved.anxiety, saved.mood, saved.tags, saved.note) == (
        user,
        5,
        3,
        "work",
        "En el metro, sin cobertura.",
    )

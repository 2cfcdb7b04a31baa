"""Aira in more than one language: the catalogues are complete and compiled, the key pages
have no English left in Spanish, and the language follows the person's choice.

The built-in articles and practices are content, written per language elsewhere (content
per language); here every article, practice and note is made by the test in Spanish, so
any English left on a page is the interface's own.
"""

import re
import uuid
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import timezone

from library.models import Article, Topic
from practices.models import Practice, PracticeSession
from tracking.models import CheckIn, PanicAttack

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]


# --- The catalogues ---------------------------------------------------------------------


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_has_a_spanish_translation(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    entries = live_entries(po)
    assert entries, "an empty catalogue: run make messages"
    missing = [entry.msgid for entry in entries if "fuzzy" in entry.flags or not entry.translated()]
    assert missing == [], f"{len(missing)} strings without a Spanish translation in {domain}.po"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=2;")


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_translations_keep_every_placeholder(domain):
    """A msgstr that drops or renames %(name)s fails at run time in Spanish only."""
    placeholder = re.compile(r"%(?:\(\w+\))?[sd]|\{\}")
    wrong = []
    for entry in live_entries(polib.pofile(str(LOCALE / f"{domain}.po"))):
        wanted = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [entry.msgid for text in strings if sorted(placeholder.findall(text)) != wanted]
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_files_match_the_po_files(domain):
    """The .mo files are committed (a fresh clone needs no GNU gettext): each must hold
    exactly what its .po says, so a translation edited without `make messages` fails."""
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    mo = polib.mofile(str(LOCALE / f"{domain}.mo"))

    def table(catalogue, only_translated):
        found = {}
        for entry in catalogue:
            if entry.obsolete or not entry.msgid:
                continue
            if only_translated and (not entry.translated() or "fuzzy" in entry.flags):
                continue
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            if entry.msgid_plural:
                found[key] = tuple(
                    entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)
                )
            else:
                found[key] = entry.msgstr
        return found

    assert table(mo, only_translated=False) == table(po, only_translated=True)


# --- Visible English on Spanish pages ---------------------------------------------------

# Everyday English words that are not Spanish ones: any of them in a Spanish page's
# visible text or accessible names is interface text left untranslated.
ENGLISH = re.compile(
    r"\b(the|and|your|you|you're|with|this|that|what|for|is|are|of|to|in|on|it|not|"
    r"can|how|here|now|from|or|be|will|any|by|about|back|save|saved|delete|edit|next|"
    r"page|log|sign|help|step|before|after|skip|begin|check-in|practice|library)\b",
    re.IGNORECASE,
)
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-announce"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: text nodes (outside script and style), the page
    title, accessible names and announcements, and the meta description. Elements marked
    translate="no" (proper names such as a helpline's) are left out, as HTML means it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.parts = []

    def skipping(self):
        return any(tag in ("script", "style") or no for tag, no in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        no = attrs.get("translate") == "no"
        if not self.skipping() and not no:
            self.parts += [
                value for name, value in attrs.items() if name in SPOKEN_ATTRIBUTES and value
            ]
            if tag == "meta" and attrs.get("name") == "description":
                self.parts.append(attrs.get("content") or "")
        if tag not in VOID:
            self.stack.append((tag, no))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            self.parts.append(data.strip())


def english_left(html):
    parser = VisibleText()
    parser.feed(html)
    # A proper name marked translate="no" ("The Samaritans") stays as it is wherever a
    # sentence names it ("Abrir The Samaritans").
    names = re.findall(r'translate="no">([^<]+)<', html)
    left = []
    for part in parser.parts:
        for name in names:
            part = part.replace(name.strip(), "")
        if ENGLISH.search(part):
            left.append(part)
    return left


@pytest.fixture
def spanish_world(make_user, make_practice):
    """A person with some Spanish content of their own, and Spanish content to show."""
    steps = [{"title": "Respira despacio", "text": "Suelta el aire poco a poco."}] * 2
    make_practice(
        "stay-safe",
        title="Stay Safe",
        tagline="Una respiración tranquila.",
        description="Primer párrafo.\n\nSegundo párrafo.",
        steps=steps,
    )
    make_practice(
        "respiracion-tranquila",
        title="Respiración tranquila",
        tagline="Más despacio.",
        description="Un párrafo.",
        steps=steps,
    )
    topic = Topic.objects.create(
        name="Pánico", slug="panico", description="Por qué se pasa.", order=1
    )
    Article.objects.create(
        title="Cuando el pánico llega",
        slug="cuando-el-panico-llega",
        summary="Qué pasa en el cuerpo.",
        body="Unas palabras sobre la calma.\n\n## Una sección\n\nMás palabras.",
        topic=topic,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(hours=1),
    )
    user = make_user()
    checkin = CheckIn.objects.create(user=user, anxiety=4, mood=3, note="Un día largo.")
    PanicAttack.objects.create(user=user, started_at=timezone.now(), peak=6)
    return {"user": user, "checkin": checkin}


def spanish_get(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


VISITOR_PAGES = [
    "/",
    "/library/",
    "/library/cuando-el-panico-llega/",
    "/library/search/?q=calma",
    "/library/search/?q=nada",
    "/practices/",
    "/practices/respiracion-tranquila/",
    "/sos/",
    "/crisis/",
    "/privacy/",
    "/offline/",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.mark.parametrize("url", VISITOR_PAGES)
def test_a_visitors_page_in_spanish_has_no_english_left(client, spanish_world, url):
    html = spanish_get(client, url)
    assert '<html lang="es"' in html
    assert english_left(html) == []
    if url == "/crisis/":
        assert "112 o 999" in html  # emergency numbers said in Spanish


def test_a_practice_step_in_spanish_has_no_english_left(client, spanish_world):
    response = client.post(
        "/practices/respiracion-tranquila/begin/",
        {"session_id": str(uuid.uuid4()), "skip_rating": "on"},
        HTTP_ACCEPT_LANGUAGE="es",
        follow=True,
    )
    html = response.content.decode()
    assert "Paso 1 de 2" in html
    assert english_left(html) == []


def test_signed_in_pages_in_spanish_have_no_english_left(client, spanish_world):
    client.force_login(spanish_world["user"])
    checkin = spanish_world["checkin"]
    pages = [
        "/progress/",
        "/progress/history/",
        f"/progress/checkins/{checkin.uuid}/",
        "/progress/panic/",
        "/plan/",
    ]
    for url in pages:
        assert english_left(spanish_get(client, url)) == [], url


def visible_parts(html):
    parser = VisibleText()
    parser.feed(html)
    return set(parser.parts)


# The check-in's own words (tracking.models.Mood and Tag), and the history's filter: the
# ENGLISH pattern above does not know them, so they are named here.
CHECKIN_ENGLISH = {
    *("Low", "Okay", "Good", "Sleep", "Work", "Relationships", "Health", "Body"),
    *("Money", "Family", "Study", "Show", "Check-ins"),
}


def test_what_helps_and_the_calendar_speak_spanish(client, spanish_world):
    # Each was written in Python (tracking.stats, tracking_tags), where a phrase built
    # without gettext, or a gettext inside an f-string, stays English.
    started = timezone.now() - timezone.timedelta(minutes=10)
    PracticeSession.objects.create(
        user=spanish_world["user"],
        practice=Practice.objects.get(slug="respiracion-tranquila"),
        started_at=started,
        ended_at=started + timezone.timedelta(minutes=3),
        rating_before=7,
        rating_after=4,
        finished=True,
        steps_completed=2,
    )
    client.force_login(spanish_world["user"])
    html = spanish_get(client, "/progress/")
    assert "1 sesión valorada, de media \u22123 puntos" in html
    assert '<span class="visually-hidden"> practicado</span>' in html
    assert english_left(html) == []


def test_the_check_in_words_are_spanish(client, spanish_world):
    client.force_login(spanish_world["user"])
    checkin = spanish_world["checkin"]  # mood 3
    checkin.tags = "work,family"
    checkin.save()

    form = visible_parts(spanish_get(client, "/progress/"))
    assert {"Muy bajo", "Bajo", "Normal", "Bueno", "Sueño", "Trabajo", "Familia"} <= form
    history = spanish_get(client, "/progress/history/")
    assert {"Mostrar", "Registros de ánimo"} <= visible_parts(history)
    assert "ánimo normal · Trabajo, Familia" in history
    detail = visible_parts(spanish_get(client, f"/progress/checkins/{checkin.uuid}/"))
    assert "Trabajo, Familia" in detail
    for parts in (form, visible_parts(history), detail):
        assert not parts & CHECKIN_ENGLISH

    # A tag that does not exist: the message names the real ones in Spanish.
    response = client.post(
        "/progress/checkins/",
        {"uuid": str(uuid.uuid4()), "anxiety": "4", "mood": "3", "tags": ["sleep", "weather"]},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert "«weather» no es una de las etiquetas. Elige entre: Sueño, Trabajo" in (
        response.content.decode()
    )
    assert CheckIn.objects.count() == 1


def test_sentences_around_a_link_are_translated_whole(client, spanish_world):
    """A sentence with a link inside is one message, so Spanish can order its words: the
    link sits where the Spanish sentence puts it."""
    from django.urls import reverse

    expected = {
        "/privacy/": [
            f'En <a href="{reverse("accounts:your_data")}">Tus datos</a> puedes,',
            f'desde tu <a href="{reverse("tracking:history")}">historial</a>, y cualquier',
            f'Si haces un <a href="{reverse("tracking:summary")}">resumen para compartir',
        ],
        "/offline/": [
            '<a href="/practices/">Todas las prácticas</a>: todas funcionan sin conexión.',
            '<a href="/crisis/">Recursos para crisis</a>: los teléfonos funcionan sin internet.',
        ],
        "/library/search/?q=nada": [
            'una <a href="/practices/">práctica guiada corta</a> puede ayudarte. Si necesitas',
        ],
    }
    for url, sentences in expected.items():
        html = spanish_get(client, url)
        for sentence in sentences:
            assert sentence in html, (url, sentence)


# --- Who decides the language ------------------------------------------------------------


def test_accept_language_gives_spanish_chrome_and_varies(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Ir al contenido" in html
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]
    assert response["Content-Language"] == "es"


def test_english_stays_the_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="en-GB"' in html
    assert "Skip to content" in html


def test_the_footer_offers_each_language_in_its_own_name(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<label for="footer-language">Idioma</label>' in html
    assert '<option value="es" lang="es" selected>Español</option>' in html
    assert '<option value="en" lang="en">English</option>' in html


def test_a_visitor_chooses_spanish_and_it_is_remembered_by_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/practices/"})
    assert response.status_code == 302
    assert response["Location"] == "/practices/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # The cookie now wins over the browser's English.
    html = client.get("/practices/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es"' in html
    assert "Prácticas guiadas" in html


def test_choosing_an_unknown_language_changes_nothing(client, user):
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    user.refresh_from_db()
    assert user.language == ""


def test_a_signed_in_person_choosing_a_language_saves_it_on_the_account(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    user.refresh_from_db()
    assert user.language == "es"


def test_the_accounts_language_wins_over_accept_language_and_an_old_cookie(client, user):
    user.language = "es"
    user.save()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/progress/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es"' in html
    assert "Tu progreso" in html


def test_set_language_refuses_get(client):
    assert client.get("/i18n/setlang/").status_code == 405


def test_a_redirect_elsewhere_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "https://example.com/"})
    assert response["Location"] == "/"


# --- The browser's side -------------------------------------------------------------------


def test_the_javascript_catalogue_is_a_same_origin_deferred_script(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    found = re.search(r'<script src="(/i18n/js/\?v=\w+-es)" defer></script>', html)
    assert found.start() < html.index("js/aira.js")
    response = client.get(found.group(1), HTTP_ACCEPT_LANGUAGE="es")
    assert "max-age=86400" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "Sincronizar ahora" in body
    assert "Accept-Language" in response["Vary"]


def test_the_service_worker_keeps_pages_in_its_language(client):
    english = client.get("/sw.js").content.decode()
    spanish = client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'const LANGUAGE = "es";' in spanish
    assert 'const LANGUAGE = "en";' in english
    assert '"/i18n/js/"' in spanish  # kept for offline use
    version = re.compile(r'const VERSION = "(\w+)";')
    assert version.search(english).group(1) != version.search(spanish).group(1)
    assert "No tienes conexión." in spanish


def test_the_manifest_follows_the_language(client):
    data = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="es").json()
    assert data["lang"] == "es"
    assert data["name"] == "Aira: apoyo sereno para la ansiedad y el pánico"


def test_dates_follow_the_language(client, spanish_world):
    client.force_login(spanish_world["user"])
    checkin = spanish_world["checkin"]
    checkin.created_at = checkin.created_at.replace(year=2026, month=8, day=3)
    checkin.save()
    html = spanish_get(client, f"/progress/checkins/{checkin.uuid}/")
    assert "3 agosto 2026" in html or "3 de agosto de 2026" in html
    history = spanish_get(client, "/progress/history/")
    assert "3 ago" in history.lower()


def test_the_library_fragments_are_kept_per_language(client, spanish_world):
    english = client.get("/library/").content.decode()
    spanish = client.get("/library/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Topics" in english and "Temas" not in english
    assert "Temas" in spanish and ">Topics<" not in spanish
    Article.objects.create(
        title="Dormir mejor",
        slug="dormir-mejor",
        summary="Descansar.",
        body="Unas palabras.",
        topic=Topic.objects.get(slug="panico"),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(hours=2),
    )
    article = "/library/cuando-el-panico-llega/"
    assert "More on" in client.get(article).content.decode()
    assert "Más sobre" in client.get(article, HTTP_ACCEPT_LANGUAGE="es").content.decode()

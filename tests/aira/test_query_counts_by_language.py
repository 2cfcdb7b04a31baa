"""The key pages cost exactly as many queries for a Spanish reader as for an English one,
whether they show a Spanish translation or fall back to an English original (issue 20).

Each page-level query-count test also runs in both languages (reader_language,
tests/conftest.py); this one puts every key page side by side, on one world holding
translated and untranslated content and a person's own records."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from library.models import Article, Topic
from plans.models import Plan
from practices.models import PracticeSession
from tracking.models import CheckIn, PanicAttack

pytestmark = pytest.mark.django_db

NOT_YET = "Todavía no está en español"  # "Not yet in Spanish", from the catalogue


@pytest.fixture
def world(make_user, make_practice):
    """English content with and without a Spanish translation, and a person with a bit of
    everything (sessions in both languages, check-ins, the panic log, a plan)."""
    box = make_practice("box-breathing", title="Box breathing", steps=3)
    caja = make_practice(
        "respiracion-en-caja",
        title="Respiración en caja",
        language="es",
        translation_of=box,
        steps=[{"title": "Acomódate", "text": "Siéntate con calma."}] * 3,
    )
    make_practice("hand-on-heart", title="Hand on heart", steps=3)  # not translated
    topic = Topic.objects.create(name="Panic", slug="panic", description="Why.", order=1)
    published = {"topic": topic, "status": Article.Status.PUBLISHED}
    published["publish_at"] = timezone.now() - timedelta(hours=1)
    waves = Article.objects.create(
        title="Riding the wave",
        slug="riding-the-wave",
        summary="A note from Aira.",
        body="Waves pass.",
        **published,
    )
    Article.objects.create(
        title="Surfear la ola",
        slug="surfear-la-ola",
        summary="Una nota de Aira.",
        body="Las olas pasan.",
        language="es",
        translation_of=waves,
        **published,
    )
    Article.objects.create(
        title="After a panic attack",
        slug="after-panic",
        summary="Aira again.",
        body="Rest.",
        **published,
    )
    user = make_user()
    now = timezone.now()
    for n, practice in enumerate([box, caja, box, caja]):
        PracticeSession.objects.create(
            user=user,
            practice=practice,
            started_at=now - timedelta(days=n),
            ended_at=now - timedelta(days=n) + timedelta(minutes=4),
            rating_before=7,
            rating_after=4,
            finished=True,
            steps_completed=3,
        )
    checkin = CheckIn.objects.create(user=user, anxiety=5, mood=3, tags="work", note="Nota.")
    PanicAttack.objects.create(user=user, started_at=now - timedelta(hours=3), peak=7)
    Plan.objects.create(user=user, warning_signs="Señales")
    session = PracticeSession.objects.create(
        user=user, practice=box, uuid=uuid.uuid4(), rating_before=6
    )
    return {"user": user, "checkin": checkin, "session": session}


def counted(client, path, language):
    """Queries of `path` read in `language`, after a first read (which may record the
    signed-in device or fill a per-language cache) from an empty cache."""
    for cache in caches.all():
        cache.clear()
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    assert client.get(path, **headers).status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(captured), response.content.decode()


# path, and what a Spanish reader sees there: a translation, or the English original
# with the note that it is not yet in Spanish.
VISITOR_PAGES = [
    ("/", "Recupera el equilibrio."),
    ("/library/", "Surfear la ola"),
    ("/library/surfear-la-ola/", "Las olas pasan."),
    ("/library/riding-the-wave/", "Leer en español"),  # the link to its translation
    ("/library/after-panic/", NOT_YET),  # the fallback
    ("/library/search/?q=aira", "Surfear la ola"),
    ("/practices/", "Respiración en caja"),
    ("/practices/respiracion-en-caja/", "Respiración en caja"),
    ("/practices/hand-on-heart/", NOT_YET),  # the fallback
    ("/sos/", "Vamos paso a paso."),
]


@pytest.mark.parametrize(("path", "spanish_text"), VISITOR_PAGES)
def test_a_visitors_key_pages_cost_the_same_in_spanish(client, world, path, spanish_text):
    english, _ = counted(client, path, "en")
    spanish, html = counted(client, path, "es")
    assert spanish == english, path
    assert '<html lang="es"' in html
    assert spanish_text in html


def test_a_signed_in_persons_key_pages_cost_the_same_in_spanish(client, world):
    client.force_login(world["user"])
    pages = [
        ("/", "Recupera el equilibrio."),
        ("/progress/", "Respiración en caja"),  # what helps, named in Spanish
        ("/progress/history/", "Respiración en caja"),
        ("/progress/panic/", "Diario de pánico"),
        (f"/progress/checkins/{world['checkin'].uuid}/", "Trabajo"),
        ("/plan/", "Señales"),
        (f"/practices/box-breathing/s/{world['session'].uuid}/step/2/", "Paso 2 de 3"),
        ("/sos/", "Vamos paso a paso."),
    ]
    for path, spanish_text in pages:
        english, _ = counted(client, path, "en")
        spanish, html = counted(client, path, "es")
        assert spanish == english, path
        assert spanish_text in html, path

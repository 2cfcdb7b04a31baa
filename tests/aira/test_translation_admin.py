"""Editors see each item's language, which English items lack a Spanish translation, and
start one from the English item."""

import pytest
from django.utils import timezone

from library.models import Article, Topic
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(name="Panic", slug="panic", description="Why panic passes.")


def article(topic, slug, **fields):
    return Article.objects.create(
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        summary="A summary.",
        body="Some words.",
        topic=topic,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def articles(topic):
    translated = article(topic, "translated")
    article(topic, "traducido", language="es", translation_of=translated)
    article(topic, "lacking")
    return translated


def listed_titles(html):
    return {title for title in ("Translated", "Traducido", "Lacking") if f">{title}<" in html}


def test_the_article_list_shows_languages_and_the_way_to_translate(admin_client, articles):
    html = admin_client.get("/admin/library/article/").content.decode()
    assert listed_titles(html) == {"Translated", "Traducido", "Lacking"}
    assert "Translate into Español" in html  # the untranslated one
    lacking = Article.objects.get(slug="lacking")
    assert (
        f'href="/admin/library/article/add/?translation_of={lacking.pk}&amp;language=es'
        f'&amp;topic={lacking.topic_id}"' in html
    )
    assert f'href="/admin/library/article/{articles.pk}/change/">English original<' in html


def test_the_missing_spanish_filter_lists_english_originals_without_one(admin_client, articles):
    html = admin_client.get("/admin/library/article/?missing_translation=es").content.decode()
    assert "Missing Spanish translation" in html
    assert listed_titles(html) == {"Lacking"}


def test_a_draft_translation_counts_as_under_way(admin_client, articles):
    Article.objects.filter(slug="traducido").update(status=Article.Status.DRAFT)
    html = admin_client.get("/admin/library/article/?missing_translation=es").content.decode()
    assert listed_titles(html) == {"Lacking"}


def test_the_add_form_opens_prefilled_as_a_translation(admin_client, articles):
    lacking = Article.objects.get(slug="lacking")
    html = admin_client.get(
        f"/admin/library/article/add/?translation_of={lacking.pk}&language=es"
    ).content.decode()
    assert '<option value="es" selected>' in html
    assert f'<option value="{lacking.pk}" selected>' in html


def test_the_action_starts_spanish_drafts_once(admin_client, articles):
    lacking = Article.objects.get(slug="lacking")
    response = admin_client.post(
        "/admin/library/article/",
        {"action": "start_spanish_translation", "_selected_action": [lacking.pk, articles.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Started 1 Spanish draft" in html
    assert "1 item was left out" in html  # "translated" already has one
    draft = Article.objects.get(translation_of=lacking)
    assert (draft.language, draft.status, draft.slug) == ("es", "draft", "lacking-es")
    assert draft.body == lacking.body and draft.topic == lacking.topic
    # Again: nothing new, and it says why.
    admin_client.post(
        "/admin/library/article/",
        {"action": "start_spanish_translation", "_selected_action": [lacking.pk]},
    )
    assert Article.objects.filter(translation_of=lacking).count() == 1


def test_the_practice_action_copies_the_steps_as_an_unpublished_translation(
    admin_client, make_practice
):
    box = make_practice("box-breathing", title="Box breathing", steps=3)
    admin_client.post(
        "/admin/practices/practice/",
        {"action": "start_spanish_translation", "_selected_action": [box.pk]},
    )
    draft = Practice.objects.get(translation_of=box)
    assert (draft.language, draft.is_published, draft.slug) == ("es", False, "box-breathing-es")
    assert draft.steps.count() == 3
    # Unpublished: Spanish readers still get the English one meanwhile.
    assert list(Practice.objects.published().for_readers_of("es")) == [box]


def test_the_practice_list_filters_the_missing_spanish(admin_client, make_practice):
    box = make_practice("box-breathing", title="Box breathing")
    make_practice("respiracion-en-caja", title="Respiracion en caja", language="es",
                  translation_of=box)  # fmt: skip
    make_practice("hand-on-heart", title="Hand on heart")
    html = admin_client.get("/admin/practices/practice/?missing_translation=es").content.decode()
    assert ">Hand on heart<" in html
    assert ">Box breathing<" not in html and ">Respiracion en caja<" not in html


def test_an_editor_saves_a_translation_in_the_admin_form(admin_client, articles, topic):
    lacking = Article.objects.get(slug="lacking")
    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "Lo que falta",
            "slug": "lo-que-falta",
            "language": "es",
            "translation_of": lacking.pk,
            "topic": topic.pk,
            "summary": "Un resumen.",
            "body": "Unas palabras.",
            "status": "published",
            "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="lo-que-falta").translation_of == lacking


def test_an_english_translation_is_refused_with_a_message_and_nothing_saved(
    admin_client, articles, topic
):
    lacking = Article.objects.get(slug="lacking")
    response = admin_client.post(
        "/admin/library/article/add/",
        {
            "title": "Copy",
            "slug": "copy",
            "language": "en",
            "translation_of": lacking.pk,
            "topic": topic.pk,
            "summary": "A summary.",
            "body": "Words.",
            "status": "draft",
            "publish_at_0": timezone.now().strftime("%Y-%m-%d"),
            "publish_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "A translation must be in another language than English." in response.content.decode()
    assert not Article.objects.filter(slug="copy").exists()

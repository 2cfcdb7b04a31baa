"""The library per language: Spanish readers see the Spanish articles, and the English ones
not translated yet with a note saying so; each version links to the other."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from aira.languages import for_readers_of
from library.models import Article, Topic

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
NOT_YET = "Todavía no está en español"  # "Not yet in Spanish", from the catalogue


@pytest.fixture
def breathing(make_article):
    return make_article(
        title="Breathing and anxiety",
        slug="breathing-and-anxiety",
        summary="How breath and nerves affect each other.",
        body="A longer out-breath can help you settle.",
    )


@pytest.fixture
def respiracion(make_article, breathing):
    return make_article(
        title="La respiración y la ansiedad",
        slug="la-respiracion-y-la-ansiedad",
        summary="Cómo se influyen la respiración y los nervios.",
        body="Soltar el aire despacio puede ayudarte a calmarte.",
        language="es",
        translation_of=breathing,
    )


@pytest.fixture
def untranslated(make_article):
    return make_article(
        title="After a panic attack", slug="after-a-panic-attack", body="Rest a while."
    )


# --- The data ---------------------------------------------------------------------------


def test_an_article_is_english_by_default(breathing):
    assert breathing.language == "en"
    assert breathing.translation_of is None


def test_a_translation_cannot_be_in_english(make_article, breathing):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="copy", language="en", translation_of=breathing)


def test_an_original_has_one_translation_per_language(make_article, respiracion, breathing):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="otra", language="es", translation_of=breathing)


def test_a_translation_of_a_translation_is_refused_with_a_message(respiracion, topic):
    article = Article(
        title="x", slug="x", summary="x", body="x", topic=topic, language="es",
        translation_of=respiracion,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "Choose the English original" in str(refused.value)


def test_an_original_with_a_translation_cannot_be_deleted_alone(
    respiracion, breathing, untranslated
):
    with pytest.raises(RestrictedError):
        breathing.delete()
    # Both at once (selected together in admin) may go.
    Article.objects.filter(pk__in=[breathing.pk, respiracion.pk]).delete()
    assert list(Article.objects.values_list("slug", flat=True)) == ["after-a-panic-attack"]


def test_readers_of_each_language_get_their_articles(respiracion, breathing, untranslated):
    spanish = set(Article.objects.published().for_readers_of("es").values_list("slug", flat=True))
    english = set(Article.objects.published().for_readers_of("en").values_list("slug", flat=True))
    assert spanish == {"la-respiracion-y-la-ansiedad", "after-a-panic-attack"}
    assert english == {"breathing-and-anxiety", "after-a-panic-attack"}


def test_readers_of_english_need_no_translations_looked_up(respiracion, breathing):
    """English is every original's language: its readers' list never asks which rows
    count as translations (building that queryset was part of every search's work)."""

    def translations():
        raise AssertionError("readers of English asked for translations")

    english = for_readers_of(Article.objects.published(), "en", translations=translations)
    assert list(english.values_list("slug", flat=True)) == ["breathing-and-anxiety"]
    spanish = for_readers_of(
        Article.objects.published(), "es", translations=Article.objects.published
    )
    assert list(spanish.values_list("slug", flat=True)) == ["la-respiracion-y-la-ansiedad"]


def test_a_draft_translation_leaves_the_english_original_in_place(respiracion, breathing):
    respiracion.status = Article.Status.DRAFT
    respiracion.save()
    spanish = Article.objects.published().for_readers_of("es").values_list("slug", flat=True)
    assert list(spanish) == ["breathing-and-anxiety"]


def test_a_regional_variant_reads_spanish(respiracion, breathing):
    slugs = Article.objects.published().for_readers_of("es-mx").values_list("slug", flat=True)
    assert list(slugs) == ["la-respiracion-y-la-ansiedad"]


# --- What readers see -------------------------------------------------------------------


def test_the_library_home_in_spanish_shows_spanish_articles_and_marks_the_english_one(
    client, respiracion, untranslated
):
    html = client.get("/library/", **SPANISH).content.decode()
    assert "La respiración y la ansiedad" in html
    assert "Breathing and anxiety" not in html
    assert "After a panic attack" in html
    assert html.count(NOT_YET) == 1  # only on the English article's card
    assert 'lang="en">After a panic attack</a>' in html


def test_the_library_home_keeps_each_languages_shelves_apart(client, respiracion):
    english = client.get("/library/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get("/library/", **SPANISH).content.decode()
    english_again = client.get("/library/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Breathing and anxiety" in english and "La respiración" not in english
    assert "La respiración y la ansiedad" in spanish and "Breathing and anxiety" not in spanish
    # The second English page came from the kept English shelves, not the Spanish ones.
    assert "Breathing and anxiety" in english_again and "La respiración" not in english_again


def test_the_english_library_has_no_spanish_and_no_note(client, respiracion, untranslated):
    html = client.get("/library/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "La respiración" not in html
    assert NOT_YET not in html


def test_a_topic_page_in_spanish_shows_its_spanish_name_and_articles(
    client, topic, respiracion, untranslated
):
    topic.name_es = "Pánico"
    topic.description_es = "Por qué pasa el pánico."
    topic.save()
    html = client.get("/library/topics/panic/", **SPANISH).content.decode()
    assert "<h1>Pánico</h1>" in html
    assert "Por qué pasa el pánico." in html
    assert "La respiración y la ansiedad" in html
    assert "After a panic attack" in html and NOT_YET in html
    english = client.get("/library/topics/panic/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Panic</h1>" in english


def test_a_topic_without_a_spanish_name_shows_the_english_one(client, topic, respiracion):
    html = client.get("/library/topics/panic/", **SPANISH).content.decode()
    assert "<h1>Panic</h1>" in html


def test_topic_counts_follow_the_readers_language(topic, respiracion, untranslated):
    (spanish,) = Topic.objects.with_published_counts("es")
    (english,) = Topic.objects.with_published_counts("en")
    assert spanish.article_count == 2  # the translation and the untranslated original
    assert english.article_count == 2


def test_search_in_spanish_finds_spanish_words_from_their_start(respiracion, untranslated):
    found = Article.objects.published().search("respir", language="es")
    assert [a.slug for a in found] == ["la-respiracion-y-la-ansiedad"]
    # Typed without the accent on a phone keyboard.
    found = Article.objects.published().search("respiracion", language="es")
    assert [a.slug for a in found] == ["la-respiracion-y-la-ansiedad"]
    # From the start of a word only.
    assert not Article.objects.published().search("piracion", language="es").exists()


def test_search_reads_the_active_language(client, respiracion, untranslated):
    html = client.get("/library/search/?q=calm", **SPANISH).content.decode()
    assert "La respiración y la ansiedad" in html  # "calmarte"
    assert "Breathing and anxiety" not in html
    english = client.get("/library/search/?q=calm", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "La respiración" not in english


def test_search_in_spanish_falls_back_to_untranslated_english_with_the_note(
    client, respiracion, untranslated
):
    html = client.get("/library/search/?q=rest", **SPANISH).content.decode()
    assert "After a panic attack" in html
    assert NOT_YET in html


def test_a_spanish_article_links_to_its_english_original_and_back(client, respiracion, breathing):
    spanish = client.get(respiracion.get_absolute_url(), **SPANISH).content.decode()
    assert (
        '<a href="/library/breathing-and-anxiety/" hreflang="en" lang="en">Read in English</a>'
        in spanish
    )
    english = client.get(breathing.get_absolute_url()).content.decode()
    assert (
        '<a href="/library/la-respiracion-y-la-ansiedad/" hreflang="es" lang="es">'
        "Leer en español</a>" in english
    )


def test_an_article_without_a_translation_has_no_language_link(client, untranslated):
    html = client.get(untranslated.get_absolute_url()).content.decode()
    assert "Leer en español" not in html and "Read in English" not in html


def test_a_draft_translation_is_not_linked(client, respiracion, breathing):
    respiracion.status = Article.Status.DRAFT
    respiracion.save()
    assert "Leer en español" not in client.get(breathing.get_absolute_url()).content.decode()


def test_the_link_to_the_other_version_stands_under_the_title(client, respiracion, breathing):
    html = client.get(breathing.get_absolute_url()).content.decode()
    start = html.index('<header class="article__header">')
    header = html[start : html.index("</header>", start)]
    title_at = header.index('id="article-title"')
    assert title_at < header.index("Leer en español") < header.index('class="bookmark"')


def test_an_english_original_with_a_spanish_version_offers_it_rather_than_say_not_yet(
    client, respiracion, breathing
):
    # A Spanish reader who followed a shared link to the English page.
    html = client.get(breathing.get_absolute_url(), **SPANISH).content.decode()
    assert NOT_YET not in html
    assert 'hreflang="es" lang="es">Leer en español</a>' in html


def test_the_kept_page_gains_and_loses_the_link_as_a_translation_comes_and_goes(
    client, make_article, breathing
):
    assert "Leer en español" not in client.get(breathing.get_absolute_url()).content.decode()
    respiracion = make_article(
        title="La respiración", slug="la-respiracion", language="es", translation_of=breathing
    )
    assert "Leer en español" in client.get(breathing.get_absolute_url()).content.decode()
    respiracion.delete()
    assert "Leer en español" not in client.get(breathing.get_absolute_url()).content.decode()


def test_a_page_kept_again_before_an_edit_commits_is_forgotten_when_it_does(
    client, breathing, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from library.models import ARTICLE_LANGUAGES_FRAGMENT

    key = make_template_fragment_key(ARTICLE_LANGUAGES_FRAGMENT, [breathing.pk, "en"])
    with django_capture_on_commit_callbacks(execute=True):
        breathing.title = "Breathing, and anxiety"
        breathing.save()
        # A reader between the save and its commit: the old state kept again.
        cache.set(key, "the page as it was", 300)
    assert cache.get(key) is None


def test_an_english_article_read_in_spanish_says_so_and_marks_its_language(client, untranslated):
    html = client.get(untranslated.get_absolute_url(), **SPANISH).content.decode()
    assert NOT_YET in html
    assert '<h1 id="article-title" lang="en">After a panic attack</h1>' in html


def test_more_on_the_topic_never_repeats_the_article_in_its_other_language(
    client, respiracion, breathing, untranslated
):
    html = client.get(respiracion.get_absolute_url(), **SPANISH).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert "After a panic attack" in related
    assert "Breathing and anxiety" not in related


# --- Query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_spanish_library_pages_cost_the_same_whatever_the_number_of_articles(
    client, topic, make_article, count, django_assert_num_queries
):
    for n in range(count):
        original = make_article(slug=f"en-{n}", title=f"Calm {n}")
        if n % 2:
            make_article(slug=f"es-{n}", title=f"Calma {n}", language="es", translation_of=original)
    with django_assert_num_queries(3):  # topics with counts, featured, newest
        client.get("/library/", **SPANISH)
    with django_assert_num_queries(3):  # topic, count, one page of articles
        client.get("/library/topics/panic/", **SPANISH)
    with django_assert_num_queries(1):  # one page of the matches, with their total
        html = client.get("/library/search/?q=calm", **SPANISH).content.decode()
    assert f"{count} artículos encontrados" in html
    # The first reader has the page's kept copies made: the article, then inside them its
    # other version and the related articles; later readers find the copies.
    with django_assert_num_queries(3):
        html = client.get("/library/es-1/", **SPANISH).content.decode()
    assert "Calma 1" in html and 'hreflang="en"' in html
    with django_assert_num_queries(1):
        html = client.get("/library/es-1/", **SPANISH).content.decode()
    assert "Calma 1" in html and 'hreflang="en"' in html
    # An English article with no translation, read in Spanish: the same, and the note.
    with django_assert_num_queries(3):
        html = client.get("/library/en-0/", **SPANISH).content.decode()
    assert "Calm 0" in html and NOT_YET in html


def test_saved_articles_keep_their_language_without_the_note(client, user, respiracion, breathing):
    from library.models import Bookmark

    Bookmark.objects.create(user=user, article=breathing)
    client.force_login(user)
    html = client.get("/library/saved/", **SPANISH).content.decode()
    assert "Breathing and anxiety" in html  # what they saved, as they saved it
    assert NOT_YET not in html  # it has a Spanish version: the note would be untrue

import pytest

from library.models import Article, search_words

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def articles(make_article):
    return [
        make_article(title="Breathing and anxiety", body="Slow breath helps.", slug="breathing"),
        make_article(title="Sleep and worry", summary="When breathing feels tight at night."),
        make_article(title="What a panic attack is", body="It passes. Breathe out slowly."),
        make_article(title="Draft on breathing", status=Article.Status.DRAFT),
    ]


def test_search_finds_published_articles_by_title_summary_or_body(client, articles):
    response = client.get("/library/search/?q=BREATH")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert html.count('class="card article-card"') == 3
    assert "Draft on breathing" not in html
    assert "3 articles found for “BREATH”" in html
    assert 'value="BREATH"' in html


def test_title_matches_come_first(client, articles):
    results = list(client.get("/library/search/?q=breathing").context["page"])
    assert results[0].title == "Breathing and anxiety"


def test_every_word_of_the_query_must_match(client, articles):
    page = client.get("/library/search/?q=panic+slowly").context["page"]
    assert [a.title for a in page] == ["What a panic attack is"]


def test_htmx_request_gets_only_the_results_fragment(client, articles):
    response = client.get("/library/search/?q=sleep", **HTMX)

    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert html.lstrip().startswith('<section id="search-results"')
    assert 'data-announce="1 article found for “sleep”"' in html
    assert "Sleep and worry" in html


def test_an_htmx_history_restore_gets_the_whole_page(client, articles):
    response = client.get(
        "/library/search/?q=sleep", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_search_varies_on_the_htmx_header(client, articles):
    for extra in ({}, HTMX):
        response = client.get("/library/search/?q=sleep", **extra)
        assert "HX-Request" in response.headers["Vary"]


def test_the_search_box_updates_results_as_you_type(client, db):
    html = client.get("/library/search/").content.decode()
    box = html[html.index('<input type="search"') :]
    box = box[: box.index(">")]
    assert 'hx-get="/library/search/"' in box
    assert 'hx-trigger="input changed delay:300ms, search"' in box
    assert 'hx-target="#search-results"' in box
    assert 'hx-push-url="true"' in box
    assert 'name="q"' in box
    # Without JavaScript it is an ordinary form.
    assert '<form class="search-form" role="search" method="get" action="/library/search/">' in html


def test_no_results_suggests_topics_practices_and_crisis_help(client, articles):
    html = client.get("/library/search/?q=zebra").content.decode()
    assert "No articles found for “zebra”" in html
    assert 'href="/library/topics/panic/"' in html
    assert 'href="/practices/"' in html and 'href="/crisis/"' in html


def test_no_results_fragment_is_announced(client, articles):
    html = client.get("/library/search/?q=zebra", **HTMX).content.decode()
    assert 'data-announce="No articles found for “zebra”"' in html


def test_an_empty_query_suggests_where_to_start(client, articles):
    for path in ("/library/search/", "/library/search/?q=+++"):
        html = client.get(path).content.decode()
        assert "Not sure where to start?" in html
        assert 'href="/library/topics/panic/"' in html


def test_search_results_paginate_and_keep_the_query(client, many_articles):
    many_articles(15)
    first = client.get("/library/search/?q=breathing").content.decode()
    assert first.count('class="card article-card"') == 12
    assert 'href="?q=breathing&amp;page=2"' in first
    second = client.get("/library/search/?q=breathing&page=2").content.decode()
    assert second.count('class="card article-card"') == 3
    assert "15 articles found" in second
    assert "Page 2 of 2" in second


# Not "page": that name is pytest-playwright's browser page fixture.
@pytest.mark.parametrize("number", ["3", "99", str(10**40)])
def test_a_page_past_the_results_shows_the_last_one(client, many_articles, number):
    many_articles(15)
    html = client.get(f"/library/search/?q=breathing&page={number}").content.decode()
    assert "15 articles found" in html
    assert "Page 2 of 2" in html
    assert html.count('class="card article-card"') == 3


@pytest.mark.parametrize("number", ["0", "-1", "two", ""])
def test_a_page_that_is_not_a_page_number_shows_the_first(client, many_articles, number):
    many_articles(15)
    html = client.get(f"/library/search/?q=breathing&page={number}").content.decode()
    assert "Page 1 of 2" in html
    assert html.count('class="card article-card"') == 12


def test_search_page_has_one_h1_a_title_and_is_not_indexed(client, articles):
    html = client.get("/library/search/?q=sleep").content.decode()
    assert html.count("<h1") == 1
    assert "<title>“sleep”: search the library · Aira</title>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_query_is_escaped(client, articles):
    html = client.get("/library/search/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_what_people_search_for_is_never_kept_in_a_cache(client, articles):
    from django.core.cache import caches

    client.get("/library/search/?q=panic+at+night")
    client.get("/library/search/?q=panic+at+night", **HTMX)
    for cache in caches.all():
        for stored in cache._cache.values():  # LocMemCache keeps pickled bytes
            assert b"panic at night" not in stored


def test_a_scheduled_article_is_found_once_its_time_comes(client, make_article, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    soon = timezone.now() + timedelta(minutes=5)
    make_article(title="Breathing for later", publish_at=soon)
    assert "No articles found" in client.get("/library/search/?q=later").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: soon + timedelta(seconds=1))
    assert "1 article found" in client.get("/library/search/?q=later").content.decode()


def test_search_ignores_case_beyond_ascii(client, make_article):
    make_article(title="Über den Ärger", body="Gefühle kommen und gehen.")
    assert "1 article found" in client.get("/library/search/?q=ÄRGER").content.decode()
    assert "1 article found" in client.get("/library/search/?q=gefühle").content.decode()


def found_titles(query):
    return [article.title for article in Article.objects.published().search(query)]


@pytest.fixture
def breath_and_umbrella(make_article):
    make_article(title="Slow breathing", summary="In and out.", body="Let it go.")
    make_article(title="Under the umbrella", summary="Rain.", body="Stay dry in the downpour.")
    make_article(title="Night", summary="When sleep will not come.", body="An out-breath helps.")


def test_words_match_from_their_start_only(breath_and_umbrella):
    assert found_titles("brea") == ["Slow breathing", "Night"]  # "out-breath" too
    assert found_titles("rella") == []  # inside "umbrella"
    assert found_titles("pour") == []  # inside "downpour"
    assert found_titles("down") == ["Under the umbrella"]


def test_every_word_must_match_somewhere(breath_and_umbrella):
    assert found_titles("slow out") == ["Slow breathing"]  # title and summary
    assert found_titles("slow rain") == []
    assert found_titles("") == []


def test_title_matches_rank_before_summary_then_body_matches(make_article):
    from datetime import timedelta

    from django.utils import timezone

    hours_ago = {"oldest": 3, "middle": 2, "newest": 1}
    for title, summary, body, age in [
        ("Calm body", "A note.", "Words.", "oldest"),
        ("A note", "Calm summary.", "Words.", "middle"),
        ("Another note", "A summary.", "Calm words.", "newest"),
    ]:
        make_article(
            title=title,
            summary=summary,
            body=body,
            publish_at=timezone.now() - timedelta(hours=hours_ago[age]),
        )
    assert found_titles("calm") == ["Calm body", "A note", "Another note"]


def test_punctuation_in_a_query_is_read_as_word_breaks(make_article):
    make_article(title="Panic (and why)", body="Costs 10.5 minutes? [Not] really. Self-care.")
    make_article(title="Other", body="Costs 1005 minutes. Care for your self.")
    assert found_titles("(and") == ["Panic (and why)"]
    assert found_titles("10.5") == ["Panic (and why)"]
    assert found_titles("[not]") == ["Panic (and why)"]
    # Words joined by punctuation must follow each other, as they do in the text.
    assert found_titles("self-care") == ["Panic (and why)"]
    assert found_titles(".*") == []


def test_search_reads_what_a_reader_sees_not_the_markdown(make_article):
    make_article(title="Help", body="Read [the guide](https://example.org/zebra) **slowly**.")
    assert found_titles("guide") == ["Help"]
    assert found_titles("slowly") == ["Help"]
    assert found_titles("zebra") == []  # only in the link's address
    assert found_titles("https") == []


def test_search_words_follow_an_edit_saved_field_by_field(make_article):
    article = make_article(title="Night", summary="Sleep.", body="Rest.")
    article.title = "Evening"
    article.body = "Winding down."
    article.save(update_fields=["title", "body"])
    assert found_titles("evening") == ["Evening"]
    assert found_titles("winding") == ["Evening"]
    assert found_titles("night") == []


def test_search_words_are_lower_case_words_each_after_a_space():
    assert search_words("Slow, BREATHING—out-breath 10.5 Über") == (
        " slow breathing out breath 10 5 uber "
    )
    assert search_words("") == " "


def test_the_built_in_library_is_searched_by_word_starts(db):
    """Matching anywhere in a word found every built-in article for "art" (heart, start,
    part) and for "tion" (attention, emotion...): too loose to help anyone."""
    from django.core.management import call_command

    call_command("load_builtin_content", verbosity=0)
    public = Article.objects.published()
    assert public.filter(language="en").count() == 17
    assert public.search("tion").count() == 0
    assert 0 < public.search("art").count() < 17
    assert public.search("breathing")[0].title == "Breathing and anxiety"


def test_articles_written_before_search_words_existed_are_filled_in(make_article):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("library.migrations.0007_article_search_words")
    make_article(title="Slow breathing", summary="In and out.", body="Let it **settle**.")
    Article.objects.update(words="", title_words="", summary_words="")  # as before 0007
    assert found_titles("settle") == []
    migration.fill_search_words(apps, schema_editor=None)
    assert found_titles("settle") == ["Slow breathing"]
    assert found_titles("slow in") == ["Slow breathing"]

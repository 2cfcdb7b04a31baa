"""The library's pages cost the same number of queries with 3 articles as with 300, for an
English and a Spanish reader alike (reader_language, tests/conftest.py)."""

import pytest

from library.models import Article, Bookmark, Topic
from tests.conftest import said

pytestmark = pytest.mark.django_db


SIZES = [3, 300]


@pytest.fixture
def library(topic, many_articles, make_practice):
    """`count` published articles spread over three topics, each recommending a practice."""

    def _build(count):
        practice = make_practice(title="Box breathing")
        sleep = Topic.objects.create(name="Sleep", slug="sleep", description="Rest.")
        calm = Topic.objects.create(name="Calm", slug="calm", description="Breath.")
        articles = []
        for index, each_topic in enumerate([topic, sleep, calm]):
            articles += many_articles(count // 3, topic=each_topic, prefix=f"t{index}")
        for article in articles:
            article.recommended_practice = practice
        Article.objects.bulk_update(articles, ["recommended_practice"])
        return articles

    return _build


@pytest.mark.parametrize("count", SIZES)
def test_library_home(client, library, count, reader_language, django_assert_num_queries):
    library(count)
    with django_assert_num_queries(3):  # topics with counts, featured, newest
        html = client.get("/library/").content.decode()
    assert said(reader_language, "Newest articles") in html


@pytest.mark.parametrize("count", SIZES)
def test_the_library_home_then_reads_its_shelves_from_the_cache(
    client, library, count, reader_language, django_assert_num_queries
):
    library(count)
    client.get("/library/")
    with django_assert_num_queries(0):
        html = client.get("/library/").content.decode()
    assert said(reader_language, "Newest articles") in html


@pytest.mark.parametrize("count", SIZES)
def test_topic_page(client, library, count, reader_language, django_assert_num_queries):
    library(count)
    with django_assert_num_queries(3):  # topic, count, one page of articles
        client.get("/library/topics/panic/")


@pytest.mark.parametrize("count", SIZES)
def test_article_page_signed_in(
    client, user, library, count, reader_language, django_assert_num_queries
):
    articles = library(count)
    for article in articles[:50]:
        Bookmark.objects.create(user=user, article=article)
    client.force_login(user)
    path = articles[0].get_absolute_url()
    # session, user, the article with its topic, saved state; then the kept copy is made:
    # the other language's version, the practice it offers, related articles
    with django_assert_num_queries(7):
        html = client.get(path).content.decode()
    assert f">{said(reader_language, 'Remove from saved')}</button>" in html
    assert said(reader_language, "Try a gentle practice") in html


@pytest.mark.parametrize("count", SIZES)
def test_search(client, library, count, reader_language, django_assert_num_queries):
    library(count)
    found = "%(count)s article found for “%(query)s”"
    found_plural = "%(count)s articles found for “%(query)s”"
    with django_assert_num_queries(1):  # one page of the matches, with their total
        html = client.get("/library/search/?q=breathing").content.decode()
    assert said(reader_language, found, found_plural, count=count, query="breathing") in html
    with django_assert_num_queries(1):
        html = client.get("/library/search/?q=settle").content.decode()
    assert said(reader_language, found, found_plural, count=count, query="settle") in html
    # No match: the empty page, then the topics to suggest.
    with django_assert_num_queries(2):
        html = client.get("/library/search/?q=zebra").content.decode()
    assert said(reader_language, "No articles found for “%(query)s”", query="zebra") in html


@pytest.mark.parametrize("count", SIZES)
def test_search_htmx_fragment(client, library, count, reader_language, django_assert_num_queries):
    library(count)
    with django_assert_num_queries(1):
        client.get("/library/search/?q=breathing", HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("count", SIZES)
def test_saved_page(client, user, library, count, reader_language, django_assert_num_queries):
    for article in library(count):
        Bookmark.objects.create(user=user, article=article)
    client.force_login(user)
    # session, user, count, one page of bookmarks, every saved title for the offline cache
    with django_assert_num_queries(5):
        client.get("/library/saved/")


def test_a_staff_preview_costs_the_same_as_a_published_read(
    client, staff_user, make_article, django_assert_num_queries
):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(staff_user)
    # session, user, the user's and their groups' permissions, article, saved state; the
    # page's body: other language's version, related (a draft's is never kept)
    for article in (published, draft):
        with django_assert_num_queries(8):
            assert client.get(article.get_absolute_url()).status_code == 200


def test_an_article_then_reads_its_body_and_neighbours_from_the_cache(
    client, library, django_assert_num_queries
):
    path = library(30)[0].get_absolute_url()
    # The article with its topic; then the kept copy is made: the other language's version,
    # the practice it offers, related articles.
    with django_assert_num_queries(4):
        client.get(path)
    with django_assert_num_queries(1):
        html = client.get(path).content.decode()
    assert "Try a gentle practice" in html
    assert html.count('class="card article-card"') == 3

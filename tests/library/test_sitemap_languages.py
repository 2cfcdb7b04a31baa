"""The sitemap links each article's and practice's page with its published version in
the other language (hreflang alternates), so search engines show a reader their own."""

import xml.etree.ElementTree as ET

import pytest

from library.models import Article

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "http://testserver"


def alternates(client):
    """{address: {language: address}} of every entry of /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    found = {}
    # Our own response, not untrusted input.
    for url in ET.fromstring(response.content).findall("s:url", NS):  # noqa: S314
        links = url.findall("x:link", NS)
        assert all(link.get("rel") == "alternate" for link in links)
        found[url.find("s:loc", NS).text] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    return found


def test_an_article_and_its_translation_name_each_other(client, make_article):
    waves = make_article(slug="riding-the-wave")
    make_article(slug="surfear-la-ola", language="es", translation_of=waves)
    make_article(slug="after-panic")  # not translated
    rest = make_article(slug="rest")
    make_article(  # a draft translation is no alternate yet
        slug="descanso", language="es", translation_of=rest, status=Article.Status.DRAFT
    )

    found = alternates(client)
    both = {"en": f"{SITE}/library/riding-the-wave/", "es": f"{SITE}/library/surfear-la-ola/"}
    assert found[f"{SITE}/library/riding-the-wave/"] == both
    assert found[f"{SITE}/library/surfear-la-ola/"] == both
    assert found[f"{SITE}/library/after-panic/"] == {}
    assert found[f"{SITE}/library/rest/"] == {}
    assert f"{SITE}/library/descanso/" not in found


def test_a_practice_and_its_translation_name_each_other(client, make_practice):
    box = make_practice("box-breathing")
    make_practice("respiracion-en-caja", language="es", translation_of=box)
    make_practice("hand-on-heart")
    make_practice("draft-one", is_published=False)

    found = alternates(client)
    both = {
        "en": f"{SITE}/practices/box-breathing/",
        "es": f"{SITE}/practices/respiracion-en-caja/",
    }
    assert found[f"{SITE}/practices/box-breathing/"] == both
    assert found[f"{SITE}/practices/respiracion-en-caja/"] == both
    assert found[f"{SITE}/practices/hand-on-heart/"] == {}
    assert f"{SITE}/practices/draft-one/" not in found


@pytest.mark.parametrize("count", [2, 30])
def test_the_sitemap_costs_the_same_however_many_translations(
    client, make_article, make_practice, count, django_assert_num_queries
):
    for n in range(count):
        original = make_article(slug=f"en-{n}")
        make_article(slug=f"es-{n}", language="es", translation_of=original)
        practice = make_practice(f"p-{n}")
        make_practice(f"p-es-{n}", language="es", translation_of=practice)
    # Per sitemap (articles, practices, topics): its count for the paginator, its page.
    with django_assert_num_queries(6):
        assert len(alternates(client)) == 4 * count + 1  # and the one topic

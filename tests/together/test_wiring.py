import re

import pytest

from library import builtin as library_builtin
from library.models import Article
from practices import builtin as practices_builtin

pytestmark = pytest.mark.django_db


def test_sos_offers_to_ask_someone_to_breathe_together(client):
    html = client.get("/sos/").content.decode()
    assert re.search(
        r'<a class="button[^"]*" href="/together/">Ask someone to breathe with you</a>', html
    )


def test_the_co_regulation_article_links_to_breathe_together():
    practices_builtin.load()
    library_builtin.load()
    article = Article.objects.get(slug="co-regulation-how-we-calm-each-other")
    assert '<a href="/together/">Breathe together</a>' in article.body_html


def test_the_privacy_page_says_what_breathing_together_keeps(client):
    html = client.get("/privacy/").content.decode()
    assert "Breathing together" in html
    assert "no names, no email or IP addresses" in html


@pytest.mark.parametrize("path", ["/together/", "/together/{token}/", "/together/no-such-link/"])
def test_together_pages_have_one_h1(client, start, path):
    response, _ = start()
    token = response["Location"].split("/")[2]
    html = client.get(path.format(token=token)).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1

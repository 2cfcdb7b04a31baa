"""The medical red flags at the top of the articles someone may read during panic."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_flagged_article_shows_the_emergency_signs_with_the_readers_number(client, make_article):
    article = make_article(shows_red_flags=True)
    url = article.get_absolute_url()

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
    assert 'class="red-flags' in html
    assert "Signs that need an emergency number now" in html
    assert 'href="tel:000"' in html
    # The article body is cached for everyone; the number still follows each reader.
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert 'href="tel:911"' in html and 'href="tel:000"' not in html


def test_other_articles_do_not_show_the_emergency_signs(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="red-flags' not in html


def test_editors_can_turn_the_emergency_signs_on_in_admin(admin_client, make_article):
    article = make_article()
    html = admin_client.get(f"/admin/library/article/{article.pk}/change/").content.decode()
    assert 'name="shows_red_flags"' in html
    assert "Tick it for articles someone may open during a panic attack." in html


def test_every_built_in_panic_article_shows_the_emergency_signs():
    from library import builtin

    articles = [
        meta
        for meta, _body in map(builtin.parse_article, builtin.CONTENT_DIR.glob("articles/*.md"))
    ]
    panic = [meta for meta in articles if meta["topic"] == "panic"]
    assert len(panic) >= 3
    assert [meta["slug"] for meta in panic if meta.get("shows_red_flags") is not True] == []


def test_the_article_about_unsafe_relationships_points_to_the_abuse_lines():
    from library import builtin

    _meta, body = builtin.parse_article(
        builtin.CONTENT_DIR / "articles" / "when-connection-doesnt-feel-safe.md"
    )
    assert "that is abuse, and it is not your fault" in body
    assert "(/crisis/)" in body

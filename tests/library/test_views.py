import re
import time
from datetime import timedelta

import pytest
from django.core.cache.backends import locmem
from django.utils import timezone

from library.models import PUBLIC_FRAGMENT_SECONDS, Article, Bookmark, Topic
from practices.models import Practice
from tests import factories

pytestmark = pytest.mark.django_db


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


# --- Library home ---------------------------------------------------------------------


def test_library_home_shows_topics_with_counts_a_featured_and_the_newest(client, make_article):
    calm = Topic.objects.create(name="Calming your body", slug="calm", description="Breath.")
    make_article(title="What a panic attack is")
    make_article(title="Breathing and anxiety", topic=calm)
    make_article(title="A draft nobody sees", status=Article.Status.DRAFT, topic=calm)

    response = client.get("/library/")

    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1
    assert "<title>Library · Aira</title>" in html
    assert '<meta name="description" content="Warm, plain-language articles' in html
    assert 'href="/library/topics/panic/"' in html
    assert 'href="/library/topics/calm/"' in html
    assert "1 article</p>" in html
    assert "Breathing and anxiety" in html and "What a panic attack is" in html
    assert "A draft nobody sees" not in html
    assert 'id="search-q"' in html


def test_topics_are_listed_in_the_editors_order(client, topic, make_article):
    first = Topic.objects.create(name="Understanding", slug="understanding", description="x",
                                 order=0)  # fmt: skip
    last = Topic.objects.create(name="Alphabetically first", slug="alpha", description="x",
                                order=9)  # fmt: skip
    for each in (topic, first, last):
        make_article(topic=each)
    html = client.get("/library/").content.decode()
    topics = html[html.index('id="topics-heading"') :]
    assert topics.index("Understanding") < topics.index("Panic") < topics.index("Alphabetically")


def test_the_featured_article_is_the_flagged_one_or_else_the_newest(client, make_article):
    older = make_article(title="Older but featured", is_featured=True,
                         publish_at=timezone.now() - timedelta(days=3))  # fmt: skip
    make_article(title="Brand new")

    def featured_title():
        page = client.get("/library/").content.decode()
        card = page.split("article-card--featured", 1)[1]
        return re.search(r'class="card__link"[^>]*>([^<]+)<', card).group(1)

    assert featured_title() == "Older but featured"
    older.is_featured = False
    older.save()  # as the admin's change form does
    assert featured_title() == "Brand new"


def test_an_empty_library_is_helpful_not_blank(client, db):
    html = client.get("/library/").content.decode()
    assert "Articles are on their way" in html
    assert 'href="/practices/"' in html and 'href="/crisis/"' in html


# --- Topic page -----------------------------------------------------------------------


def test_topic_page_lists_its_published_articles_newest_first(client, topic, make_article):
    make_article(title="Older", publish_at=timezone.now() - timedelta(days=2))
    make_article(title="Newer")
    make_article(title="Hidden draft", status=Article.Status.DRAFT)

    response = client.get("/library/topics/panic/")

    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1 and "<h1>Panic</h1>" in html
    assert "<title>Panic · Library · Aira</title>" in html
    assert html.index("Newer") < html.index("Older")
    assert "Hidden draft" not in html


def test_topic_page_paginates(client, many_articles):
    many_articles(30)
    first = client.get("/library/topics/panic/").content.decode()
    assert first.count('class="card article-card"') == 12
    assert 'href="?page=2"' in first
    third = client.get("/library/topics/panic/?page=3").content.decode()
    assert third.count('class="card article-card"') == 6
    assert "Page 3 of 3" in third


def test_unknown_topic_is_404(client, db):
    assert client.get("/library/topics/nope/").status_code == 404


def test_a_topic_without_articles_says_so(client, topic):
    html = client.get("/library/topics/panic/").content.decode()
    assert "There are no articles in this topic yet" in html


# --- Article page ---------------------------------------------------------------------


def test_article_page_shows_the_article_for_everyone(client, make_article):
    article = make_article(
        title="What a panic attack is",
        summary="Why it peaks and passes.",
        body="## It passes\n\n" + "calm " * 450,
    )

    response = client.get(f"/library/{article.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1
    assert '<h1 id="article-title">What a panic attack is</h1>' in html
    assert "<title>What a panic attack is · Aira</title>" in html
    assert '<meta name="description" content="Why it peaks and passes.">' in html
    assert "3 min read" in html
    assert "Updated <time datetime=" in html
    assert '<div class="prose article__body">' in html
    assert '<h2 id="section-it-passes">It passes</h2>' in html
    assert "Preview: not published" not in html


def test_article_page_has_open_graph_tags(client, make_article):
    article = make_article(title="Sleep & worry", summary="Gentle ways back to rest.")
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver/library/{article.slug}/"
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Sleep &amp; worry">' in html
    assert '<meta property="og:description" content="Gentle ways back to rest.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=2)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_404_to_visitors_and_signed_in_people(
    client, make_article, user, fields
):
    article = make_article(**fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_without_permission_to_view_articles_get_404_too(client, make_article, make_user):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(is_staff=True))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_with_a_clear_banner(client, make_article, staff_user):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(staff_user)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert "This is a draft." in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="/admin/library/article/{article.pk}/change/"' in html


def test_staff_preview_a_scheduled_article(client, make_article, staff_user):
    article = make_article(publish_at=timezone.now() + timedelta(days=2))
    client.force_login(staff_user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Preview: not published." in html
    assert "Scheduled to appear on" in html


def test_staff_see_published_articles_without_a_banner(client, make_article, staff_user):
    client.force_login(staff_user)
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Preview: not published" not in html


def test_unknown_article_is_404(client, db):
    assert client.get("/library/no-such-article/").status_code == 404


def test_related_articles_come_from_the_same_topic_and_are_at_most_three(
    client, make_article, many_articles
):
    other = Topic.objects.create(name="Sleep", slug="sleep", description="Rest.")
    article = make_article(title="The one we read")
    many_articles(5)
    make_article(title="Elsewhere", topic=other)

    response = client.get(article.get_absolute_url())

    related = list(response.context["related"])
    assert len(related) == 3
    assert {item.topic_name for item in related} == {article.topic.name}
    assert article.get_absolute_url() not in {item.url for item in related}
    assert all(item.url.startswith("/library/bulk-") for item in related)
    assert "More on panic" in response.content.decode()


def _practice(**fields):
    return factories.make_practice(title="Box breathing", tagline="Four steady sides", **fields)


def test_article_offers_its_recommended_practice(client, make_article):
    practice = _practice()
    article = make_article(recommended_practice=practice)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Try a gentle practice" in html
    assert f'href="{practice.get_absolute_url()}"' in html
    assert "Four steady sides" in html


def test_an_unpublished_practice_is_not_offered(client, make_article):
    article = make_article(recommended_practice=_practice(is_published=False))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Try a gentle practice" not in html
    assert "/practices/box-breathing/" not in html


def test_article_body_is_shown_sanitised(client, make_article):
    article = make_article(body='Hi <script>alert(1)</script><img src=x onerror="alert(2)">')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in html and "onerror" not in html


def test_library_pages_have_no_inline_scripts_or_styles(client, make_article, user):
    article = make_article(body="<p style='color:red'>x</p>")
    Bookmark.objects.create(user=user, article=article)
    client.force_login(user)
    for path in ["/library/", "/library/topics/panic/", article.get_absolute_url(),
                 "/library/search/?q=calm", "/library/saved/"]:  # fmt: skip
        html = client.get(path).content.decode()
        assert "style=" not in html, path
        assert "hx-on" not in html, path
        scripts = re.findall(r"<script[^>]*>", html)
        # Only external scripts, or JSON data blocks that never execute.
        assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts), (
            path,
            scripts,
        )


# --- Sitemap --------------------------------------------------------------------------


def test_sitemap_lists_published_articles_and_their_topics(client, make_article):
    live = make_article(slug="live-one")
    make_article(slug="draft-one", status=Article.Status.DRAFT)
    Topic.objects.create(name="Empty", slug="empty", description="Nothing yet.")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    assert "http://testserver/library/live-one/" in xml
    assert f"<lastmod>{live.updated_at.date().isoformat()}" in xml
    assert "draft-one" not in xml
    assert "http://testserver/library/topics/panic/" in xml
    assert "/library/topics/empty/" not in xml


@pytest.mark.cache_backend
def test_the_library_home_shows_edits_at_once_though_it_is_cached(client, topic, make_article):
    make_article(title="Riding the wave")
    assert "Riding the wave" in client.get("/library/").content.decode()  # now cached

    make_article(title="Sleep when the mind races")
    topic.name = "Panic and the body"
    topic.save()
    page = client.get("/library/").content.decode()

    assert "Sleep when the mind races" in page
    assert "Panic and the body" in page


@pytest.mark.cache_backend
def test_an_article_deleted_in_admin_leaves_the_cached_library_home(client, make_article):
    article = make_article(title="Riding the wave")
    assert "Riding the wave" in client.get("/library/").content.decode()
    article.delete()
    assert "Riding the wave" not in client.get("/library/").content.decode()


@pytest.mark.cache_backend
def test_a_cached_article_page_shows_edits_at_once(client, make_article):
    article = make_article(title="Riding the wave", body="Waves rise and fall.")
    path = article.get_absolute_url()
    assert "Waves rise and fall." in client.get(path).content.decode()
    assert "Waves rise and fall." in client.get(path).content.decode()  # now cached

    article.body = "Every wave passes."
    article.title = "Riding the wave, gently"
    article.save()
    page = client.get(path).content.decode()
    assert "Every wave passes." in page
    assert "Waves rise and fall." not in page
    assert '<h1 id="article-title">Riding the wave, gently</h1>' in page


@pytest.mark.cache_backend
def test_an_article_unpublished_in_admin_is_gone_at_once(client, admin_client, make_article):
    article = make_article(title="Riding the wave")
    assert client.get(article.get_absolute_url()).status_code == 200
    admin_client.post(
        "/admin/library/article/",
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
    )
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.cache_backend
def test_a_renamed_practice_shows_at_once_on_a_cached_article(client, make_article):
    practice = Practice.objects.create(
        title="Box breathing", slug="box-breathing", tagline="Four sides",
        description="Square.", category=Practice.Category.ANXIETY, minutes=3,
        is_published=True,
    )  # fmt: skip
    article = make_article(recommended_practice=practice)
    assert ">Box breathing</a>" in client.get(article.get_absolute_url()).content.decode()
    practice.title = "Square breathing"
    practice.save()
    assert ">Square breathing</a>" in client.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, make_article, monkeypatch):
    soon = timezone.now() + timedelta(minutes=5)
    article = make_article(title="Coming soon", publish_at=soon)
    assert client.get(article.get_absolute_url()).status_code == 404  # not remembered
    monkeypatch.setattr(timezone, "now", lambda: soon + timedelta(seconds=1))
    assert "Coming soon" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.cache_backend
def test_a_staff_preview_never_reaches_the_public_cache(client, make_article, staff_user):
    draft = make_article(title="Not yet", status=Article.Status.DRAFT)
    client.force_login(staff_user)
    assert "Preview: not published." in client.get(draft.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_search_results_follow_new_articles_at_once(client, make_article):
    make_article(title="Breathing out slowly")
    assert "1 article found" in client.get("/library/search/?q=breathing").content.decode()
    make_article(title="Breathing with a friend")
    assert "2 articles found" in client.get("/library/search/?q=breathing").content.decode()


def test_an_impossibly_long_slug_is_simply_not_found(client):
    assert client.get("/library/" + "a" * 500 + "/").status_code == 404


def test_a_scheduled_article_reaches_the_cached_library_home_within_minutes(
    client, make_article, monkeypatch
):
    make_article(title="Riding the wave")
    make_article(title="Coming soon", publish_at=timezone.now() + timedelta(minutes=1))
    assert "Coming soon" not in client.get("/library/").content.decode()  # now cached

    # Its time comes, and the kept copy of the shelves expires.
    later = PUBLIC_FRAGMENT_SECONDS + 1
    now, clock = timezone.now(), time.time()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=later))
    monkeypatch.setattr(locmem.time, "time", lambda: clock + later)
    assert "Coming soon" in client.get("/library/").content.decode()


@pytest.mark.cache_backend
def test_an_edited_neighbour_shows_at_once_under_a_cached_article(client, topic, make_article):
    article = make_article(title="Riding the wave", topic=topic)
    neighbour = make_article(title="Breathing out slowly", topic=topic)
    assert "Breathing out slowly" in client.get(article.get_absolute_url()).content.decode()
    neighbour.title = "Breathing out, slowly and kindly"
    neighbour.save()
    assert (
        "Breathing out, slowly and kindly"
        in client.get(article.get_absolute_url()).content.decode()
    )


def test_a_practice_unpublished_in_admin_leaves_a_cached_article_at_once(
    client, admin_client, make_article, make_practice
):
    practice = make_practice(title="Box breathing")
    article = make_article(recommended_practice=practice)
    assert "Try a gentle practice" in client.get(article.get_absolute_url()).content.decode()
    admin_client.post(
        "/admin/practices/practice/",
        {"action": "unpublish", "_selected_action": [practice.pk]},
    )
    assert "Try a gentle practice" not in client.get(article.get_absolute_url()).content.decode()


def test_a_card_shows_what_the_article_is(make_article):
    from library.models import ArticleCard

    article = make_article(title="Riding the wave", summary="Waves pass.", body="word " * 900)
    [card] = ArticleCard.from_rows(Article.objects.filter(pk=article.pk).as_cards())
    assert card.url == article.get_absolute_url()
    assert (card.title, card.summary, card.topic_name) == (
        "Riding the wave",
        "Waves pass.",
        "Panic",
    )
    assert card.reading_time == "5 min read"

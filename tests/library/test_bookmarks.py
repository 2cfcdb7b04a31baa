import pytest

from library.models import Article, Bookmark

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SAVED_STATE = '<span class="bookmark__status"><span class="bookmark__icon" aria-hidden="true">✓</span> Saved</span>'


@pytest.fixture
def article(make_article):
    return make_article(title="Grounding", slug="grounding")


def bookmark_url(article):
    return f"/library/{article.slug}/bookmark/"


def test_saving_an_article_without_javascript_redirects_back_with_a_message(
    owner_client, user, article
):
    response = owner_client.post(bookmark_url(article), {"action": "save"}, follow=True)

    assert response.redirect_chain == [("/library/grounding/", 302)]
    assert Bookmark.objects.filter(user=user, article=article).count() == 1
    html = response.content.decode()
    assert "Saved to your list" in html
    assert SAVED_STATE in html
    assert ">Remove from saved</button>" in html


def test_saving_with_htmx_swaps_the_button_and_announces_it(owner_client, user, article):
    response = owner_client.post(bookmark_url(article), {"action": "save"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith(f'<form id="bookmark-{article.pk}"')
    assert 'data-announce="Saved to your list"' in html
    assert SAVED_STATE in html
    assert ">Remove from saved</button>" in html
    assert 'name="action" value="remove"' in html
    assert "aria-pressed" not in html  # the label says it all
    assert "HX-Request" in response.headers["Vary"]


def test_removing_with_htmx_swaps_back(owner_client, user, article):
    Bookmark.objects.create(user=user, article=article)

    response = owner_client.post(bookmark_url(article), {"action": "remove"}, **HTMX)

    html = response.content.decode()
    assert 'data-announce="Removed from your list"' in html
    assert SAVED_STATE not in html
    assert ">Save for later</button>" in html
    assert 'name="action" value="save"' in html
    assert not Bookmark.objects.filter(user=user).exists()


def test_saving_twice_keeps_one_bookmark_and_never_errors(owner_client, user, article):
    for _ in range(2):
        response = owner_client.post(bookmark_url(article), {"action": "save"}, **HTMX)
        assert response.status_code == 200
        assert SAVED_STATE in response.content.decode()
    assert Bookmark.objects.filter(user=user, article=article).count() == 1


def test_removing_twice_never_errors(owner_client, user, article):
    Bookmark.objects.create(user=user, article=article)
    for _ in range(2):
        response = owner_client.post(bookmark_url(article), {"action": "remove"})
        assert response.status_code == 302
    assert not Bookmark.objects.exists()


def test_removing_leaves_other_peoples_bookmarks_alone(owner_client, user, other_user, article):
    Bookmark.objects.create(user=user, article=article)
    theirs = Bookmark.objects.create(user=other_user, article=article)

    owner_client.post(bookmark_url(article), {"action": "remove"})

    assert list(Bookmark.objects.all()) == [theirs]


def test_the_article_page_shows_only_my_own_saved_state(client, user, other_user, article):
    Bookmark.objects.create(user=other_user, article=article)
    client.force_login(user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert SAVED_STATE not in html
    assert ">Save for later</button>" in html


def test_a_signed_in_article_page_is_never_kept_by_a_cache(owner_client, user, article):
    Bookmark.objects.create(user=user, article=article)
    response = owner_client.get(article.get_absolute_url())
    assert SAVED_STATE in response.content.decode()
    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


def test_a_visitors_article_page_stays_cacheable(client, article):
    response = client.get(article.get_absolute_url())
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_visitor_is_sent_to_log_in_and_back_to_the_article(client, article):
    response = client.post(bookmark_url(article), {"action": "save"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/library/grounding/"
    assert not Bookmark.objects.exists()


def test_a_visitor_using_htmx_is_redirected_by_htmx(client, article):
    response = client.post(bookmark_url(article), {"action": "save"}, **HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/accounts/login/?next=/library/grounding/"
    assert not Bookmark.objects.exists()


def test_visitor_comes_back_to_the_article_after_logging_in(client, user, password, article):
    login = client.post(bookmark_url(article), {"action": "save"}).headers["Location"]
    response = client.post(login, {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response.headers["Location"] == "/library/grounding/"


def test_a_visitor_sees_they_will_be_asked_to_log_in(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "You'll be asked to log in first." in html


def test_get_is_not_allowed(owner_client, article):
    assert owner_client.get(bookmark_url(article)).status_code == 405


def test_an_unknown_action_is_refused(owner_client, article):
    response = owner_client.post(bookmark_url(article), {"action": "toggle-everything"})
    assert response.status_code == 400
    assert not Bookmark.objects.exists()


def test_an_unpublished_article_cannot_be_saved(owner_client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    assert owner_client.post(bookmark_url(draft), {"action": "save"}).status_code == 404
    assert not Bookmark.objects.exists()


# --- Saved page -----------------------------------------------------------------------


def test_saved_page_lists_only_my_bookmarks_newest_first(
    owner_client, user, other_user, make_article
):
    first = make_article(title="First saved")
    second = make_article(title="Second saved")
    someone_elses = make_article(title="Someone else's")
    Bookmark.objects.create(user=user, article=first)
    Bookmark.objects.create(user=user, article=second)
    Bookmark.objects.create(user=other_user, article=someone_elses)

    response = owner_client.get("/library/saved/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "<h1>Saved articles</h1>" in html
    assert html.index("Second saved") < html.index("First saved")
    assert "Someone else's" not in html


def test_saved_page_hides_articles_that_were_unpublished(owner_client, user, article):
    Bookmark.objects.create(user=user, article=article)
    Article.objects.update(status=Article.Status.DRAFT)
    html = owner_client.get("/library/saved/").content.decode()
    assert "Grounding" not in html
    assert "Nothing saved yet" in html


def test_saved_page_when_empty_says_how_to_save(owner_client):
    html = owner_client.get("/library/saved/").content.decode()
    assert "Nothing saved yet" in html
    assert 'href="/library/"' in html


def test_saved_page_needs_an_account(client, db):
    response = client.get("/library/saved/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/library/saved/"


def test_saved_page_paginates(owner_client, user, many_articles):
    for article in many_articles(14):
        Bookmark.objects.create(user=user, article=article)
    html = owner_client.get("/library/saved/").content.decode()
    assert html.count('class="card article-card"') == 12
    assert "Page 1 of 2" in html

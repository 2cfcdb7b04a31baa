"""Offline, a signed-in person still looks signed in: the pages kept for offline use were
fetched as a visitor (nothing personal is kept), and show what the device knows instead
(issue 15, bug 3)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import go_offline, wait_for_offline_ready, wait_until, walk_all_steps


def expect_signed_in_header(page):
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Account")).to_be_visible()
    expect(nav.get_by_role("link", name="Log in")).to_have_count(0)


def test_offline_pages_show_the_device_signed_in_and_a_saved_article_saved(
    site, sign_in, user, builtin_practices
):
    from library.models import Article, Bookmark, Topic

    topic = Topic.objects.create(name="Panic", slug="panic", description="d", order=1)
    article = Article.objects.create(
        title="Riding the wave",
        slug="riding-the-wave",
        summary="s",
        body="Waves pass.",
        topic=topic,
        status=Article.Status.PUBLISHED,
    )
    Bookmark.objects.create(user=user, article=article)
    sign_in(user)
    page = site.go("/library/saved/")
    wait_for_offline_ready(page)
    wait_until(
        page,
        "async () => !!(await caches.match('/library/riding-the-wave/', { ignoreVary: true }))",
    )
    go_offline(page)

    page.go("/library/riding-the-wave/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riding the wave")
    expect_signed_in_header(page)
    expect(page.locator(".bookmark")).to_contain_text("Saved")
    expect(page.get_by_text("You'll be asked to log in first")).to_be_hidden()
    expect(page.get_by_role("button", name="Save for later")).to_have_count(0)

    page.go("/practices/stay-safe/")
    page.get_by_role("button", name="Begin").click()
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/offline/#"))
    expect_signed_in_header(page)
    page.get_by_role("button", name="5", exact=True).click()
    walk_all_steps(page)
    page.get_by_role("button", name="3", exact=True).click()
    expect(page.locator(".summary__change")).to_have_text("You went from 5 to 3.")
    expect_signed_in_header(page)
    expect(page.get_by_role("link", name="Create an account")).to_have_count(0)
    expect(page.get_by_text("saved to your progress when you're back online")).to_be_visible()
    expect(page.get_by_role("heading", name="A quick check-in")).to_be_visible()

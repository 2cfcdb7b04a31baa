"""Browser journey: search the library as you type, open an article, save it, find it again."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from library.models import Article, Topic


def make_articles():
    topic = Topic.objects.create(
        name="Calming your body", slug="calming-your-body", description="Breath and ground."
    )
    now = timezone.now()
    for title, slug, body in [
        ("Breathing and anxiety", "breathing-and-anxiety", "A longer, softer out-breath helps."),
        ("Grounding: coming back to now", "grounding", "Feel your feet on the floor."),
        ("Sleep and anxiety", "sleep-and-anxiety", "Rest comes back slowly."),
    ]:
        Article.objects.create(
            title=title, slug=slug, summary=f"About {title.lower()}.", body=body,
            topic=topic, status=Article.Status.PUBLISHED, publish_at=now,
        )  # fmt: skip


def test_search_open_save_and_find_under_saved(site, browser, make_user, password, artifacts_dir):
    make_articles()
    user = make_user("reader@example.com")

    page = site.go("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()

    site.go("/library/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")
    search = page.get_by_role("searchbox", name="Search the library")
    # Typed like a person, without pressing Enter: htmx fetches results as we go.
    search.press_sequentially("ground", delay=60)
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name=re.compile("1 article found"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/library/search/\?q=ground$"))
    expect(search).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("1 article found for “ground”")

    results.get_by_role("link", name="Grounding: coming back to now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grounding: coming back to now")

    page.get_by_role("button", name="Save for later").click()
    remove = page.get_by_role("button", name="Remove from saved")
    expect(remove).to_be_focused()
    expect(page.locator(".bookmark__status")).to_have_text("✓ Saved")
    expect(page.locator("#announcer")).to_have_text("Saved to your list")
    expect(page).to_have_url(re.compile(r"/library/grounding/$"))  # swapped, not reloaded
    page.screenshot(path=str(artifacts_dir / "library-article-saved.png"))

    page.get_by_role("link", name="Your saved articles").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved articles")
    expect(page.get_by_role("link", name="Grounding: coming back to now")).to_be_visible()
    expect(page.get_by_role("link", name="Breathing and anxiety")).to_have_count(0)

    # Phone-sized looks at the library, light and dark, kept as test artifacts.
    for scheme in ("light", "dark"):
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, color_scheme=scheme
        )
        phone.add_cookies(page.context.cookies())
        phone_page = phone.new_page()
        phone_page.goto(page.site_url + "/library/search/?q=anxiety")
        expect(
            phone_page.get_by_role("heading", name="2 articles found for “anxiety”")
        ).to_be_visible()
        phone_page.screenshot(path=str(artifacts_dir / f"library-search-iphone-{scheme}.png"))
        phone.close()


def test_a_visitor_who_taps_save_logs_in_and_comes_back(site, make_user, password):
    make_articles()
    user = make_user("visitor@example.com")

    page = site.go("/library/grounding/")
    page.get_by_role("button", name="Save for later").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/library/grounding/$"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/library/grounding/$"))
    expect(page.get_by_role("button", name="Save for later")).to_be_visible()


def test_search_works_without_javascript(site, browser):
    make_articles()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.site_url + "/library/")
    page.get_by_role("searchbox", name="Search the library").fill("sleep")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/library/search/\?q=sleep$"))
    expect(page.get_by_role("link", name="Sleep and anxiety")).to_be_visible()
    context.close()

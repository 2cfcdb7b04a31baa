"""A shared device: one person's offline records and kept pages never reach the next person."""

import re

from playwright.sync_api import expect

from aira.device import owner_tag
from practices.models import PracticeSession
from tests.browser.conftest import (
    go_offline,
    go_online,
    tab_to,
    wait_for,
    wait_for_offline_ready,
    wait_until,
    walk_all_steps,
)
from tests.conftest import PASSWORD
from tracking.models import CheckIn

HELD_FOR_VISITOR = (
    "2 records saved on this device belong to an account that isn't signed in. "
    "Sign in as their owner to send them, or discard them."
)
HELD = (
    "2 records saved on this device belong to another account. "
    "Sign in as their owner to send them, or discard them."
)
QUEUE_EMPTY = "async () => (await window.AiraQueue.all()).length === 0"


def log_in(page, url, user):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def practise_and_check_in_offline(page, url):
    """A practice and a check-in with no connection: two records wait on the device."""
    page.goto(url + "/practices/")
    wait_for_offline_ready(page)
    go_offline(page)
    page.goto(url + "/practices/physiological-sigh/")
    page.get_by_role("button", name="Begin").click()
    expect(page).to_have_url(re.compile(r"/practices/physiological-sigh/offline/#"))
    page.get_by_role("button", name="8", exact=True).click()
    walk_all_steps(page)
    page.get_by_role("button", name="4", exact=True).click()
    page.get_by_role("group", name=re.compile("How anxious")).get_by_label("5", exact=True).check()
    page.get_by_label("Okay").check()
    page.get_by_label("Private note (optional)").fill("Only mine.")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", name="Check-in saved")).to_be_visible()
    expect(page.locator("#sync-status")).to_contain_text("2 records are saved on this device")


def close_and_come_back(page):
    """The browser is closed: the session cookie is gone, the device's storage stays."""
    context = page.context
    page.close()
    context.clear_cookies()
    go_online(context)
    return context.new_page()


def someone_else_signs_in(page, url, other_user):
    page.goto(url + "/")
    status = page.locator("#sync-status")
    expect(status).to_contain_text(HELD_FOR_VISITOR)  # not sent as a visitor's either
    log_in(page, url, other_user)
    expect(status).to_contain_text(HELD)
    # Even "sync everything now" leaves them on the device.
    page.evaluate("() => window.AiraQueue.flush({retryRejected: true})")
    assert len(page.evaluate("() => window.AiraQueue.all()")) == 2
    assert not CheckIn.objects.exists() and not PracticeSession.objects.exists()
    return status


def test_the_next_person_never_gets_the_records_and_their_owner_sends_them_once(
    site, sign_in, user, other_user, builtin_practices
):
    sign_in(user)
    practise_and_check_in_offline(site, site.site_url)
    page = close_and_come_back(site)

    someone_else_signs_in(page, site.site_url, other_user)
    assert not CheckIn.objects.filter(user=other_user).exists()

    # They leave; the records' owner signs in again and the records go, once.
    page = close_and_come_back(page)
    log_in(page, site.site_url, user)
    checkin = wait_for(lambda: CheckIn.objects.filter(user=user).first())
    assert (checkin.anxiety, checkin.note) == (5, "Only mine.")
    session = wait_for(lambda: PracticeSession.objects.filter(user=user).first())
    assert (session.rating_before, session.rating_after) == (8, 4)
    wait_until(page, QUEUE_EMPTY)
    expect(page.locator("#sync-status")).to_be_hidden()
    page.reload()
    page.evaluate("() => window.AiraQueue.flush({retryRejected: true})")
    assert CheckIn.objects.count() == 1 and PracticeSession.objects.count() == 1


def test_the_next_person_can_discard_the_records_with_the_keyboard(
    site, sign_in, user, other_user, builtin_practices
):
    sign_in(user)
    practise_and_check_in_offline(site, site.site_url)
    page = close_and_come_back(site)
    status = someone_else_signs_in(page, site.site_url, other_user)
    expect(status).to_have_attribute("role", "status")  # read out when it appears

    tab_to(page, "Discard them")
    page.keyboard.press("Enter")
    expect(status).to_be_hidden()
    expect(page.locator("#announcer")).to_have_text("Records discarded.")
    assert page.evaluate("() => window.AiraQueue.all()") == []

    page = close_and_come_back(page)
    log_in(page, site.site_url, user)
    page.goto(site.site_url + "/progress/")
    assert not CheckIn.objects.exists() and not PracticeSession.objects.exists()


KEPT = """async () => {
    const saved = await caches.match('/library/riding-the-wave/', { ignoreVary: true });
    const sos = await caches.match('/sos/', { ignoreVary: true });
    return {saved: !!saved, names: await caches.keys(), sos: sos ? await sos.text() : ''};
}"""


def test_a_new_identity_clears_the_kept_pages_and_saved_articles(site, sign_in, user):
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
    page.go("/sos/")
    tag = owner_tag(user)
    wait_until(
        page,
        f"async () => (await (await caches.match('/sos/', {{ ignoreVary: true }})).text()).includes('{tag}')",
    )
    kept = page.evaluate(KEPT)
    assert kept["saved"] and "aira-saved-articles" in kept["names"]

    # Offline, a kept page says it is a copy, so it is never taken for who is signed in.
    go_offline(page)
    page.go("/")
    expect(page.locator("body")).to_have_attribute("data-kept-copy", "")
    go_online(page)

    # The session ends without the logout button (the browser closed); the next page
    # fetched online is someone else's. The pages they never open are dropped too.
    page.context.clear_cookies()
    page.go("/")
    wait_until(
        page,
        f"async () => !(await (await caches.match('/sos/', {{ ignoreVary: true }})).text()).includes('{tag}')",
    )
    kept = page.evaluate(KEPT)
    assert not kept["saved"] and "aira-saved-articles" not in kept["names"], kept["names"]
    assert 'data-signed-in="false"' in kept["sos"]  # a visitor's copy, for offline use

    go_offline(page)
    page.go("/sos/")  # still there offline, as a visitor's copy
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-signed-in", "false")

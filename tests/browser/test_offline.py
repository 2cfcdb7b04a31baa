"""Aira keeps working with no connection once it has been opened online."""

import re
import uuid

from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.browser.conftest import (
    go_offline,
    go_online,
    wait_for,
    wait_for_offline_ready,
    wait_until,
    walk_all_steps,
)


def test_stay_safe_from_sos_with_no_connection(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    go_offline(page)

    page.go("/sos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's take this one step at a time.")
    page.get_by_role("button", name="6").click()
    expect(page).to_have_url(re.compile(r"/practices/stay-safe/offline/#"))
    expect(page.locator("[data-offline-title]")).to_have_text("Stay Safe")
    walk_all_steps(page)
    page.get_by_role("button", name="2", exact=True).click()
    expect(page.locator(".summary__change")).to_have_text("You went from 6 to 2.")
    expect(page.locator("[data-sync-note]")).to_contain_text("Saved on this device")
    assert PracticeSession.objects.count() == 0  # nothing reached the server yet

    # Back online, the next page sends it: once. The status box starts hidden, so wait
    # for the record itself, then for the box to say nothing is left.
    go_online(page)
    page.go("/practices/")
    wait_for(lambda: PracticeSession.objects.exists())
    expect(page.locator("#sync-status")).to_be_hidden()
    wait_until(page, "async () => (await window.AiraQueue.all()).length === 0")
    session = PracticeSession.objects.get()
    assert (session.practice.slug, session.rating_before, session.rating_after) == (
        "stay-safe",
        6,
        2,
    )
    assert session.finished and session.user is None


def test_uncached_page_offline_shows_the_offline_page(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    go_offline(page)
    page.go("/library/some-article-never-opened/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.get_by_role("link", name="Crisis resources").first).to_be_visible()
    page.go("/crisis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("If you need help right now")


def test_connection_lost_mid_practice_carries_on_offline(site, builtin_practices):
    page = site.go("/practices/box-breathing/")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 2 of")
    go_offline(page)
    page.get_by_role("button", name="Next").click()
    # Step 2 was done: the offline player carries on at step 3 (issue 15, bug 7).
    expect(page).to_have_url(re.compile(r"/practices/box-breathing/offline/#.*step=3"))
    expect(page.locator(".player__progress")).to_contain_text("Step 3 of")


def test_a_practice_handed_over_offline_keeps_its_place_and_its_first_rating(
    site, builtin_practices
):
    page = site.go("/practices/box-breathing/")
    wait_for_offline_ready(page)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="7", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settle in")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 2 of")
    second = page.get_by_role("heading", level=1).inner_text()

    go_offline(page)
    page.get_by_role("button", name="Next").click()
    expect(page).to_have_url(re.compile(r"/practices/box-breathing/offline/#"))
    expect(page.locator(".player__progress")).to_contain_text("Step 3 of")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(second)
    while page.get_by_role("button", name="Next").count():
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Finish").click()
    page.get_by_role("button", name="2", exact=True).click()
    expect(page.locator(".summary__change")).to_have_text("You went from 7 to 2.")

    go_online(page)
    page.go("/practices/")
    wait_until(page, "async () => (await window.AiraQueue.all()).length === 0")
    session = PracticeSession.objects.get()
    assert (session.rating_before, session.rating_after, session.finished) == (7, 2, True)


def test_sending_the_same_record_twice_keeps_one(site, builtin_practices):
    page = site.go("/")
    session_id = str(uuid.uuid4())
    statuses = page.evaluate(
        """async (id) => {
            const token = document.cookie.split('; ').find((c) => c.includes('csrftoken=')).split('=')[1];
            const body = new URLSearchParams({session_id: id, practice: 'box-breathing',
              started_at: '2026-11-28T10:00:00Z', ended_at: '2026-11-28T10:04:00Z',
              rating_before: '5', rating_after: '3', steps_completed: '7', finished: 'on'});
            const send = () => fetch('/practices/sessions/sync/', {method: 'POST', body,
              headers: {'X-CSRFToken': token}}).then((r) => r.status);
            return [await send(), await send()];
        }""",
        session_id,
    )
    assert statuses == [201, 200]
    assert PracticeSession.objects.filter(uuid=session_id).count() == 1


def test_manifest_passes_chromiums_installability_check(
    browser_type, browser_type_launch_args, live_server, builtin_practices, tmp_path
):
    # Chromium refuses to install from an incognito profile, which new contexts are.
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args
    )
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    wait_for_offline_ready(page)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert '"short_name": "Aira"' in manifest["data"] or '"short_name":"Aira"' in manifest["data"]
    for path in ("/sos/", "/practices/", "/practices/stay-safe/", "/crisis/", "/offline/"):
        page.goto(live_server.url + path)
    assert console_errors == []
    context.close()


def test_saved_articles_and_crisis_page_can_be_read_offline(site, sign_in, user):
    from library.models import Article, Bookmark, Topic

    topic = Topic.objects.create(name="Panic", slug="panic", description="d", order=1)
    kept = Article.objects.create(
        title="Riding the wave",
        slug="riding-the-wave",
        summary="s",
        body="Waves pass.",
        topic=topic,
        status=Article.Status.PUBLISHED,
    )
    Article.objects.create(
        title="Not saved",
        slug="not-saved",
        summary="s",
        body="b",
        topic=topic,
        status=Article.Status.PUBLISHED,
    )
    Bookmark.objects.create(user=user, article=kept)
    sign_in(user)
    page = site.go("/library/saved/")
    wait_for_offline_ready(page)
    wait_until(
        page,
        "async () => !!(await (await caches.open('aira-saved-articles')).match('/library/riding-the-wave/', { ignoreVary: true }))",
    )
    go_offline(page)
    page.go("/library/riding-the-wave/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riding the wave")
    page.go("/library/not-saved/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.get_by_role("link", name="Riding the wave")).to_be_visible()
    page.go("/crisis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("If you need help right now")


def test_offline_session_and_checkin_sync_exactly_once_after_the_page_was_closed(
    site, sign_in, user, builtin_practices
):
    from tracking.models import CheckIn

    sign_in(user)
    page = site.go("/practices/")
    wait_for_offline_ready(page)
    go_offline(page)

    page.go("/practices/physiological-sigh/")
    page.get_by_role("button", name="Begin").click()
    expect(page).to_have_url(re.compile(r"/practices/physiological-sigh/offline/#"))
    page.get_by_role("button", name="8", exact=True).click()
    walk_all_steps(page)
    page.get_by_role("button", name="4", exact=True).click()
    expect(page.locator(".summary__change")).to_have_text("You went from 8 to 4.")

    page.get_by_role("group", name=re.compile("How anxious")).get_by_label("5", exact=True).check()
    page.get_by_label("Okay").check()
    page.get_by_label("Work").check()
    page.get_by_label("Private note (optional)").fill("On the train, no signal.")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", name="Check-in saved")).to_be_visible()
    expect(page.locator("#sync-status")).to_contain_text("2 records are saved on this device")
    assert PracticeSession.objects.count() == 0 and CheckIn.objects.count() == 0

    context = page.context
    page.close()
    go_online(context)
    page = context.new_page()
    page.goto(site.site_url + "/")
    wait_until(page, "async () => (await window.AiraQueue.all()).length === 0")

    page.goto(site.site_url + "/progress/")
    session = PracticeSession.objects.get()
    assert (session.user, session.rating_before, session.rating_after) == (user, 8, 4)
    checkin = CheckIn.objects.get()
    assert (checkin.user, checkin.anxiety, checkin.mood, checkin.note) == (
        user,
        5,
        3,
        "On the train, no signal.",
    )
    assert checkin.tags == "work"
    expect(page.get_by_text("On the train, no signal.")).to_have_count(
        0
    )  # notes stay off the overview
    expect(page.locator("#what-helps")).to_contain_text("The double sigh")

    # Another visit sends nothing twice.
    page.goto(site.site_url + "/")
    assert PracticeSession.objects.count() == 1 and CheckIn.objects.count() == 1


def test_a_refused_record_is_kept_and_explained(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    page.evaluate(
        """() => window.AiraQueue.add({id: 'bad-1', kind: 'checkin', url: '/progress/checkins/sync/',
            label: 'Your check-in', fields: [['uuid', crypto.randomUUID()], ['anxiety', '5'], ['mood', '3']]})"""
    )
    page.evaluate("() => window.AiraQueue.flush()")
    status = page.locator("#sync-status")
    expect(status).to_contain_text("Your check-in couldn't be saved: You're signed out")
    expect(status.get_by_role("button", name="Try again")).to_be_visible()
    assert len(page.evaluate("() => window.AiraQueue.all()")) == 1
    status.get_by_role("button", name="Discard it").click()
    expect(status).to_be_hidden()


def test_logging_out_with_records_waiting_warns_first(site, sign_in, user, builtin_practices):
    sign_in(user)
    page = site.go("/")
    wait_for_offline_ready(page)
    page.evaluate(
        """() => window.AiraQueue.add({id: 'wait-1', kind: 'checkin', url: '/progress/checkins/sync/',
            label: 'Your check-in', fields: [['uuid', crypto.randomUUID()], ['anxiety', '99'], ['mood', '3']]})"""
    )
    page.go("/accounts/logout/")
    page.get_by_role("button", name=re.compile("sign out|log out", re.I)).click()
    expect(page.get_by_role("alert")).to_contain_text("1 record hasn't reached your account yet")
    expect(page.get_by_role("link", name="Account")).to_be_visible()  # still signed in
    page.get_by_role("button", name=re.compile("sign out|log out", re.I)).click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert page.evaluate("() => window.AiraQueue.all()") == []


def test_nothing_personal_is_kept_on_the_device(site, sign_in, user, builtin_practices):
    from tracking.models import CheckIn

    CheckIn.objects.create(user=user, anxiety=7, mood=2, note="A private note")
    sign_in(user)
    page = site.go("/progress/")
    wait_for_offline_ready(page)
    page.get_by_role("link", name="7 days").click()
    expect(page).to_have_url(re.compile(r"range=7"))
    # htmx keeps no page snapshots, and the offline cache holds no personal page.
    keys = page.evaluate("() => Object.keys(localStorage)")
    # aira.owner is the opaque owner tag of the account signed in (aira/device.py).
    assert set(keys) <= {"aira.player", "aira.signedIn", "aira.owner"}, keys
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
            }
            return urls;
        }"""
    )
    # The panic log's offline copy is its blank questions, fetched without cookies.
    blank_forms = {"/progress/panic/offline/"}
    personal = [u for u in cached if u.startswith(("/progress", "/accounts"))]
    assert cached and set(personal) <= blank_forms, cached
    kept = page.evaluate(
        # Pages vary on the language; the worker keeps one copy in its own (ignoreVary).
        "async () => (await (await caches.match('/progress/panic/offline/', { ignoreVary: true }))"
        ".text())"
    )
    assert "Racing heart" in kept
    assert "A private note" not in kept and user.email not in kept


def test_a_record_refused_as_too_many_stays_waiting_and_is_sent_later(site, builtin_practices):
    page = site.go("/")
    wait_for_offline_ready(page)
    session_id = str(uuid.uuid4())
    busy = '{"status": "busy", "errors": {"__all__": ["Aira is pausing new saves for a minute."]}}'
    page.route(
        "**/practices/sessions/sync/",
        lambda route: route.fulfill(status=429, content_type="application/json", body=busy),
    )
    page.evaluate(
        """(id) => window.AiraQueue.add({id: id, kind: 'session', url: '/practices/sessions/sync/',
            label: 'Your practice', fields: [['session_id', id], ['practice', 'box-breathing'],
            ['started_at', '2026-11-28T10:00:00Z'], ['ended_at', '2026-11-28T10:04:00Z'],
            ['steps_completed', '7'], ['finished', 'on']]})""",
        session_id,
    )
    page.evaluate("() => window.AiraQueue.flush()")

    # Kept as waiting, not as refused: no "couldn't be saved", no button to press.
    records = page.evaluate("() => window.AiraQueue.all()")
    assert [(r["id"], r["status"]) for r in records] == [(session_id, "waiting")]
    expect(page.locator("#sync-status")).not_to_contain_text("couldn't be saved")

    page.unroute("**/practices/sessions/sync/")
    page.evaluate("() => window.AiraQueue.flush()")
    wait_until(page, "async () => (await window.AiraQueue.all()).length === 0")
    assert PracticeSession.objects.filter(uuid=session_id).count() == 1

"""What a newcomer trying every feature tripped over (issue 15), as the screen shows it."""

import re

from playwright.sync_api import expect

from practices.models import PracticeSession
from tests.browser.conftest import walk_all_steps
from tests.browser.test_practices import open_breathing_step
from tests.conftest import PASSWORD


def log_in_here(page, user):
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()


def test_a_visitor_who_taps_progress_hears_what_it_is_then_logs_in_to_it(site, user):
    page = site.go("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page).to_have_url(re.compile("/progress/$"))
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress: what helps you")
    expect(main).to_contain_text("It is private. Only you can see it")
    expect(main.get_by_role("link", name="Create an account")).to_be_visible()
    main.get_by_role("link", name="Log in").click()
    log_in_here(page, user)
    expect(page).to_have_url(re.compile("/progress/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")


def test_logging_in_from_the_end_of_a_practice_comes_back_to_it(site, user, builtin_practices):
    page = site.go("/practices/physiological-sigh/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="7").click()
    walk_all_steps(page)
    page.get_by_role("button", name="3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done for taking this time")
    # The practice's title inside a sentence reads as part of it.
    expect(page.get_by_role("link", name="Do the double sigh again")).to_be_visible()
    done_url = page.url

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    log_in_here(page, user)
    expect(page).to_have_url(done_url)
    expect(page.get_by_text("This session is saved in your")).to_be_visible()

    # A few seconds of practice count as a few seconds, not the practice's full length.
    session = PracticeSession.objects.get(user=user)
    assert (session.ended_at - session.started_at).total_seconds() < 60
    page.go("/progress/")
    minutes = page.locator(".progress-totals div").filter(has_text="Minutes").locator("dd")
    expect(minutes).to_have_text("0")


def test_the_headers_log_in_comes_back_to_the_page_it_was_on(site, user, builtin_practices):
    page = site.go("/practices/box-breathing/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fpractices%2Fbox-breathing%2F$"))
    log_in_here(page, user)
    expect(page).to_have_url(re.compile("/practices/box-breathing/$"))


def test_the_pacer_counts_to_four_on_a_four_second_phase(site, builtin_practices):
    open_breathing_step(site, site.site_url)
    count = site.locator("[data-pacer-count]")
    status = site.locator("[data-pacer-status]")
    expect(status).to_contain_text("Breathe in")
    expect(count).to_have_text("1")
    expect(count).to_have_text("4", timeout=8_000)
    # "4" is the last second of the in-breath, before the next phase starts at 1.
    assert "Breathe in" in status.inner_text()
    expect(status).not_to_contain_text("Breathe in", timeout=8_000)
    expect(count).to_have_text(re.compile("^[12]$"))


def test_history_shows_an_unfinished_sessions_rating_and_deletes_one_session(
    site, sign_in, user, builtin_practices
):
    sign_in(user)
    # One practice left after its first step, one finished.
    page = site.go("/practices/box-breathing/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="6").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")
    page.go("/practices/extended-exhale/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="5").click()
    walk_all_steps(page)
    page.get_by_role("button", name="2").click()
    expect(page.locator(".summary__change")).to_have_text("You went from 5 to 2.")

    page.go("/progress/history/")
    unfinished = page.locator(".history-item").filter(has_text="Box breathing")
    expect(unfinished).to_contain_text("not finished · before 6")

    # With htmx: asked and answered inside the row, focus on the answer.
    unfinished.get_by_role("link", name=re.compile("^Delete")).click()
    expect(unfinished).to_contain_text("will be removed for good")
    unfinished.get_by_role("button", name="Delete session").click()
    expect(page.locator(".history-item__deleted")).to_have_text("Practice session deleted.")
    expect(page.locator(".history-item__deleted")).to_be_focused()
    remaining = PracticeSession.objects.filter(user=user)
    assert [s.practice.slug for s in remaining] == ["extended-exhale"]

    page.reload()
    expect(page.locator(".history-item")).to_have_count(1)


def test_deleting_a_session_works_without_javascript(browser, live_server, user, builtin_practices):
    from django.utils import timezone

    from practices.models import Practice

    practice = Practice.objects.get(slug="box-breathing")
    PracticeSession.objects.create(
        user=user, practice=practice, started_at=timezone.now(), rating_before=4
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    log_in_here(page, user)
    page.goto(live_server.url + "/progress/history/")
    page.locator(".history-item").get_by_role("link", name=re.compile("^Delete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this practice session?")
    page.get_by_role("button", name="Delete session").click()
    expect(page).to_have_url(re.compile("/progress/history/$"))
    expect(page.get_by_text("Practice session deleted.")).to_be_visible()
    assert not PracticeSession.objects.filter(user=user).exists()
    context.close()

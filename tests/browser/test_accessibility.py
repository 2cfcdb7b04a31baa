"""Every key page passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules: signed out and
signed in, light and dark, phone and desktop.

One test per page and sign-in state; inside it, the four looks share that test's data
and two tabs (phone and desktop) that live for the whole run.
The themes are reached both ways the site offers: the system setting (prefers-color-scheme,
with no theme chosen) on the phone, and the footer toggle's cookie on the desktop, set
against the system's preference so that an override that stopped working would show.

axe-playwright-python injects axe-core with page.evaluate, which runs through the
DevTools protocol rather than as a page <script>, so the strict CSP stays on and untouched.
"""

import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from practices.models import PracticeSession
from together.models import SharedSession, key_digest
from tracking.models import CheckIn, PanicAttack

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
BACKGROUND = {"light": "rgb(246, 244, 239)", "dark": "rgb(17, 24, 27)"}  # --bg of each theme

axe = Axe()


@dataclass(frozen=True)
class Look:
    name: str
    size: dict
    system: str  # what the device prefers
    chosen: str | None  # what the footer toggle stored, if anything

    @property
    def theme(self):
        return self.chosen or self.system


LOOKS = [
    Look("phone, light system", PHONE, system="light", chosen=None),
    Look("phone, dark system", PHONE, system="dark", chosen=None),
    Look("desktop, light chosen on a dark system", DESKTOP, system="dark", chosen="light"),
    Look("desktop, dark chosen on a light system", DESKTOP, system="light", chosen="dark"),
]

# The practice used for the player: a prompt step with boxes to type in (2), a breathing
# step (5) and a timed pause (6).
PLAYER_PRACTICE = "borrowed-calm"
PROMPT_STEP, BREATHING_STEP, TIMED_STEP = 2, 5, 6

EVERYONE = ("signed-out", "signed-in")
VISITORS = ("signed-out",)
MEMBERS = ("signed-in",)

PAGES = {
    "home": ("/", EVERYONE),
    "library": ("/library/", EVERYONE),
    "topic": ("/library/topics/calming-your-body/", EVERYONE),
    "article": ("/library/breathing-and-anxiety/", EVERYONE),
    # With the medical red flags at the top.
    "panic-article": ("/library/what-a-panic-attack-is/", VISITORS),
    "search-results": ("/library/search/?q=breathing", EVERYONE),
    "search-no-results": ("/library/search/?q=zebra", VISITORS),
    "practices": ("/practices/", EVERYONE),
    "practice": (f"/practices/{PLAYER_PRACTICE}/", EVERYONE),
    "rate-before": ("{session}before/", EVERYONE),
    "prompt-step": (f"{{session}}step/{PROMPT_STEP}/", EVERYONE),
    "breathing-step": (f"{{session}}step/{BREATHING_STEP}/", EVERYONE),
    "timed-step": (f"{{session}}step/{TIMED_STEP}/", VISITORS),
    "rate-after": ("{session}after/", EVERYONE),
    "summary": ("{finished}done/", EVERYONE),
    "facing": ("/practices/facing/", EVERYONE),
    "safety-screen": ("/practices/facing/safety/", EVERYONE),
    "ladder": ("/practices/facing/ladder/", MEMBERS),
    "sos": ("/sos/", EVERYONE),
    "crisis": ("/crisis/", EVERYONE),
    "privacy": ("/privacy/", EVERYONE),
    "not-found": ("/no-such-page/", EVERYONE),
    "offline": ("/offline/", EVERYONE),
    "log-in": ("/accounts/login/", VISITORS),
    "sign-up": ("/accounts/signup/", VISITORS),
    "password-reset": ("/accounts/password/reset/", VISITORS),
    "progress": ("/progress/", EVERYONE),  # a visitor hears what it is
    "history": ("/progress/history/", MEMBERS),
    "panic-log": ("/progress/panic/", MEMBERS),
    "panic-entry-form": ("{attack}edit/", MEMBERS),
    "panic-offline-copy": ("/progress/panic/offline/", VISITORS),
    "check-in-form": ("{checkin}edit/", MEMBERS),
    "your-data": ("/progress/data/", MEMBERS),
    "clinician-summary": ("/progress/summary/", MEMBERS),
    "saved-articles": ("/library/saved/", MEMBERS),
    "account-email": ("/accounts/email/", MEMBERS),
    "together-start": ("/together/", VISITORS),
    "together-session": ("{together}", VISITORS),
    "together-ended": ("/together/no-such-link/", VISITORS),
    "reminders": ("/reminders/", MEMBERS),
    "plan": ("/plan/", EVERYONE),
    "plan-step": ("/plan/step/2/", EVERYONE),
    "plan-edit": ("/plan/edit/", MEMBERS),
    "plan-print": ("/plan/print/", MEMBERS),
}


# Pages in a state with colours of their own: error messages, a saved article, a choice made.
def wrong_password(tab):
    tab.get_by_label("Email").fill("owner@example.com")
    tab.get_by_label("Password").fill("not the right one")
    tab.get_by_role("button", name="Log in").click()
    expect(tab.get_by_text("password you specified are not correct")).to_be_visible()


def mismatched_passwords(tab):
    tab.get_by_label("Email").fill("new@example.com")
    tab.get_by_label("Password", exact=True).fill("a calm and steady passphrase")
    tab.get_by_label("Password (again)").fill("a different passphrase")
    tab.get_by_role("button", name="Create an account").click()
    expect(tab.locator(".errorlist").first).to_be_visible()


def check_in_saved(tab):
    tab.get_by_role("radio", name="4", exact=True).check()
    tab.get_by_role("radio", name="Okay").check()
    tab.get_by_role("checkbox", name="Sleep").check()
    tab.get_by_role("button", name="Save check-in").click()
    expect(tab.get_by_text("Check-in saved.")).to_be_visible()


def check_in_refused(tab):
    # The server's own answer to a check-in with no anxiety chosen, as a browser that
    # doesn't check `required` would get it.
    tab.locator("form.checkin-form").evaluate("form => { form.noValidate = true; }")
    tab.get_by_role("radio", name="Okay").check()
    tab.get_by_role("button", name="Save check-in").click()
    expect(tab.get_by_role("alert")).to_contain_text("The check-in was not saved.")


def article_saved(tab):
    # Saved in the first look; the later ones find it saved already.
    save = tab.get_by_role("button", name="Save for later")
    if save.count():
        save.click()
    expect(tab.get_by_role("button", name="Saved")).to_be_visible()


def reminder_without_days(tab):
    tab.get_by_label("Send me reminders by email").check()
    tab.get_by_role("button", name="Save reminders").click()
    expect(tab.get_by_text("Choose at least one day for your reminder.")).to_be_visible()


def person_added(tab):
    # Added in the first look; the later ones find them on the list already.
    if not tab.get_by_role("link", name="Text Sam").count():
        tab.get_by_label("Their name").fill("Sam")
        tab.get_by_label("Their phone number").fill("+44 7700 900123")
        tab.get_by_label("Their email address").fill("sam@example.com")
        tab.get_by_role("button", name="Add to my people").click()
    expect(tab.get_by_role("link", name="Text Sam")).to_be_visible()


def person_refused(tab):
    # A visitor's form, checked by the server and shown back by plan.js with its messages.
    tab.get_by_label("Their name").fill("Sam")
    tab.get_by_label("Their phone number").fill("call me")
    tab.get_by_role("button", name="Add to my people").click()
    expect(tab.get_by_role("alert")).to_contain_text("Nothing was saved yet.")


STATES = {
    "my-people-with-someone": ("/plan/people/", MEMBERS, person_added),
    "my-people-refused": ("/plan/people/", VISITORS, person_refused),
    "log-in-wrong-password": ("/accounts/login/", VISITORS, wrong_password),
    "sign-up-with-errors": ("/accounts/signup/", VISITORS, mismatched_passwords),
    "check-in-saved": ("/progress/", MEMBERS, check_in_saved),
    "check-in-not-saved": ("/progress/", MEMBERS, check_in_refused),
    "article-saved": ("/library/grounding-coming-back-to-now/", MEMBERS, article_saved),
    "reminders-with-errors": ("/reminders/", MEMBERS, reminder_without_days),
}
PAGES.update({name: (path, states) for name, (path, states, _) in STATES.items()})

CASES = [
    pytest.param(name, state, id=f"{state}-{name}")
    for name, (_, states) in PAGES.items()
    for state in states
]


def describe(violations):
    """axe's findings as lines a person can act on: rule, impact, advice and where."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def axe_violations(page):
    results = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def begin_practice(tab, slug):
    """Start a practice through its real Begin button; returns the session's URL prefix."""
    tab.goto(f"/practices/{slug}/")
    tab.get_by_role("button", name="Begin").click()
    expect(tab).to_have_url(re.compile(r"/s/[0-9a-f-]+/before/$"))
    return re.sub(r"^https?://[^/]+|before/$", "", tab.url)


def finish_practice(tab, slug):
    """A whole session, rated, through the real player (for the summary page)."""
    session = begin_practice(tab, slug)
    tab.get_by_role("button", name="6", exact=True).click()
    steps = tab.locator(".player__progress")
    expect(steps).to_contain_text("Step 1 of")
    total = int(re.search(r"of (\d+)", steps.inner_text()).group(1))
    tab.goto(f"{session}step/{total}/")
    tab.get_by_role("button", name="Finish").click()
    tab.get_by_role("button", name="3", exact=True).click()
    expect(tab.locator(".summary__change")).to_be_visible()
    return session


@pytest.fixture
def content(builtin_practices):
    from library import builtin as library_content

    library_content.load()


@pytest.fixture(scope="session")
def axe_tabs(browser, live_server):
    """One phone tab and one desktop tab for the whole run, each in its own context.

    Opening four fresh contexts for every page would double these tests' time; the
    system theme is switched with emulate_media and everything else lives in cookies,
    which each test replaces. The service worker is blocked: it would only add
    precaching work here, and the offline tests cover it.
    """
    tabs = {}
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(**size, base_url=live_server.url, service_workers="block")
        context.set_default_timeout(10_000)
        tabs[name] = context.new_page()
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def session_cookie(user, url):
    """Signed in as `user` without the login form (the journeys test the form itself)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Chromium keeps Secure (and __Host-) cookies on http://localhost: it counts as secure.
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": value,
        "domain": urlsplit(url).hostname,
        "path": "/",
        "secure": settings.SESSION_COOKIE_SECURE,
        "httpOnly": True,
        "sameSite": "Lax",
    }


def resolve(path, tab, user):
    """Fill in the placeholders that need this test's own records."""
    if "{session}" in path:
        path = path.format(session=begin_practice(tab, PLAYER_PRACTICE))
    elif "{finished}" in path:
        path = path.format(finished=finish_practice(tab, PLAYER_PRACTICE))
    elif "{together}" in path:
        session = SharedSession.objects.create(
            starter_key_digest=key_digest(secrets.token_urlsafe(32)),
            inhale_seconds=4,
            hold_in_seconds=4,
            exhale_seconds=4,
            hold_out_seconds=4,
        )
        path = path.format(together=f"/together/{session.token}/")
    elif "{checkin}" in path:
        checkin = CheckIn.objects.create(user=user, anxiety=4, mood=3, tags="sleep", note="Calm")
        path = path.format(checkin=f"/progress/checkins/{checkin.uuid}/")
    elif "{attack}" in path:
        attack = PanicAttack.objects.create(user=user, peak=7, minutes=15, sensations="shaking")
        path = path.format(attack=f"/progress/panic/{attack.uuid}/")
    return path


@pytest.mark.parametrize(("name", "state"), CASES)
def test_accessibility_no_axe_violations(axe_tabs, live_server, user, content, name, state):
    phone, desktop = axe_tabs["phone"], axe_tabs["desktop"]
    for tab in (phone, desktop):
        tab.context.clear_cookies()
    signed_in = state == "signed-in"
    if signed_in:
        phone.context.add_cookies([session_cookie(user, live_server.url)])
        # Something on the progress pages to draw: a check-in and a finished session.
        CheckIn.objects.create(user=user, anxiety=6, mood=2, tags="work", note="A long day")
        if name in ("progress", "history", "clinician-summary"):
            finish_practice(phone, "box-breathing")
        if name in ("progress", "history", "panic-log"):
            # What the panic log shows back, with a fear beside what happened.
            PanicAttack.objects.create(
                user=user, peak=8, minutes=12, feared="Fainting", happened="I sat; it passed"
            )
    # Records made on the phone (a visitor's practice session) are the desktop's too.
    path = resolve(PAGES[name][0], phone, user)
    desktop.context.add_cookies(phone.context.cookies())

    report = []
    for look in LOOKS:
        tab = phone if look.size is PHONE else desktop
        tab.emulate_media(color_scheme=look.system)
        if look.chosen:
            tab.context.add_cookies(
                [{"name": "aira_theme", "value": look.chosen, "url": live_server.url}]
            )
        else:
            tab.context.clear_cookies(name="aira_theme")
        tab.goto(path)
        if name in STATES:
            STATES[name][2](tab)
            # A state reached by submitting a form is a new page: its error list can be
            # visible before its stylesheet has loaded on a busy machine.
            tab.wait_for_load_state("load")
        expect(tab.locator("h1")).to_have_count(1)
        if signed_in:
            expect(tab.get_by_role("link", name="Account", exact=True)).to_be_visible()
        # axe skips what isn't rendered: open every <details> (player settings, the
        # chart's table) so the controls inside are checked too.
        tab.evaluate(
            "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
        )
        background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUND[look.theme], f"{look.name}: the theme did not apply"
        if look.size is PHONE:
            # Reflow (WCAG 1.4.10): nothing makes the whole page scroll sideways.
            widths = tab.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            assert widths[0] <= widths[1], f"{look.name}: {path} scrolls sideways ({widths})"
        violations = axe_violations(tab)
        if violations:
            report.append(f"{look.name}, {path}:\n{describe(violations)}")

    if report:
        pytest.fail(
            f"axe found WCAG A/AA violations on {name} ({state}):\n" + "\n".join(report),
            pytrace=False,
        )


# --- Only a keyboard ------------------------------------------------------------------

FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {name: "", visible: false, inView: false, what: "nothing"};
  const drawn = (el) => {
    const s = getComputedStyle(el);
    return parseFloat(s.opacity) > 0 &&
      ((s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none");
  };
  // A native radio or checkbox laid invisibly over its label shows focus on the label;
  // a card's link shows it around the whole card (its click area).
  const shown = [e, ...(e.labels || []), e.closest(".card")].filter(Boolean);
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const r = (e.labels && e.labels.length && getComputedStyle(e).opacity === "0" ? e.labels[0] : e).getBoundingClientRect();
  return {
    name: (e.getAttribute("aria-label") || label || e.innerText || e.value || "").trim(),
    what: e.outerHTML.slice(0, 120),
    visible: shown.some(drawn),
    inView: r.width > 0 && r.bottom > 0 && r.top < window.innerHeight,
  };
}"""


def focus_shown(page):
    """Where the focus is, asserting a person can see it: drawn, and on the screen."""
    focus = page.evaluate(FOCUS)
    assert focus["visible"], f"No visible focus indicator on {focus['what']}"
    assert focus["inView"], f"The focused element is off screen: {focus['what']}"
    return focus["name"]


def press_until(page, name, key="Tab", limit=80):
    """Press `key` until the focused element is named `name`, checking every stop on the way."""
    pattern = re.compile(re.escape(name)) if isinstance(name, str) else name
    for _ in range(limit):
        page.keyboard.press(key)
        if pattern.fullmatch(focus_shown(page)):
            return
    raise AssertionError(f"Could not reach {name!r} with {key}")


def test_accessibility_keyboard_only_sign_up_and_a_whole_practice(site, builtin_practices):
    passphrase = "a calm and steady passphrase"
    page = site.go("/")

    # Sign up through the real form.
    press_until(page, "Log in")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/accounts/login/$"))
    press_until(page, "Create an account")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    press_until(page, "Email")
    page.keyboard.type("keys@example.com")
    press_until(page, "Password")
    page.keyboard.type(passphrase)
    press_until(page, "Password (again)")
    page.keyboard.type(passphrase)
    press_until(page, "Create an account")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # The link from the email, then its Confirm button.
    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.go(link)
    press_until(page, "Confirm")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Account", exact=True)).to_be_visible()

    # Find a breathing practice and begin it.
    press_until(page, "Practices")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Guided practices")
    press_until(page, "Box breathing")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Box breathing")
    press_until(page, "Begin")
    page.keyboard.press("Space")

    expect(page.get_by_role("heading", level=1)).to_have_text("Before you begin")
    press_until(page, "7")
    page.keyboard.press("Enter")

    progress = page.locator(".player__progress")
    expect(progress).to_contain_text("Step 1 of")
    total = int(re.search(r"of (\d+)", progress.inner_text()).group(1))
    paused_a_breath = False
    for number in range(1, total + 1):
        expect(progress).to_contain_text(f"Step {number} of {total}")
        # Each swap puts the focus on the new step's heading, visibly, and says where we are.
        expect(page.locator("#player-heading")).to_be_focused()
        focus_shown(page)
        title = page.locator("#player-heading").inner_text()
        expect(page.locator("#announcer")).to_have_text(f"Step {number} of {total}: {title}")
        button = "Finish" if number == total else "Next"
        press_until(page, button)
        if page.locator("[data-pacer]").count() and not paused_a_breath:
            # Past the breathing guide's button: back with Shift+Tab to pause it, then on.
            press_until(page, "Pause breathing guide", key="Shift+Tab")
            page.keyboard.press("Space")
            expect(page.get_by_role("button", name="Resume breathing guide")).to_be_focused()
            paused_a_breath = True
            press_until(page, button)
        page.keyboard.press("Enter")
    assert paused_a_breath, "box breathing has a breathing step"

    expect(page.get_by_role("heading", level=1)).to_have_text("You've reached the end")
    expect(page.locator("#player-heading")).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("All steps done. How do you feel now?")
    press_until(page, "3")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Well done for taking this time")
    expect(page.locator("#player-heading")).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Practice complete")
    expect(page.locator(".summary__change")).to_have_text("You went from 7 to 3.")
    session = PracticeSession.objects.get()
    assert (session.user.email, session.finished, session.steps_completed) == (
        "keys@example.com",
        True,
        total,
    )

    # From the summary to a check-in: radio groups move with the arrow keys.
    press_until(page, "Make a quick check-in")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    # The heading is there before the page has finished loading; a Tab pressed then can
    # land on nothing (seen once on a busy machine), so wait for it as a person would.
    page.wait_for_load_state("load")
    press_until(page, "0")  # the anxiety scale's first choice
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="4", exact=True)).to_be_checked()
    focus_shown(page)
    press_until(page, "Very low")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Okay")).to_be_checked()
    press_until(page, "Sleep")
    page.keyboard.press("Space")
    press_until(page, "Save check-in")
    page.keyboard.press("Enter")
    saved = page.locator(".checkin-saved")
    expect(saved).to_be_focused()
    focus_shown(page)
    expect(page.locator("#announcer")).to_have_text("Check-in saved")
    checkin = CheckIn.objects.get()
    assert (checkin.anxiety, checkin.mood, checkin.tags) == (4, 3, "sleep")


# --- What an HTMX swap tells a screen reader -----------------------------------------
# Each swap either moves the focus to what changed or puts a message in #announcer, the
# polite live region in base.html (or both), so a person who can't see the page knows.


def test_accessibility_player_back_and_next_move_focus_and_name_the_step(site, builtin_practices):
    page = site.go(f"/practices/{PLAYER_PRACTICE}/")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip this question").click()
    heading = page.locator("#player-heading")
    expect(heading).to_be_focused()
    expect(page.locator("#announcer")).to_have_text(re.compile(r"^Step 1 of \d+: "))
    page.get_by_role("button", name="Next").click()
    expect(heading).to_be_focused()
    step_two = heading.inner_text()
    expect(page.locator("#announcer")).to_have_text(re.compile(rf"^Step 2 of \d+: {step_two}$"))
    page.get_by_role("link", name="Back").click()
    expect(page.locator(".player__progress")).to_contain_text("Step 1 of")
    expect(heading).to_be_focused()
    expect(page.locator("#announcer")).to_have_text(re.compile(r"^Step 1 of \d+: "))
    expect(page).to_have_title(re.compile(r"^Step 1 of \d+: "))


def test_accessibility_check_in_saved_or_refused_is_announced_and_focused(site, sign_in, user):
    sign_in(user)
    page = site.go("/progress/")
    # Without the browser's own `required` check, the server's refusal comes back as a swap.
    page.locator("form.checkin-form").evaluate("form => { form.noValidate = true; }")
    page.get_by_role("radio", name="Okay").check()
    page.get_by_role("button", name="Save check-in").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("The check-in was not saved.")
    expect(refusal).to_be_focused()
    expect(page.locator("#announcer")).to_have_text(
        "The check-in was not saved. Please look at the answers marked below."
    )
    # The question that needs an answer says so, and is tied to its message.
    anxiety = page.get_by_role("group", name=re.compile("How anxious"))
    expect(anxiety).to_have_accessible_description(re.compile("Choose a number from 0 to 10"))

    page.get_by_role("radio", name="3", exact=True).check()
    page.get_by_role("radio", name="Okay").check()
    page.get_by_role("button", name="Save check-in").click()
    saved = page.locator(".checkin-saved")
    expect(saved).to_contain_text("Check-in saved.")
    expect(saved).to_be_focused()
    expect(page.locator("#announcer")).to_have_text("Check-in saved")


def test_accessibility_progress_range_is_announced(site, sign_in, user):
    CheckIn.objects.create(user=user, anxiety=5, mood=3)
    sign_in(user)
    page = site.go("/progress/")
    page.get_by_role("link", name="7 days").click()
    expect(page.locator("#announcer")).to_have_text("Showing the last 7 days")
    expect(page.get_by_role("link", name="7 days")).to_be_focused()
    expect(page.get_by_role("link", name="7 days")).to_have_attribute("aria-current", "page")


def test_accessibility_search_counts_and_bookmarks_are_announced(site, sign_in, user, content):
    sign_in(user)
    page = site.go("/library/")
    search = page.get_by_role("searchbox", name="Search the library")
    search.press_sequentially("zebra", delay=40)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_text("No articles found for “zebra”")
    search.fill("")
    search.press_sequentially("breathing", delay=40)
    expect(announcer).to_have_text(re.compile(r"^\d+ articles? found for “breathing”$"))
    expect(search).to_be_focused()  # typing goes on where it was

    page.go("/library/breathing-and-anxiety/")
    page.get_by_role("button", name="Save for later").click()
    expect(announcer).to_have_text("Saved to your list")
    expect(page.get_by_role("button", name="Saved")).to_be_focused()
    page.get_by_role("button", name="Saved").click()
    expect(announcer).to_have_text("Removed from your list")
    expect(page.get_by_role("button", name="Save for later")).to_be_focused()


def test_accessibility_theme_toggle_says_what_it_did(site):
    page = site.go("/privacy/")
    toggle = page.locator("[data-theme-toggle]")
    expect(toggle).to_have_text("Use dark theme")
    toggle.click()
    expect(page.locator("#announcer")).to_have_text("Dark theme on")
    expect(toggle).to_have_text("Use light theme")
    # The label names what the button does next, so it carries no pressed state.
    expect(toggle).not_to_have_attribute("aria-pressed", re.compile(".*"))


# --- In Spanish -----------------------------------------------------------------------

SPANISH_PAGES = {
    "home": ("/", VISITORS),
    "library": ("/library/", VISITORS),
    "search-results": ("/library/search/?q=breathing", VISITORS),
    "practices": ("/practices/", VISITORS),
    "breathing-step": (f"{{session}}step/{BREATHING_STEP}/", VISITORS),
    "sos": ("/sos/", VISITORS),
    "crisis": ("/crisis/", VISITORS),
    "progress": ("/progress/", MEMBERS),
    "panic-log": ("/progress/panic/", MEMBERS),
}


@pytest.mark.parametrize("name", SPANISH_PAGES)
def test_accessibility_no_axe_violations_in_spanish(axe_tabs, live_server, user, content, name):
    """The same WCAG checks on a phone reading Aira in Spanish (chosen in the footer):
    longer words must still fit, wrap and keep their contrast, and the page says its
    language for screen readers."""
    from django.conf import settings

    phone = axe_tabs["phone"]
    phone.context.clear_cookies()
    phone.emulate_media(color_scheme="light")
    path, states = SPANISH_PAGES[name]
    if states == MEMBERS:
        phone.context.add_cookies([session_cookie(user, live_server.url)])
        CheckIn.objects.create(user=user, anxiety=6, mood=2, tags="work", note="Un día largo")
        PanicAttack.objects.create(
            user=user, peak=8, minutes=12, feared="Desmayarme", happened="Me senté y pasó"
        )
    path = resolve(path, phone, user)  # a session begun in English, then read in Spanish
    phone.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    phone.goto(path)

    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h1")).to_have_count(1)
    phone.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"{path} scrolls sideways in Spanish ({widths})"
    violations = axe_violations(phone)
    assert not violations, f"axe, {path} in Spanish:\n{describe(violations)}"

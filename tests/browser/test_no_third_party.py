"""Every main page, signed in and signed out, in English and in Spanish: no request
leaves Aira's own origin, and the Content-Security-Policy is never violated.

Every request of the browser context is recorded (the pages', and the service worker's).
CSP violations are collected two ways: a `securitypolicyviolation` listener added by an
init script (init scripts are not subject to the page's CSP) and Chromium's console
messages. A control at the end injects an inline style to prove the listener hears.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from library import builtin as library_content
from tests.browser.conftest import wait_for_offline_ready
from tests.conftest import said

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
  );
});
"""

PAGES = [
    "/",
    "/library/",
    "/library/search/?q=breathing",
    "/practices/",
    "/sos/",
    "/crisis/",
    "/privacy/",
    "/progress/",
    "/progress/history/",
    "/progress/data/",
    "/reminders/",
    "/accounts/email/",
    "/accounts/sessions/",
    "/accounts/2fa/",
    "/accounts/login/",
    "/accounts/signup/",
    "/offline/",
    "/plan/",
    "/plan/step/2/",
    "/plan/people/",
    "/plan/print/",
]
ALLOWED_SCHEMES = {"data", "blob"}  # inline images (the QR code, icons): no network


class Recorder:
    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.requests = []
        self.console = []
        self.languages = set()  # <html lang> of every page visited
        page.context.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.context.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, path):
        self.page.goto(self.origin + path)
        self.page.wait_for_load_state("networkidle")
        self.check_page()

    def check_page(self):
        self.languages.add(self.page.evaluate("document.documentElement.lang"))
        violations = self.page.evaluate("() => window.__cspViolations || []")
        assert not violations, f"CSP violations on {self.page.url}: {violations}"
        assert not self.console, f"CSP messages on {self.page.url}: {self.console}"

    def foreign_requests(self):
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ALLOWED_SCHEMES:
                continue
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                foreign.append(url)
        return foreign


def open_a_step(recorder, slug, language):
    """Through the practice's intro page, into its first step (the real Begin form)."""
    page = recorder.page
    recorder.visit(f"/practices/{slug}/")
    page.get_by_role("button", name=said(language, "Begin")).click()
    page.get_by_role("button", name=said(language, "Skip this question")).click()
    expect(page.locator(".player__progress")).to_contain_text(
        said(language, "Step %(number)s of %(step_count)s", number=1, step_count="")
    )
    page.wait_for_load_state("networkidle")
    recorder.check_page()


@pytest.fixture
def content(builtin_practices):
    library_content.load()
    from library.models import Article

    return {
        language: Article.objects.published().filter(language=language).order_by("pk").first()
        for language in ("en", "es")
    }


# Spanish once, signed in (the most pages of its own): the pages and their scripts are
# the same in both languages, but the JavaScript catalogue, the Spanish content and
# the worker kept in Spanish are not.
@pytest.mark.parametrize(
    ("signed_in", "language"),
    [(False, "en"), (True, "en"), (True, "es")],
    ids=["signed-out", "signed-in", "signed-in-spanish"],
)
def test_every_main_page_stays_on_our_origin_without_csp_violations(
    site, sign_in, user, content, signed_in, language
):
    page = site
    recorder = Recorder(page, page.site_url)
    if signed_in:
        sign_in(user)
        recorder.check_page()
    # As the footer's selector leaves it.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.site_url}]
    )
    recorder.languages.clear()

    for path in [*PAGES, content[language].get_absolute_url()]:
        recorder.visit(path)
    # The pages in this language have a worker of their own to install; its precache
    # runs in the background, and the step's form is posted once it is done.
    wait_for_offline_ready(page)
    open_a_step(recorder, {"en": "box-breathing", "es": "respiracion-en-caja"}[language], language)
    if signed_in:
        # The authenticator set-up page, with its QR code (just logged in, so the
        # password is not asked for again).
        recorder.visit("/accounts/2fa/totp/activate/")
        expect(page.get_by_role("img", name=re.compile("^[A-Z2-7]{32}$"))).to_be_visible()
        page.wait_for_load_state("networkidle")
        recorder.check_page()

    # The recorder did see the traffic: the stylesheet, scripts and htmx, all ours.
    paths = {urlsplit(url).path for url in recorder.requests}
    assert "/static/css/aira.css" in paths
    assert any(p.startswith("/static/django_htmx/") for p in paths)
    assert any(p.startswith("/i18n/js/") for p in paths)
    assert len(recorder.requests) > len(PAGES)
    assert recorder.foreign_requests() == []
    assert recorder.languages == {{"en": "en-GB", "es": "es"}[language]}


def test_the_violation_listener_does_hear_a_violation(site):
    """The control: an inline style, which the policy forbids, is reported."""
    page = site
    recorder = Recorder(page, page.site_url)
    recorder.visit("/privacy/")
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.append(s); }"
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    violations = page.evaluate("() => window.__cspViolations")
    assert violations and violations[0].startswith("style-src")

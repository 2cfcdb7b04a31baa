"""Browser tests: pytest-playwright driving Debian's Chromium against live_server."""

import importlib.util
import os
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import expect

# A loaded CI machine (2 cores, two browsers' worth of work) can be slow; 5 s is tight.
expect.set_options(timeout=10_000)

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from it with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def _server_module():
    # scripts/ is not a package; its helper module holds the one Chromium set-up that
    # make bench, make lighthouse and these tests share.
    spec = importlib.util.spec_from_file_location("_server", ROOT / "scripts" / "_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_server = _server_module()
CHROMIUM, CHROMIUM_ARGS = _server.CHROMIUM, _server.CHROMIUM_ARGS


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


class InFlightRequests:
    """How many requests the live server is handling right now (Django's request signals;
    an idle keep-alive connection is not a request). Only the live server's threads
    count: the test client runs in the main thread, and a view's exception it re-raises
    never sends request_finished."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    @staticmethod
    def in_live_server():
        return threading.current_thread() is not threading.main_thread()

    def started(self, **kwargs):
        if self.in_live_server():
            with self.lock:
                self.count += 1

    def finished(self, **kwargs):
        if self.in_live_server():
            with self.lock:
                self.count = max(0, self.count - 1)


IN_FLIGHT = InFlightRequests()


class Network:
    """The connection between the browser and the live server, which a test can cut.

    Chromium's offline emulation alone is not airtight once a service worker is involved
    (microsoft/playwright#2311): a request the worker makes, or lets fall through to the
    network, now and then still reaches the server, and a record "made offline" is then
    saved under whoever is signed in. So going offline also cuts the server off: every
    request that arrives is dropped unanswered, as a dead connection would leave it, and
    the browser sees a network error."""

    def __init__(self):
        self.down = threading.Event()

    def serve_through(self, live_server):
        httpd = live_server.thread.httpd
        if getattr(httpd.RequestHandlerClass, "gated", False):
            return
        network = self

        class GatedRequestHandler(httpd.RequestHandlerClass):
            gated = True

            def parse_request(self):
                # Read the request first, so that a kept-alive connection opened while
                # online is cut too; returning False sends nothing and closes it.
                if not super().parse_request():
                    return False
                if network.down.is_set():
                    self.close_connection = True
                    return False
                return True

        httpd.RequestHandlerClass = GatedRequestHandler

    def go_offline(self, context):
        self.down.set()
        context.set_offline(True)

    def go_online(self, context):
        context.set_offline(False)
        self.down.clear()


NETWORK = Network()


def go_offline(page_or_context):
    """No connection: Chromium's offline mode, and the server out of reach."""
    NETWORK.go_offline(getattr(page_or_context, "context", page_or_context))


def go_online(page_or_context):
    NETWORK.go_online(getattr(page_or_context, "context", page_or_context))


@pytest.fixture(autouse=True)
def _requests_finish_before_the_database_is_flushed(transactional_db):
    """After each browser test (its pages closed), wait for the live server to finish the
    requests it is handling before the test database is flushed. A service worker keeps
    fetching pages to precache them after the test's last assertion; such a request, still
    running, could otherwise write a row after the flush, into the next test's database.
    Set up after the database, so it is torn down before the flush."""
    yield
    NETWORK.down.clear()
    deadline = time.monotonic() + 5
    while IN_FLIGHT.count > 0 and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def site(live_server, page):
    """The page with a helper to open a path on the live server."""
    page.set_default_timeout(10_000)
    NETWORK.serve_through(live_server)

    def go(path):
        page.goto(live_server.url + path)
        return page

    page.site_url = live_server.url
    page.go = go
    return page


@pytest.fixture
def sign_in(live_server, page):
    """Sign `user` in through the real login form (PASSWORD from tests/conftest.py)."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    NETWORK.serve_through(live_server)

    def _sign_in(user):
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name="Account")).to_be_visible()
        return user

    return _sign_in


@pytest.fixture
def builtin_practices(transactional_db):
    from practices import builtin

    builtin.load()


def wait_for(condition, timeout=10, interval=0.1):
    """Poll `condition` (e.g. a database query) until it is true, for at most `timeout`
    seconds, and return its value. For what the server writes: the page can show a state
    (a status hidden, a note changed) before the request that writes has even started."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            assert result, (
                f"Timed out after {timeout} s waiting for {condition.__doc__ or condition}"
            )
            return result
        time.sleep(interval)


def wait_for_offline_ready(page, timeout_ms=60_000):
    """Wait until the service worker for this page's language (aira.js registers
    /sw.js?lang=<lang>) has cached everything and controls the page. A page in a newly
    chosen language installs a new worker whose precache, some sixty pages and files,
    runs in the background: `navigator.serviceWorker.ready` may still be the old worker,
    and a form posted meanwhile shares the live server with those fetches (on a loaded
    machine its navigation outlasted a click's timeout)."""
    settled = """async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const lang = encodeURIComponent(document.documentElement.lang);
        return Boolean(
            registration && registration.active && !registration.installing
            && !registration.waiting
            && registration.active.scriptURL.endsWith(`?lang=${lang}`)
        );
    }"""
    wait_until(page, settled, timeout_ms)
    # A page that started loading before the worker activated may have missed its
    # clients.claim(); a reload puts it under the worker's control.
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_until(page, "() => navigator.serviceWorker.controller !== null")


def wait_until(page, async_js, timeout_ms=10_000):
    """Poll an async browser check (wait_for_function doesn't await promises), for at most
    `timeout_ms` however slow each check is on a loaded machine."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(async_js):
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for: {async_js}")
        page.wait_for_timeout(100)  # the poll's interval, not a wait for something to happen


def tab_to(page, name, limit=60):
    """Press Tab until the focused element's text or label matches `name` (keyboard only)."""
    import re

    pattern = re.compile(re.escape(name)) if isinstance(name, str) else name
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.innerText || e.value || '').trim() : ''; }"
        )
        if pattern.fullmatch(label):
            return label
    raise AssertionError(f"Could not reach {name!r} with the Tab key")


def walk_all_steps(page):
    """Press Next on every step of the player (online or offline) and Finish on the last."""
    import re

    progress = page.locator(".player__progress")
    expect(progress).to_contain_text("Step 1 of")
    total = int(re.search(r"of (\d+)", progress.inner_text()).group(1))
    for number in range(1, total + 1):
        expect(progress).to_contain_text(f"Step {number} of {total}")
        page.get_by_role("button", name="Finish" if number == total else "Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You've reached the end")
    return total

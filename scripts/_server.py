"""Start Aira's production configuration on loopback, for `make bench` and `make lighthouse`.

Debug off, a throwaway secret key, collected static files and gunicorn, against a fresh
SQLite database in a temporary folder holding the built-in content and one user with a
long history. Plain HTTP on loopback, so the HTTPS redirect is off; nothing else is
weakened: cookies keep their `Secure` flag and `__Host-` names, and the HTTP helpers
below send them back explicitly (Python's cookie jar would not, over plain HTTP).
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WORKERS = 2  # as `make serve`; the machine running this has 2 cores
# Debian's Chromium, as the browser tests launch it too (tests/browser/conftest.py).
CHROMIUM = os.environ.get("AIRA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BENCH_EMAIL = "bench@example.com"
BENCH_SESSIONS = 10_000
BENCH_CHECKINS = 10_000
# Spread over ten years, about three sessions and three check-ins a day: a devoted
# long-time user. Squeezed into one year (27 of each a day, which nobody does), the
# progress page's 30-day views read nine times the rows; `--days 365` shows that case.
BENCH_DAYS = 3650

SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(data_dir, settings_module="aira.settings"):
    """The environment of a production process, with its data in `data_dir`.
    `settings_module` "bench_settings" is production's plus the bench's floor page
    (scripts/bench_settings.py, found through PYTHONPATH)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AIRA_"))}
    env.pop("DATABASE_URL", None)  # SQLite in data_dir, never someone's PostgreSQL
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        AIRA_DATA_DIR=str(data_dir),
    )
    if settings_module != "aira.settings":
        scripts = str(Path(__file__).resolve().parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [scripts, env.get("PYTHONPATH")]))
    return env


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


@dataclass
class Site:
    """A running production server and the signed-in benchmark user."""

    url: str
    env: dict
    data_dir: Path
    email: str
    password: str
    cookies: dict = field(default_factory=dict)  # the bench user's signed-in cookies
    # Every seeded person's signed-in cookies, by email (the first is `cookies`).
    people: dict = field(default_factory=dict)
    # The Host header to send, when not this server's own address: app servers behind
    # one load balancer all see the site's name (make load --nodes 2).
    host_header: str = ""

    @property
    def host_port(self):
        parsed = urllib.parse.urlsplit(self.url)
        return parsed.hostname, parsed.port

    def cookie_header(self, cookies=None):
        cookies = self.cookies if cookies is None else cookies
        return "; ".join(f"{k}={v}" for k, v in cookies.items())


@dataclass(frozen=True)
class History:
    """One seeded person: `sessions` practice sessions and `checkins` check-ins."""

    email: str
    sessions: int
    checkins: int
    # seed_history's random seed: a different one per person, so their uuids differ.
    seed: int = 1
    attacks: int = 0  # panic log entries


def prepare(data_dir, *, histories, days=BENCH_DAYS, settings_module="aira.settings", log=print):
    """Fresh database with realistic data, and collected static files. Returns (env, password)."""
    env = production_env(data_dir, settings_module)
    password = secrets.token_urlsafe(16)
    started = time.monotonic()
    log("Preparing a fresh database in", data_dir)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_builtin_content")
    for history in histories:
        manage(
            env,
            "seed_history",
            "--email",
            history.email,
            "--sessions",
            str(history.sessions),
            "--checkins",
            str(history.checkins),
            "--attacks",
            str(history.attacks),
            "--days",
            str(days),
            "--seed",
            str(history.seed),
            "--password",
            password,
        )
    manage(env, "collectstatic", "--no-input", "-v0")
    log(f"Prepared in {time.monotonic() - started:.0f} s")
    return env, password


@contextlib.contextmanager
def running_site(
    *,
    sessions=BENCH_SESSIONS,
    checkins=BENCH_CHECKINS,
    days=BENCH_DAYS,
    histories=None,
    settings_module="aira.settings",
    keep=False,
    log=print,
    extra_env=None,
):
    """Prepare the data, start gunicorn on a free loopback port, sign the bench users in:
    one with `sessions` and `checkins`, or each of `histories`."""
    histories = histories or [History(BENCH_EMAIL, sessions, checkins)]
    data_dir = Path(tempfile.mkdtemp(prefix="aira-bench-"))
    try:
        env, password = prepare(
            data_dir, histories=histories, days=days, settings_module=settings_module, log=log
        )
        env.update(extra_env or {})
        emails = [history.email for history in histories]
        with serving(env, data_dir, emails, password) as site:
            yield site
    finally:
        if keep:
            log("Kept the data in", data_dir)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


@contextlib.contextmanager
def serving(env, data_dir, emails, password):
    """gunicorn on a free loopback port with a prepared `env` (its database ready), and
    each of `emails` signed in with `password`; the first is the Site's own user."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [
            str(GUNICORN),
            "aira.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        site = Site(f"http://127.0.0.1:{port}", env, data_dir, emails[0], password)
        wait_until_up(site, server)
        site.people = {email: log_in(site, email) for email in emails}
        site.cookies = site.people[site.email]
        yield site
    finally:
        stop_server(server)


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until_up(site, server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode}")
        with contextlib.suppress(OSError):
            if request(site, "/healthz").status == 200:
                return
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz in time")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def set_cookies(self):
        """Cookies from every Set-Cookie header, whatever their Secure flag."""
        jar = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                jar[name] = morsel.value
        return jar


def request(site, path, *, method="GET", headers=None, body=None, cookies=None, timeout=30):
    """One HTTP request on a new connection (gunicorn's sync workers close each one)."""
    host, port = site.host_port
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        all_headers = {"Host": site.host_header or f"{host}:{port}", **(headers or {})}
        if cookies:
            all_headers["Cookie"] = site.cookie_header(cookies)
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def csrf_form_token(html):
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("No CSRF token in the form")
    return match.group(1).decode()


def post_form(site, path, data, *, cookies, referer_path=None, timeout=30):
    """POST a form with the CSRF token of the page at `referer_path` (default: `path`)."""
    page = request(site, referer_path or path, cookies=cookies, timeout=timeout)
    cookies = {**cookies, **page.set_cookies()}
    data = {"csrfmiddlewaretoken": csrf_form_token(page.body), **data}
    response = request(
        site,
        path,
        method="POST",
        body=urllib.parse.urlencode(data),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        cookies=cookies,
        timeout=timeout,
    )
    return response, {**cookies, **response.set_cookies()}


def log_in(site, email=None):
    """Sign a bench user in through the real login form; returns the cookies."""
    response, cookies = post_form(
        site,
        "/accounts/login/",
        {"login": email or site.email, "password": site.password},
        cookies={},
    )
    if response.status != 302 or SESSION_COOKIE not in cookies:
        raise RuntimeError(f"Login failed: status {response.status}")
    # Only the session and CSRF cookies: the "signed in" flash message would otherwise
    # show (and cost a little) on every measured page.
    return {name: cookies[name] for name in (SESSION_COOKIE, CSRF_COOKIE)}


def begin_practice(site, slug, cookies):
    """Start a practice session as the signed-in user; returns the path of its first step."""
    page = request(site, f"/practices/{slug}/", cookies=cookies)
    session_id = re.search(rb'name="session_id" value="([^"]+)"', page.body).group(1).decode()
    response, _ = post_form(
        site,
        f"/practices/{slug}/begin/",
        {"session_id": session_id, "skip_rating": "on"},
        cookies=cookies,
        referer_path=f"/practices/{slug}/",
    )
    location = response.headers.get("Location", "")
    if response.status != 302 or "/step/1/" not in location:
        raise RuntimeError(f"Begin failed: status {response.status}, Location {location!r}")
    return urllib.parse.urlsplit(location).path

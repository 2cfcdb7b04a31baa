"""`make load`: many signed-in people at once, on SQLite and on PostgreSQL, nothing lost.

For each database: a fresh, throwaway database with the built-in content and load-test
accounts; gunicorn with debug off and two workers on loopback (scripts/_server.py);
then

1. the login rate limit, proven across both workers: wrong passwords on new connections,
   two at a time so both workers answer, until allauth refuses as configured;
2. Locust, headless, with --users signed-in people for --duration seconds, who browse,
   do practices through the real player, save offline sessions and check in (offline
   sync and the progress page's form), sending many records twice, some of them twice
   at the same moment, as a retrying device or a double tap would; and new people who
   sign up meanwhile (as many as allauth's sign-up limit per address allows), whose
   verification emails the task worker (`manage.py db_worker`, running beside gunicorn)
   sends, to files;
3. the database compared with what the clients were told was saved: every acknowledged
   record exactly once and as acknowledged, nothing the clients never sent; and, once the
   worker has emptied the queue, exactly one verification email for every acknowledged
   sign-up.

It prints requests, error rate, p50/p95/p99 latency and the lost/duplicated counts, and
exits non-zero on any server error, failed request, lost, wrong or duplicated record,
error logged by the server, or a rate limit that did not hold.

PostgreSQL: LOAD_DATABASE_URL (default postgres://aira:aira@127.0.0.1:5432/aira_load)
names a database this script creates and drops; its name must contain "load", so it
can never be someone's data. The role needs CREATEDB (see .ci/run).
"""

# Locust patches the standard library for gevent when imported: before anything else.
from locust import HttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip
from locust.exception import StopUser  # isort: skip

import argparse
import collections
import contextlib
import itertools
import json
import math
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import _load_db  # scripts/ is not a package: imported from the script's own folder
import _server
import gevent

ROOT = _server.ROOT
PYTHON = str(_server.PYTHON)
LOAD_DB = str(Path(__file__).with_name("_load_db.py"))
DEFAULT_PG_URL = "postgres://aira:aira@127.0.0.1:5432/aira_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
LOAD_EMAIL = "load{}@example.com"
WRONG_PASSWORD = "not the password, surely"  # noqa: S105
NOTES = [
    "Tight chest before the meeting; the breathing helped a bit.",
    "Couldn't sleep — kept thinking about the appointment.",
    "Calmer after a walk. Ça va mieux. 少し落ち着いた。",
    "Panic on the train again 😞 but it passed.",
]
TAGS = ["work", "sleep", "health", "family"]


# --- The database and the server ---------------------------------------------------------


def db_helper(env, *args, capture=False):
    result = subprocess.run(  # noqa: S603 (our own helper)
        [PYTHON, LOAD_DB, *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout


@contextlib.contextmanager
def postgres_database(url):
    """Create the throwaway database named by `url`, and drop it afterwards."""
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if "load" not in name or not re.fullmatch(r"\w+", name):
        sys.exit(f"Refusing to use database {name!r}: the load run drops it afterwards.")
    admin_url = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    try:
        admin = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as exc:
        sys.exit(
            f"PostgreSQL is not reachable as {parsed.username}@{parsed.hostname}:{parsed.port}"
            f" ({exc}).\nStart it (pg_ctlcluster 15 main start) and create the role as"
            " .ci/run does, or run with --databases sqlite."
        )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def load_site(database, *, accounts, password, workers, nodes=1, redis_url="", log=print):
    """A fresh database of the given kind and `nodes` app servers serving it, each its own
    gunicorn master with `workers` workers on its own port, as on separate machines;
    yields one Site per node (the same database, cache and data folder)."""
    data_dir = Path(tempfile.mkdtemp(prefix="aira-load-"))
    env = _server.production_env(data_dir)
    # The server's own log lines (JSON, one per error) are checked after the run.
    env["DJANGO_LOG_LEVEL"] = "INFO"
    # The worker sends emails to files, one per email, counted after the run.
    env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["DJANGO_EMAIL_FILE_PATH"] = str(data_dir / "emails")
    if redis_url:
        env["REDIS_URL"] = redis_url
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        if database == "postgresql":
            env["DATABASE_URL"] = os.environ.get("LOAD_DATABASE_URL", DEFAULT_PG_URL)
            stack.enter_context(postgres_database(env["DATABASE_URL"]))
        started = time.monotonic()
        _server.manage(env, "migrate", "--no-input", "-v0")
        _server.manage(env, "createcachetable")
        _server.manage(env, "load_builtin_content")
        _server.manage(env, "collectstatic", "--no-input", "-v0")
        db_helper(env, "seed", "--users", str(accounts), "--password", password)
        if redis_url:
            db_helper(env, "clear-cache")  # counts left in Redis by an earlier run
        log(f"{database}: prepared in {time.monotonic() - started:.0f} s")
        # The task worker, as `make serve` runs it beside gunicorn: one for all nodes, as
        # in production (it sends the verification emails of the people who sign up).
        worker_log = (data_dir / "worker.log").open("w")
        stack.callback(worker_log.close)
        worker = subprocess.Popen(  # noqa: S603 (our own worker)
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        stack.callback(_server.stop_server, worker)
        sites = []
        for node in range(1, nodes + 1):
            port = _server.free_port()
            server_log = (data_dir / f"server-{node}.log").open("w")
            stack.callback(server_log.close)
            server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
                [
                    str(_server.GUNICORN),
                    "aira.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                    # Which worker (process id) answered each request: the rate-limit
                    # check shows that several did.
                    "--access-logfile",
                    str(data_dir / f"access-{node}.log"),
                    "--access-logformat",
                    "%(p)s %(m)s %(U)s %(s)s",
                ],
                cwd=ROOT,
                env=env,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(_server.stop_server, server)
            site = _server.Site(
                f"http://127.0.0.1:{port}", env, data_dir, LOAD_EMAIL.format(0), password
            )
            # One site name for all nodes, as a load balancer passes on the visitor's
            # Host: allauth's per-account login limit is keyed by it (the first node's
            # address here), and would count apart per node if each saw its own.
            site.host_header = sites[0].host_header if sites else f"127.0.0.1:{port}"
            _server.wait_until_up(site, server)
            sites.append(site)
        yield sites


def logged_errors(site):
    """Lines the servers or the worker logged at ERROR or above (a traceback counts once)."""
    lines = [
        line
        for path in [*sorted(site.data_dir.glob("server-*.log")), site.data_dir / "worker.log"]
        for line in path.read_text(errors="replace").splitlines()
    ]
    errors = []
    for line in lines:
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if record.get("level") in ("ERROR", "CRITICAL"):
                errors.append(line)
                continue
        if line.startswith("Traceback") or "[ERROR]" in line:
            errors.append(line)
    return errors


# --- 1. The login rate limit across workers ----------------------------------------------


def parse_rates(text):
    """allauth's rate syntax, e.g. "10/m/ip,5/300s/key" -> {"ip": 10, "key": 5}."""
    rates = {}
    for part in text.split(","):
        amount, _duration, per = part.strip().split("/")
        rates[per] = int(amount)
    return rates


def login_attempt(site, email, password):
    """One login POST on a new connection (after GETting the form for its CSRF token)."""
    response, _cookies = _server.post_form(
        site, "/accounts/login/", {"login": email, "password": password}, cookies={}
    )
    html = response.body.decode(errors="replace")
    if response.status == 302:
        return "signed in"
    if response.status == 429:
        return "429"
    if "Too many failed login attempts" in html:
        return "refused: too many failures"
    if "password you specified are not correct" in html:
        return "wrong password"
    return f"unexpected {response.status}"


def rate_limit_check(sites, limits, log=print):
    """Hammer the login with wrong passwords until allauth's limits bite, and check that
    each bites exactly at its configured number although several workers (and nodes, one
    attempt on each in turn) share the work."""
    site = sites[0]
    turns = itertools.cycle(sites)
    per_key = parse_rates(limits["login_failed"])["key"]
    per_ip_failed = parse_rates(limits["login_failed"])["ip"]
    per_ip_posts = parse_rates(limits["login"])["ip"]
    target = LOAD_EMAIL.format(0)
    outcomes = []
    started = time.monotonic()

    def attempts(pairs):
        # Two at a time: while one worker hashes a password the other takes the next
        # connection, so both workers count attempts against the one shared limit.
        jobs = [
            gevent.spawn(login_attempt, next(turns), email, password) for email, password in pairs
        ]
        gevent.joinall(jobs, raise_error=True)
        outcomes.extend(job.value for job in jobs)

    # The account's own limit: per_key wrong passwords, then even the right one is refused.
    wrong = [(target, WRONG_PASSWORD)] * per_key
    for start in range(0, per_key, 2):
        attempts(wrong[start : start + 2])
    attempts([(target, site.password)])
    # Then the address's limits, with other accounts: failures, then any login at all.
    others = itertools.cycle(LOAD_EMAIL.format(n) for n in range(1, 20))
    while len(outcomes) < per_ip_posts + 1:
        attempts([(next(others), WRONG_PASSWORD)])
    elapsed = time.monotonic() - started

    pids = [pid.strip("<>") for pid in login_pids(site)]
    nodes_answering = len({node for node, _pid in login_pids(site, with_node=True)})
    expected = (
        ["wrong password"] * per_key
        + ["refused: too many failures"]
        + ["wrong password"] * (per_ip_failed - per_key - 1)
        + ["refused: too many failures"] * (per_ip_posts - per_ip_failed)
        + ["429"]
    )
    problems = []
    if outcomes != expected:
        problems.append(f"outcomes {outcomes} != expected {expected}")
    if len(set(pids)) < 2:
        problems.append(f"the attempts were all answered by one worker: {pids}")
    if nodes_answering < len(sites):
        problems.append(f"only {nodes_answering} of {len(sites)} nodes answered the attempts")
    if elapsed > 55:
        problems.append(f"took {elapsed:.0f} s: the per-minute windows may have rolled over")
    first_429 = outcomes.index("429") + 1 if "429" in outcomes else None
    log(
        f"  rate limit: attempt {per_key + 1} on one account refused even with the right "
        f"password (limit {per_key}); failure {per_ip_failed + 1} from the address refused "
        f"(limit {per_ip_failed}); first 429 at login POST {first_429} (limit {per_ip_posts}); "
        f"{len(set(pids))} workers on {nodes_answering} node(s) answered: {' '.join(pids)}"
    )
    return problems


def login_pids(site, with_node=False):
    """The process ids that answered login POSTs, node by node (each its access log)."""
    pids = []
    for path in sorted(site.data_dir.glob("access-*.log")):
        node = path.stem.removeprefix("access-")
        for line in path.read_text().splitlines():
            pid, method, url, _status = line.split()
            if method == "POST" and url == "/accounts/login/":
                pids.append((node, pid) if with_node else pid)
    return pids


# --- 2. Locust: signed-in people ---------------------------------------------------------


class Ledger:
    """What the clients sent, and what the server acknowledged, per record id."""

    def __init__(self, emails):
        self.emails = emails
        self.sent = {"sessions": set(), "checkins": set()}
        self.acked = {"sessions": {}, "checkins": {}}
        self.latencies = []
        self.page_latencies = []
        self.server_errors = 0
        self.refused = 0  # 429s the people got: the write quotas must never refuse them
        self.repeated = 0  # records sent more than once
        self.raced = 0  # of which, copies sent at the same instant
        self.signups_sent = []  # addresses posted to the sign-up form
        self.signups_acked = []  # of which, those the site answered "check your email"
        self.per_node = Counter()  # requests each node answered
        self.switched = 0  # requests sent to another node than the person's previous one

    def as_json(self):
        return {
            "users": self.emails,
            "sent": {kind: sorted(ids) for kind, ids in self.sent.items()},
            "acked": self.acked,
        }


def moment(minutes_ago):
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()


class SignUpPace:
    """allauth allows `limit` sign-ups a minute from one address, and every simulated
    person is on 127.0.0.1: start a sign-up only while fewer than `limit` - 4 have
    started in the last 65 seconds, so none is refused with a 429."""

    def __init__(self, limit):
        self.budget = max(limit - 4, 1)
        self.started = collections.deque()

    def may_start(self):
        now = time.monotonic()
        while self.started and now - self.started[0] > 65:
            self.started.popleft()
        if len(self.started) >= self.budget:
            return False
        self.started.append(now)
        return True


class Person(HttpUser):
    """A signed-in person on a phone: reads, does practices, checks in; their device
    resends what it is not sure was saved."""

    wait_time = between(0.5, 2.0)
    ledger: Ledger = None
    password = ""
    numbers = None
    signup_numbers = None
    signup_pace: SignUpPace = None
    nodes: list = []  # the app servers' base URLs; each request goes to any of them
    host_header = ""  # the site's name, the same whichever node answers
    articles: list = []
    practices: list = []

    # -- HTTP with our own cookies: the production cookies are Secure and __Host-, which
    # requests' cookie jar (rightly) never sends over plain HTTP.
    def call(self, method, path, *, name=None, data=None, headers=None, expect=(200,)):
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items()),
            "Host": Person.host_header,
        }
        # Behind a load balancer without sticky sessions: any node, whichever answered
        # the last request, so a session begun on one continues on another.
        node = random.randrange(len(Person.nodes))
        Person.ledger.per_node[node] += 1
        Person.ledger.switched += getattr(self, "node", node) != node
        self.node = node
        with self.client.request(
            method,
            Person.nodes[node] + path,
            name=name or path,
            data=data,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            timeout=60,
        ) as response:
            self.client.cookies.clear()
            if response.raw is not None:
                for header in response.raw.headers.getlist("Set-Cookie"):
                    self.keep_cookie(header)
            if response.status_code >= 500:
                Person.ledger.server_errors += 1
            if response.status_code == 429:
                Person.ledger.refused += 1
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"{method} {path}: status {response.status_code}")
            return response

    def keep_cookie(self, header):
        parsed = SimpleCookie()
        parsed.load(header)
        for cookie_name, morsel in parsed.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.jar.pop(cookie_name, None)
            else:
                self.jar[cookie_name] = morsel.value

    def ok(self, response, *statuses):
        return response.status_code in statuses

    def page(self, path, name=None):
        return self.call("GET", path, name=name)

    def form_post(self, path, token, fields, *, name=None, expect=(302,)):
        data = [("csrfmiddlewaretoken", token), *fields]
        return self.call("POST", path, name=name, data=data, expect=expect)

    def json_post(self, path, fields, *, name=None):
        # As static/js/queue.js sends a record: form-encoded, the CSRF cookie's value in
        # a header, JSON back.
        headers = {
            "X-CSRFToken": self.jar.get(_server.CSRF_COOKIE, ""),
            "Accept": "application/json",
        }
        return self.call("POST", path, name=name, data=fields, headers=headers, expect=(200, 201))

    @staticmethod
    def token(response):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        return match.group(1) if match else ""

    # -- Start: sign in through the real login form.
    def on_start(self):
        self.jar = {}
        self.email = LOAD_EMAIL.format(next(Person.numbers))
        login = self.page("/accounts/login/")
        response = self.form_post(
            "/accounts/login/",
            self.token(login),
            [("login", self.email), ("password", Person.password)],
        )
        if not self.ok(response, 302):
            raise StopUser
        self.page(urllib.parse.urlsplit(response.headers["Location"]).path)
        if not Person.practices:
            listing = self.page("/practices/").text
            Person.practices = sorted(set(re.findall(r'href="/practices/([\w-]+)/"', listing)))
            library = self.page("/library/").text
            found = set(re.findall(r'href="/library/([\w-]+)/"', library))
            Person.articles = sorted(found - {"search", "saved"})

    @task(4)
    def browse(self):
        self.page("/")
        self.page("/library/")
        if Person.articles:
            self.page(f"/library/{random.choice(Person.articles)}/", name="/library/[article]/")
        self.page("/practices/")
        self.page(random.choice(["/progress/", "/progress/history/", "/sos/", "/crisis/"]))

    @task(3)
    def practise(self):
        """The real player: Begin with a session id made here, every step, a rating after."""
        slug = random.choice(Person.practices)
        detail = self.page(f"/practices/{slug}/", name="/practices/[slug]/")
        session_id = str(uuid.uuid4())
        before = random.randint(0, 10)
        Person.ledger.sent["sessions"].add(session_id)
        fields = [("session_id", session_id), ("rating", str(before))]
        begin_path = f"/practices/{slug}/begin/"
        response = self.form_post(
            begin_path, self.token(detail), fields, name="/practices/[slug]/begin/"
        )
        if random.random() < 0.3:  # a double tap on Begin: the same session, not a second
            response = self.form_post(
                begin_path, self.token(detail), fields, name="/practices/[slug]/begin/"
            )
        if not self.ok(response, 302):
            return
        record = {
            "user": self.email,
            "practice": slug,
            "rating_before": before,
            "steps_min": 0,
            "finished": False,
            "rating_after": None,
        }
        Person.ledger.acked["sessions"][session_id] = record
        location = urllib.parse.urlsplit(response.headers["Location"]).path
        while "/step/" in location:
            number = int(location.rstrip("/").rsplit("/", 1)[1])
            step = self.page(location, name="/practices/[slug]/s/[id]/step/[n]/")
            gevent.sleep(random.uniform(0.1, 0.5))  # reading, breathing
            response = self.form_post(
                location, self.token(step), [], name="/practices/[slug]/s/[id]/step/[n]/"
            )
            if not self.ok(response, 302):
                return
            record["steps_min"] = number
            location = urllib.parse.urlsplit(response.headers["Location"]).path
        after = self.page(location, name="/practices/[slug]/s/[id]/after/")
        rating = random.randint(0, 10)
        response = self.form_post(
            location,
            self.token(after),
            [("rating", str(rating))],
            name="/practices/[slug]/s/[id]/after/",
        )
        if not self.ok(response, 302):
            return
        record.update(finished=True, rating_after=rating)
        self.page(
            urllib.parse.urlsplit(response.headers["Location"]).path,
            name="/practices/[slug]/s/[id]/done/",
        )

    def send(self, path, fields, times, *, together):
        """Send one record `times` times: one after another as a retrying outbox does,
        or all at once as two tabs (or a retry racing its original) do."""
        if times > 1:
            Person.ledger.repeated += 1
            Person.ledger.raced += together
        if together:
            jobs = [gevent.spawn(self.json_post, path, fields) for _ in range(times)]
            gevent.joinall(jobs)
            responses = [job.value for job in jobs if job.value is not None]
        else:
            responses = [self.json_post(path, fields) for _ in range(times)]
        return any(self.ok(r, 200, 201) and r.json().get("status") == "saved" for r in responses)

    @task(2)
    def sync_session(self):
        """A session played offline reaches the server later, perhaps in two parts."""
        session_id = str(uuid.uuid4())
        slug = random.choice(Person.practices)
        before, after, steps = random.randint(0, 10), random.randint(0, 10), random.randint(1, 6)
        fields = {
            "session_id": session_id,
            "practice": slug,
            "started_at": moment(20),
            "rating_before": str(before),
            "rating_after": "",
            "steps_completed": str(steps - 1),
            "ended_at": "",
        }
        Person.ledger.sent["sessions"].add(session_id)
        together = random.random() < 0.5
        # Half of them first send what was done before the connection dropped.
        if random.random() < 0.5 and self.send(
            "/practices/sessions/sync/", fields, 2, together=together
        ):
            Person.ledger.acked["sessions"][session_id] = {
                "user": self.email,
                "practice": slug,
                "rating_before": before,
                "steps_min": steps - 1,
                "finished": False,
                "rating_after": None,
            }
        finished = {
            **fields,
            "steps_completed": str(steps),
            "rating_after": str(after),
            "finished": "on",
            "ended_at": moment(5),
        }
        if self.send(
            "/practices/sessions/sync/", finished, random.choice([1, 2, 3]), together=together
        ):
            Person.ledger.acked["sessions"][session_id] = {
                "user": self.email,
                "practice": slug,
                "rating_before": before,
                "steps_min": steps,
                "finished": True,
                "rating_after": after,
            }

    def new_checkin(self):
        """A check-in's answers, as the ledger records them."""
        return {
            "anxiety": random.randint(0, 10),
            "mood": random.randint(1, 5),
            "tags": random.sample(TAGS, random.randint(0, 2)),
            "note": f"{random.choice(NOTES)} #{secrets.token_hex(3)}",
        }

    def checkin_fields(self, checkin_id, checkin):
        """The form fields that send `checkin` under `checkin_id`."""
        return [
            ("uuid", checkin_id),
            ("anxiety", str(checkin["anxiety"])),
            ("mood", str(checkin["mood"])),
            ("note", checkin["note"]),
            *[("tags", tag) for tag in checkin["tags"]],
        ]

    def acknowledge_checkin(self, checkin_id, checkin):
        Person.ledger.acked["checkins"][checkin_id] = {"user": self.email, **checkin}

    @task(1)
    def sign_up(self):
        """Someone new signs up on this phone, signed out, while the others use the site.
        The site answers at once; the worker sends the verification email."""
        if not Person.signup_pace.may_start():
            return
        address = f"signup{next(Person.signup_numbers)}.{secrets.token_hex(3)}@example.com"
        password = secrets.token_urlsafe(16)
        own_jar, self.jar = self.jar, {}
        try:
            form = self.page("/accounts/signup/")
            Person.ledger.signups_sent.append(address)
            response = self.form_post(
                "/accounts/signup/",
                self.token(form),
                [("email", address), ("password1", password), ("password2", password)],
            )
            location = response.headers.get("Location", "")
            if self.ok(response, 302) and location.startswith("/accounts/confirm-email/"):
                Person.ledger.signups_acked.append(address)
            elif self.ok(response, 302):
                response.failure(f"sign-up went to {location}")
        finally:
            self.jar = own_jar

    @task(2)
    def sync_checkin(self):
        """A check-in made offline, sent by the outbox, resent when unsure."""
        checkin_id = str(uuid.uuid4())
        checkin = self.new_checkin()
        fields = self.checkin_fields(checkin_id, checkin)
        fields.append(("created_at", moment(random.randint(1, 600))))
        Person.ledger.sent["checkins"].add(checkin_id)
        times, together = random.choice([1, 2, 3]), random.random() < 0.5
        if self.send("/progress/checkins/sync/", fields, times, together=together):
            self.acknowledge_checkin(checkin_id, checkin)

    @task(2)
    def check_in(self):
        """The quick check-in form on the progress page; sometimes tapped twice."""
        progress = self.page("/progress/")
        match = re.search(r'name="uuid" value="([^"]+)"', progress.text)
        if not match:
            progress.failure("no check-in form on /progress/")
            return
        checkin_id = match.group(1)
        checkin = self.new_checkin()
        fields = self.checkin_fields(checkin_id, checkin)
        Person.ledger.sent["checkins"].add(checkin_id)
        token = self.token(progress)
        taps = 2 if random.random() < 0.3 else 1
        if taps > 1:
            Person.ledger.repeated += 1
            Person.ledger.raced += 1
        jobs = [
            gevent.spawn(self.form_post, "/progress/checkins/", token, fields) for _ in range(taps)
        ]
        gevent.joinall(jobs)
        if any(job.value is not None and self.ok(job.value, 302) for job in jobs):
            self.acknowledge_checkin(checkin_id, checkin)
            self.page("/progress/")


# --- 2b. Runaway clients, while the people use the site ---------------------------------

RUNAWAY_SENDS = 100


def runaway(sites, path, records, cookies):
    """Send records as fast as one connection allows, as a runaway script would, to each
    node in turn; returns how many were saved and how many refused as over the write
    quota (429 "busy")."""
    turns = itertools.cycle(sites)
    page = _server.request(next(turns), "/", cookies=cookies, timeout=120)
    cookies = {**cookies, **page.set_cookies()}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": cookies.get(_server.CSRF_COOKIE, ""),
        "Accept": "application/json",
    }
    outcomes = Counter()
    started = time.monotonic()
    for fields in records:
        response = _server.request(
            next(turns),
            path,
            method="POST",
            body=urllib.parse.urlencode(fields, doseq=True),
            headers=headers,
            cookies=cookies,
            timeout=120,  # as patient as the people: on a busy machine a send can queue
        )
        cookies = {**cookies, **response.set_cookies()}
        busy = response.status == 429 and json.loads(response.body)["status"] == "busy"
        outcomes["saved" if response.status == 201 else "refused" if busy else response.status] += 1
    return outcomes, time.monotonic() - started


def runaways(sites, *, email, slug):
    """A visitor (quota per address) sending offline practice sessions and an account
    (quota per account) sending check-ins, RUNAWAY_SENDS each."""
    sessions = [
        {
            "session_id": str(uuid.uuid4()),
            "practice": slug,
            "started_at": moment(10),
            "ended_at": moment(5),
            "steps_completed": "1",
            "finished": "on",
        }
        for _ in range(RUNAWAY_SENDS)
    ]
    visitor = runaway(sites, "/practices/sessions/sync/", sessions, {})
    response, cookies = _server.post_form(
        sites[-1],
        "/accounts/login/",
        {"login": email, "password": sites[0].password},
        cookies={},
        timeout=120,
    )
    if _server.SESSION_COOKIE not in cookies:
        raise RuntimeError(f"the runaway account could not sign in: {response.status}")
    checkins = [
        {"uuid": str(uuid.uuid4()), "anxiety": "5", "mood": "3", "created_at": moment(1)}
        for _ in range(RUNAWAY_SENDS)
    ]
    account = runaway(sites, "/progress/checkins/sync/", checkins, cookies)
    return {"visitor": visitor, "account": account}


def run_locust(sites, *, users, duration, signup_limit, log=print):
    emails = [LOAD_EMAIL.format(n) for n in range(users)]
    ledger = Ledger(emails)
    Person.ledger, Person.password, Person.numbers = ledger, sites[0].password, itertools.count()
    Person.signup_numbers, Person.signup_pace = itertools.count(), SignUpPace(signup_limit)
    Person.articles, Person.practices = [], []
    Person.nodes = [site.url for site in sites]
    Person.host_header = sites[0].host_header
    env = Environment(user_classes=[Person], events=events, host=sites[0].url, stop_timeout=15)

    def record(request_type, name, response_time, **_kwargs):
        # Signing in hashes a password on purpose (hundreds of milliseconds): counted in
        # the totals, and also reported apart so it does not hide how pages respond.
        ledger.latencies.append(response_time)
        if not (request_type == "POST" and name == "/accounts/login/"):
            ledger.page_latencies.append(response_time)

    env.events.request.add_listener(record)
    runner = env.create_local_runner()
    try:
        # People arrive over about ten seconds, as they would, not in the same instant.
        runner.start(users, spawn_rate=max(users / 10, 1))
        # Once everyone has arrived, two runaway clients start alongside them.
        wild = gevent.spawn_later(
            min(12, duration / 2),
            runaways,
            sites,
            email=LOAD_EMAIL.format(users),
            slug="box-breathing",
        )
        gevent.spawn_later(duration, runner.quit)
        runner.greenlet.join()
        wild.join()
    finally:
        env.events.request.remove_listener(record)
    ledger.runaways, ledger.runaway_error = wild.value, wild.exception
    return env, ledger


# --- 3. Compare, and report --------------------------------------------------------------


def wait_for_the_queue(site, timeout=180):
    """Until the worker has run every task (the emails of the last sign-ups, and their
    retries if any failed); the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if int(db_helper(site.env, "pending-tasks", capture=True)) == 0:
            return time.monotonic() - started
        time.sleep(1)
    return None


def check_signups(site, ledger, log=print):
    drained = wait_for_the_queue(site)
    counts = _load_db.verification_emails(site.data_dir / "emails")
    acked = ledger.signups_acked
    missing = [address for address in acked if counts[address] == 0]
    doubled = [address for address in acked if counts[address] > 1]
    strays = sorted(set(counts) - set(ledger.signups_sent))
    log(
        f"  sign-ups: {len(ledger.signups_sent)} sent, {len(acked)} acknowledged, "
        f"{sum(counts[a] for a in acked)} verification emails sent for them by the worker "
        + (f"(queue empty {drained:.0f} s after the run); " if drained is not None else "; ")
        + f"missing {len(missing)}, more than one {len(doubled)}, to unknown addresses {len(strays)}"
    )
    problems = []
    if drained is None:
        problems.append("the worker did not empty the queue within 3 minutes")
    if not acked:
        problems.append("no sign-up was acknowledged: the run did not exercise sign-up")
    if missing or doubled or strays:
        problems.append(
            f"verification emails: missing {missing[:5]}, doubled {doubled[:5]}, strays {strays[:5]}"
        )
    return problems


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_one(database, args, *, nodes=1, log=print):
    password = secrets.token_urlsafe(16)
    redis_url = args.redis_url if args.redis or nodes > 1 else ""
    # One account more than the people: the runaway's.
    with load_site(
        database,
        accounts=args.users + 1,
        password=password,
        workers=args.workers,
        nodes=nodes,
        redis_url=redis_url,
    ) as sites:
        site = sites[0]
        limits = json.loads(db_helper(site.env, "rate-limits", capture=True))
        problems = rate_limit_check(sites, limits, log=log)
        db_helper(site.env, "clear-cache")  # the load's own logins must not be refused

        started = time.monotonic()
        signup_limit = int(limits["signup"].split("/")[0])
        env, ledger = run_locust(
            sites, users=args.users, duration=args.duration, signup_limit=signup_limit, log=log
        )
        elapsed = time.monotonic() - started
        problems += check_signups(site, ledger, log=log)
        ledger_path = site.data_dir / "ledger.json"
        ledger_path.write_text(json.dumps(ledger.as_json()))
        verdict = json.loads(db_helper(site.env, "verify", str(ledger_path), capture=True))
        errors_logged = logged_errors(site)

    total = env.stats.total
    requests, failures = total.num_requests, total.num_failures
    exceptions = sum(e["occurrences"] for e in env.runner.exceptions.values())
    lost = verdict["sessions"]["lost"] + verdict["checkins"]["lost"]
    wrong = verdict["sessions"]["wrong"] + verdict["checkins"]["wrong"]
    duplicated = verdict["sessions"]["duplicated"] + verdict["checkins"]["duplicated"]
    latencies, pages = ledger.latencies, ledger.page_latencies
    cache = "Redis" if redis_url else "database"
    spread = " / ".join(str(ledger.per_node[n]) for n in range(nodes))
    log(
        f"== {database}, {nodes} node{'s' if nodes > 1 else ''} x gunicorn {args.workers} "
        f"workers, {cache} cache: {args.users} users, {elapsed:.0f} s\n"
        f"  requests per node {spread}; next request on another node "
        f"{ledger.switched / max(sum(ledger.per_node.values()), 1):.0%}\n"
        f"  requests {requests} ({requests / elapsed:.1f}/s), failed {failures}, "
        f"server errors (5xx) {ledger.server_errors}, error rate {failures / max(requests, 1):.2%}\n"
        f"  latency ms: p50 {percentile(latencies, 0.50):.0f}, p95 {percentile(latencies, 0.95):.0f}, "
        f"p99 {percentile(latencies, 0.99):.0f}, max {max(latencies, default=0):.0f}, "
        f"mean {statistics.fmean(latencies) if latencies else 0:.0f}; without sign-ins: "
        f"p50 {percentile(pages, 0.50):.0f}, p95 {percentile(pages, 0.95):.0f}, "
        f"p99 {percentile(pages, 0.99):.0f}\n"
        f"  practice sessions: {verdict['sessions']['acknowledged']} acknowledged, "
        f"{verdict['sessions']['rows']} rows; check-ins: {verdict['checkins']['acknowledged']} "
        f"acknowledged, {verdict['checkins']['rows']} rows; sent more than once "
        f"{ledger.repeated} (at the same instant {ledger.raced})\n"
        f"  lost {lost}, duplicated {duplicated}, wrong {wrong}, "
        f"client exceptions {exceptions}, errors logged by the server {len(errors_logged)}"
    )
    quota = int(limits["practice_writes_visitor"].split("/")[0])
    wild = ledger.runaways or {}
    for who, what in (("visitor", "sessions"), ("account", "check-ins")):
        if who not in wild:
            continue
        outcomes, seconds = wild[who]
        log(
            f"  write quota ({quota} a minute): runaway {who} sent {RUNAWAY_SENDS} {what} in "
            f"{seconds:.0f} s: {outcomes['saved']} saved, {outcomes['refused']} refused (429 busy)"
        )
        # Within a minute exactly the quota gets through; a slower run spans more windows.
        windows = 1 if seconds < 55 else math.ceil(seconds / 60) + 1
        if set(outcomes) - {"saved", "refused"} or not outcomes["refused"]:
            problems.append(f"the runaway {who} got {dict(outcomes)}")
        elif windows == 1 and outcomes["saved"] != quota:
            problems.append(f"the runaway {who} had {outcomes['saved']} saved, not {quota}")
        elif outcomes["saved"] > quota * windows:
            problems.append(f"the runaway {who} had {outcomes['saved']} saved in {seconds:.0f} s")
    log(f"  the {args.users} people were refused by a quota {ledger.refused} times")
    if ledger.runaway_error:
        problems.append(f"the runaway clients failed: {ledger.runaway_error!r}")
    if ledger.refused:
        problems.append(f"the people were refused {ledger.refused} times by the write quotas")
    for entry in env.stats.errors.values():
        log(f"  failure x{entry.occurrences}: {entry.method} {entry.name}: {entry.error}")
    for problem in verdict["problems"]:
        log(f"  {problem}")
    for line in errors_logged[:5]:
        log(f"  server log: {line[:300]}")
    for text in env.runner.exceptions.values():
        log(f"  client exception x{text['occurrences']}: {text['msg']}")
    if ledger.server_errors or failures or exceptions:
        problems.append("failed requests")
    if lost or duplicated or wrong:
        problems.append("records lost, duplicated or wrong")
    if errors_logged:
        problems.append("the server logged errors")
    if not verdict["sessions"]["acknowledged"] or not verdict["checkins"]["acknowledged"]:
        problems.append("nothing was saved: the run did not exercise the server")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=25, help="Concurrent signed-in people.")
    parser.add_argument("--duration", type=int, default=60, help="Seconds of load per database.")
    parser.add_argument("--workers", type=int, default=_server.WORKERS, help="gunicorn workers.")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="Comma-separated, in order: sqlite, postgresql.",
    )
    parser.add_argument(
        "--nodes",
        default="1",
        help="Comma-separated numbers of app servers to run in turn, e.g. 1,2. Two or more "
        "share one PostgreSQL and one Redis (PostgreSQL only).",
    )
    parser.add_argument(
        "--redis",
        action="store_true",
        help="Redis as the shared cache on one node too (always with several).",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL),
        help=f"The Redis database the run empties and uses (default {DEFAULT_REDIS_URL}).",
    )
    args = parser.parse_args()
    try:
        node_counts = [int(n) for n in args.nodes.split(",")]
    except ValueError:
        parser.error("--nodes must be numbers, e.g. 1,2")
    if any(n < 1 for n in node_counts):
        parser.error("--nodes must be 1 or more")
    if args.users > 28:
        # allauth allows 30 logins a minute from one address; every person, and the
        # runaway account, signs in from 127.0.0.1 at the start.
        parser.error("--users must be 28 or fewer (allauth's 30 logins a minute per address)")
    if args.workers < 2:
        parser.error("--workers must be 2 or more: the point is several processes")
    failed = {}
    for database in args.databases.split(","):
        if database not in ("sqlite", "postgresql"):
            parser.error(f"unknown database {database!r}")
        for nodes in node_counts:
            if nodes > 1 and database == "sqlite":
                # SQLite is one file on one machine: separate nodes cannot share it.
                continue
            problems = run_one(database, args, nodes=nodes)
            if problems:
                failed[f"{database}, {nodes} node(s)"] = problems
    for database, problems in failed.items():
        print(f"FAILED on {database}: {'; '.join(problems)}")
    if failed:
        sys.exit(1)
    print(
        "OK: no server errors, nothing lost or duplicated, the rate limit held across workers "
        "and nodes, "
        "the write quotas stopped the runaway clients and never the people"
    )


if __name__ == "__main__":
    main()

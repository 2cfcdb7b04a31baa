"""`make load-together`: many people breathing on one shared link, through gunicorn on SQLite.

A fresh SQLite database and gunicorn with debug off and two workers on loopback
(scripts/_server.py). One person starts a shared breathing session through the real
form; then --people others (200) each open the link (the page, for its CSRF token) and
poll it as their browser's htmx does, every --interval seconds (5, as in production),
for --duration seconds (60), each starting at a random moment of the first interval. All
the while a floor request, /robots.txt (no database, no template), goes every 100 ms.

Server time comes from gunicorn's access log (%(D)s, microseconds in the worker), so
the client's own work on this shared machine is not counted. It prints requests,
statuses, the poll's and the floor's median and p95, their ratio, and the count the
last polls saw, and exits 1 on any failed request, server error, error logged by the
server, a count other than --people at the end, or a poll median over 2x the floor's.
"""

import argparse
import contextlib
import datetime
import http.client
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # scripts/ is not a package: imported from the path above

ROOT = _server.ROOT
RESULTS = ROOT / "bench-results"
BUDGET_RATIO = 2.0  # the poll's median server time over /robots.txt's
FLOOR = "/robots.txt"
FLOOR_EVERY = 0.1


@contextlib.contextmanager
def site(*, workers, interval, log=print):
    data_dir = Path(tempfile.mkdtemp(prefix="aira-load-together-"))
    env = _server.production_env(data_dir)
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    env["AIRA_TOGETHER_POLL_SECONDS"] = str(interval)
    server = None
    try:
        started = time.monotonic()
        _server.manage(env, "migrate", "--no-input", "-v0")
        _server.manage(env, "createcachetable")
        _server.manage(env, "collectstatic", "--no-input", "-v0")
        log(f"Prepared in {time.monotonic() - started:.0f} s, in {data_dir}")
        port = _server.free_port()
        server_log = (data_dir / "server.log").open("w")
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
                "--access-logfile",
                str(data_dir / "access.log"),
                # Method, path, status, microseconds spent in the worker.
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        running = _server.Site(f"http://127.0.0.1:{port}", env, data_dir, "", "")
        _server.wait_until_up(running, server)
        yield running
    finally:
        if server is not None:
            _server.stop_server(server)
        shutil.rmtree(data_dir, ignore_errors=True)


def start_session(running):
    """Start a shared session as a visitor would, through the form; returns its path."""
    page = _server.request(running, "/together/")
    key = re.search(rb'name="starter_key" value="([^"]+)"', page.body).group(1).decode()
    response, _cookies = _server.post_form(
        running, "/together/", {"pattern": "gentle", "starter_key": key}, cookies={}
    )
    if response.status != 302:
        raise RuntimeError(f"Starting a session answered {response.status}")
    return urllib.parse.urlsplit(response.headers["Location"]).path


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.failures = []
        self.last_counts = {}

    def add(self, status):
        with self.lock:
            self.statuses[status] += 1

    def fail(self, message):
        with self.lock:
            self.failures.append(message)


def person(running, path, *, number, deadline, interval, tally):
    """One browser tab on the link: open it, then poll until the deadline."""
    try:
        page = _server.request(running, path)
        tally.add(page.status)
        if page.status != 200:
            tally.fail(f"person {number}: the page answered {page.status}")
            return
        cookies = page.set_cookies()
        token = re.search(rb'"X-CSRFToken": "([^"]+)"', page.body).group(1).decode()
        participant = re.search(rb'name="participant" value="([^"]+)"', page.body).group(1)
        shown = int(re.search(rb'name="shown" value="(\d+)"', page.body).group(1))
    except Exception as exc:  # any failure is a failed request for the report
        tally.fail(f"person {number}: opening the link failed: {exc!r}")
        return
    time.sleep(random.uniform(0, interval))  # noqa: S311 (spreading the load, not secrets)
    while time.monotonic() < deadline:
        sent = time.monotonic()
        try:
            response = _server.request(
                running,
                f"{path}here/",
                method="POST",
                body=urllib.parse.urlencode({"participant": participant.decode(), "shown": shown}),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                    "X-CSRFToken": token,
                    "Referer": running.url + path,
                },
                cookies=cookies,
            )
        except (OSError, http.client.HTTPException) as exc:
            tally.fail(f"person {number}: poll failed: {exc!r}")
            return
        tally.add(response.status)
        if response.status == 200:
            found = re.search(rb'name="shown" value="(\d+)"', response.body)
            shown = int(found.group(1)) if found else shown
        elif response.status != 204:
            tally.fail(f"person {number}: poll answered {response.status}")
        with tally.lock:
            tally.last_counts[number] = shown
        time.sleep(max(0, interval - (time.monotonic() - sent)))


def floor(running, *, deadline, tally):
    while time.monotonic() < deadline:
        try:
            tally.add(_server.request(running, FLOOR).status)
        except (OSError, http.client.HTTPException) as exc:
            tally.fail(f"floor request failed: {exc!r}")
        time.sleep(FLOOR_EVERY)


def server_times(access_log, poll_path):
    polls, floors = [], []
    for line in access_log.read_text().splitlines():
        method, path, _status, micros = line.split()
        if method == "POST" and path == poll_path:
            polls.append(int(micros) / 1000)
        elif path == FLOOR:
            floors.append(int(micros) / 1000)
    return polls, floors


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def logged_errors(data_dir):
    text = (data_dir / "server.log").read_text(errors="replace")
    return [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200, help="Tabs polling the one link.")
    parser.add_argument("--duration", type=int, default=60, help="Seconds of polling.")
    parser.add_argument("--interval", type=float, default=5, help="Seconds between polls.")
    parser.add_argument("--workers", type=int, default=_server.WORKERS, help="gunicorn workers.")
    args = parser.parse_args()

    with site(workers=args.workers, interval=args.interval) as running:
        path = start_session(running)
        tally = Tally()
        # Everyone opens the link at once, then polls for --duration seconds.
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=person,
                args=(running, path),
                kwargs={
                    "number": n,
                    "deadline": deadline,
                    "interval": args.interval,
                    "tally": tally,
                },
            )
            for n in range(args.people)
        ]
        threads.append(
            threading.Thread(
                target=floor, args=(running,), kwargs={"deadline": deadline, "tally": tally}
            )
        )
        print(
            f"{args.people} people polling {path}here/ every {args.interval:g} s for {args.duration} s"
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(0.5)  # the access log's last lines
        polls, floors = server_times(running.data_dir / "access.log", f"{path}here/")
        errors = logged_errors(running.data_dir)

    poll_median, floor_median = statistics.median(polls), statistics.median(floors)
    ratio = poll_median / floor_median
    counts = Counter(tally.last_counts.values())
    rows = [
        ("People", f"{args.people}, polling every {args.interval:g} s for {args.duration} s"),
        (
            "Requests",
            f"{sum(tally.statuses.values()):,} ({', '.join(f'{s}: {n:,}' for s, n in sorted(tally.statuses.items()))})",
        ),
        ("Polls", f"{len(polls):,} ({len(polls) / args.duration:.1f} a second)"),
        ("Poll server time", f"median {poll_median:.2f} ms, p95 {percentile(polls, 0.95):.2f} ms"),
        (
            "/robots.txt server time",
            f"median {floor_median:.2f} ms, p95 {percentile(floors, 0.95):.2f} ms",
        ),
        ("Poll median / floor median", f"{ratio:.2f} (budget {BUDGET_RATIO:g})"),
        (
            "Count seen at the last poll",
            ", ".join(f"{c} by {n}" for c, n in sorted(counts.items())),
        ),
        ("Failed requests", str(len(tally.failures))),
        ("Errors logged by the server", str(len(errors))),
    ]
    problems = list(tally.failures[:20]) + errors[:20]
    if ratio > BUDGET_RATIO:
        problems.append(f"the poll's median is {ratio:.2f}x the floor's (budget {BUDGET_RATIO:g}x)")
    if set(counts) != {args.people}:
        problems.append(f"the last polls saw {dict(counts)} people, not {args.people}")
    if any(status >= 400 and status != 404 for status in tally.statuses):
        problems.append(f"statuses {dict(tally.statuses)}")

    stamp = datetime.datetime.now(datetime.UTC)
    commit = subprocess.run(  # noqa: S603 (our own git)
        [shutil.which("git") or "git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    table = [
        f"# Breathe together: load on one shared link ({stamp:%Y-%m-%d %H:%M} UTC, {commit})",
        "",
        f"gunicorn, {args.workers} workers, SQLite, debug off, on loopback; server time from "
        "gunicorn's access log.",
        "",
        "| measure | value |",
        "| --- | --- |",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
        "Result: " + ("pass" if not problems else "FAIL"),
    ]
    report = "\n".join(table) + "\n"
    print(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"together-{stamp:%Y-%m-%d-%H%M}.md").write_text(report)
    (RESULTS / "together-latest.md").write_text(report)
    for problem in problems:
        print("  -", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

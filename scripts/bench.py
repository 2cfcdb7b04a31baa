"""`make bench`: how fast and how light Aira's key pages are, in production configuration.

Starts gunicorn with debug off on loopback (scripts/_server.py, with
scripts/bench_settings.py: production's settings plus a floor page) against a fresh
SQLite database holding the built-in content and two people, one with 1,000 practice
sessions, 1,000 check-ins and 100 panic log entries, one with 100,000 sessions and
check-ins and 1,000 panic log entries, spread over ten years, then
measures each public page, and each personal page for both people:

- server time: median and p95 wall time of sequential requests on loopback, with two
  "floor" requests interleaved in the same loop, so the ratios stay comparable on a
  noisy machine: /robots.txt (no database, no template) and a 20-row list read from
  the database and rendered through a small template (/bench/floor-list/, served only
  by the bench's settings: the framework's own cost for a real page);
- queries per request, counted in-process with Django's test client against the same
  database file (gunicorn cannot report them);
- HTML bytes (uncompressed) and everything a first visit transfers (compressed, as
  Chromium receives it, with an empty cache);
- requests per second with concurrent clients, for the home page and a practice step.

No page cache: pages are built from the database on every request (the bench's
settings switch off the fragment cache while it exists). Prints one Markdown table,
saves it to bench-results/, and exits 1 if a page is over budget.
"""

import argparse
import datetime
import gzip
import html.parser
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # scripts/ is not a package: imported from the path above

ROOT = _server.ROOT
RESULTS = ROOT / "bench-results"
CHROMIUM = _server.CHROMIUM
CHROMIUM_ARGS = _server.CHROMIUM_ARGS

ARTICLE = "when-to-seek-professional-help"  # the longest built-in article
PRACTICE = "box-breathing"  # a breathing step: the pacer script and its markup
FLOOR = "/robots.txt"
FLOOR_LIST = "/bench/floor-list/"  # scripts/bench_urls.py
GIT = shutil.which("git") or "git"

# Two people, as many sessions as check-ins each; the personal pages are measured for
# both, and must not grow by more than BUDGET_GROWTH from the first to the second.
SMALL_HISTORY = 1_000
LARGE_HISTORY = 100_000
# Panic log entries for each: a heavy log (an attack every few days for ten years) for
# the larger history.
ATTACKS = {SMALL_HISTORY: 100, LARGE_HISTORY: 1_000}

BUDGET_FIRST_LOAD = 60 * 1024
BUDGET_QUERIES = 10
# Median page time over the 20-row floor's median.
BUDGET_RATIO_PUBLIC = 2.0
BUDGET_RATIO_PERSONAL = 5.0
BUDGET_GROWTH = 1.3  # the larger history's median over the smaller's


@dataclass
class Page:
    name: str
    path: str
    person: str = ""  # the signed-in person's email; "" for a visitor
    history: int | None = None  # their sessions (and check-ins), for the report
    fragment: bool = False  # an htmx swap: no first load of its own
    # Kept out of search engines on purpose: search results (noindex, as search engines
    # ask), the player (noindex) and private pages (robots.txt Disallow: /progress/).
    indexable: bool = True
    times: list = field(default_factory=list)
    floor: list = field(default_factory=list)  # /robots.txt, right after each request
    floor_list: list = field(default_factory=list)  # the 20-row floor, right after that
    queries: int | None = None
    sql: list = field(default_factory=list)  # the queries counted, for EXPLAIN (bench-scale)
    html_bytes: int = 0
    first_load: int | None = None
    first_load_requests: int = 0
    fonts: int = 0
    blocking: list = field(default_factory=list)  # render-blocking problems found in <head>
    over: list = field(default_factory=list)

    @property
    def headers(self):
        return {"HX-Request": "true"} if self.fragment else {}

    @property
    def signed_in(self):
        return bool(self.person)

    def cookies(self, site):
        return site.people[self.person] if self.person else None

    @property
    def label(self):
        if self.history is None:
            return self.name
        return f"{self.name}, {self.history:,} sessions"

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def ratio(self):
        """Median time over the 20-row floor's median: what the budgets hold."""
        return self.median / statistics.median(self.floor_list)


def bench_histories():
    return [
        _server.History(f"bench-{size}@example.com", size, size, seed=number, attacks=ATTACKS[size])
        for number, size in enumerate((SMALL_HISTORY, LARGE_HISTORY), start=1)
    ]


def key_pages(step_path):
    """Every key page once, the personal ones for the single person of a plain
    `_server.running_site()` (make lighthouse)."""
    history = _server.History(_server.BENCH_EMAIL, _server.BENCH_SESSIONS, _server.BENCH_CHECKINS)
    return public_pages() + personal_pages(history, step_path)


def public_pages():
    return [
        Page("Home", "/"),
        Page("Library home", "/library/"),
        Page("Article", f"/library/{ARTICLE}/"),
        Page("Search results", "/library/search/?q=breath", indexable=False),
        Page("Practices index", "/practices/"),
        Page("SOS", "/sos/"),
    ]


def personal_pages(history, step_path):
    person = {"person": history.email, "history": history.sessions, "indexable": False}
    return [
        Page("Practice step", step_path, **person),
        Page("Practice step (htmx fragment)", step_path, fragment=True, **person),
        Page("Progress", "/progress/", **person),
        Page("History", "/progress/history/", **person),
        Page("Panic log", "/progress/panic/", **person),
    ]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- Server time ------------------------------------------------------------------------


# As a browser asks: every page then pays for its compression (GZipMiddleware), the
# floors included.
ACCEPT = {"Accept-Encoding": "gzip"}


def timed(site, page_path, *, cookies=None, headers=None):
    started = time.perf_counter()
    response = _server.request(
        site, page_path, cookies=cookies, headers={**ACCEPT, **(headers or {})}
    )
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{page_path} answered {response.status}")
    return elapsed, response


def html_of(response):
    """The page's HTML, uncompressed: the table reports its size as written."""
    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.body)
    return response.body


def measure_times(site, pages, *, requests, warmup, log):
    # Round robin over the pages, each request followed by the floor request: drift in the
    # machine's speed (other processes, CPU frequency) then touches every page and its
    # floor alike, and the ratio stays comparable from run to run.
    for round_number in range(warmup + requests):
        for page in pages:
            elapsed, response = timed(
                site, page.path, cookies=page.cookies(site), headers=page.headers
            )
            floor = timed(site, FLOOR)[0]
            floor_list = timed(site, FLOOR_LIST)[0]
            if round_number >= warmup:
                page.times.append(elapsed)
                page.floor.append(floor)
                page.floor_list.append(floor_list)
            page.html_bytes = len(html_of(response))
            if page.fragment and b"<html" in html_of(response):
                raise RuntimeError(f"{page.name}: expected a fragment, got a whole page")
    log(f"  {requests} rounds of {len(pages)} pages, after {warmup} warm-up rounds")


# --- Queries ----------------------------------------------------------------------------


def count_queries(site, pages):
    """Queries per request, in this process, with the server's settings and database."""
    os.environ.update(site.env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.signed_in:
            client.cookies[_server.SESSION_COOKIE] = page.cookies(site)[_server.SESSION_COOKIE]
        headers = page.headers
        client.get(page.path, headers=headers)  # warm: content types, compiled templates
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{page.path} answered {response.status_code} in-process")
        page.queries = len(captured.captured_queries)
        page.sql = [query["sql"] for query in captured.captured_queries]
    connection.close()


# --- First load in Chromium -------------------------------------------------------------


class HeadParser(html.parser.HTMLParser):
    """Finds what blocks rendering: scripts without defer/async in <head>, and stylesheets."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.blocking_scripts = []
        self.stylesheets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "script" and self.in_head:
            deferred = "defer" in attrs or "async" in attrs or attrs.get("type") == "module"
            if not deferred and attrs.get("type", "text/javascript") != "application/json":
                self.blocking_scripts.append(attrs.get("src", "inline script"))
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def check_render_blocking(site, page):
    response = _server.request(site, page.path, cookies=page.cookies(site))
    parser = HeadParser()
    parser.feed(response.body.decode())
    problems = [f"blocking script {src}" for src in parser.blocking_scripts]
    if len(parser.stylesheets) != 1:
        problems.append(f"{len(parser.stylesheets)} stylesheets")
    for href in parser.stylesheets:
        css = _server.request(site, href).body
        if b"@import" in css:
            problems.append(f"{href} uses @import")
    page.blocking = problems


def measure_first_loads(site, pages, log):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for page in pages:
                if page.fragment:
                    continue
                first_load(browser, site, page)
                log(
                    f"  {page.name}: {page.first_load / 1024:.1f} KB in "
                    f"{page.first_load_requests} requests"
                )
        finally:
            browser.close()


def first_load(browser, site, page):
    """Bytes on the wire for a first visit: a new context, so an empty cache."""
    context = browser.new_context(
        viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True
    )
    try:
        if page.signed_in:
            context.add_cookies(
                [
                    {
                        "name": name,
                        "value": value,
                        # Host-only as __Host- requires (Chromium refuses `url` here);
                        # Chromium treats loopback as secure, so it sends them back.
                        "domain": "127.0.0.1",
                        "path": "/",
                        "secure": True,
                        "sameSite": "Lax",
                        "httpOnly": name == _server.SESSION_COOKIE,
                    }
                    for name, value in page.cookies(site).items()
                ]
            )
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        sizes, kinds, failed = {}, {}, []
        cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        cdp.on("Network.loadingFailed", lambda e: failed.append(e))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        response = tab.goto(site.url + page.path, wait_until="load")
        if response.status != 200 or tab.url != site.url + page.path:
            raise RuntimeError(f"{page.path}: status {response.status}, ended at {tab.url}")
        tab.wait_for_load_state("networkidle")
        if failed:
            raise RuntimeError(f"{page.path}: failed requests {failed}")
        page.first_load = sum(sizes.values())
        page.first_load_requests = len(sizes)
        page.fonts = sum(1 for kind in kinds.values() if kind == "Font")
    finally:
        context.close()


def service_worker_precache(site):
    """What the service worker fetches in the background after a first visit (compressed)."""
    body = _server.request(site, "/sw.js").body.decode()
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    total = 0
    for url in urls:
        response = _server.request(site, url, headers={"Accept-Encoding": "br, gzip"})
        total += len(response.body)
    return len(urls), total


# --- Throughput -------------------------------------------------------------------------


def throughput(site, path, *, cookies, clients, duration):
    counts, errors, latencies = [0] * clients, [0] * clients, [[] for _ in range(clients)]
    deadline = time.monotonic() + duration

    def worker(index):
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = _server.request(site, path, cookies=cookies)
                ok = response.status == 200
            except OSError:
                ok = False
            if ok:
                counts[index] += 1
                latencies[index].append((time.perf_counter() - started) * 1000)
            else:
                errors[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = [ms for per_client in latencies for ms in per_client]
    return {
        "requests": sum(counts),
        "errors": sum(errors),
        "rps": sum(counts) / elapsed,
        "median": statistics.median(every) if every else float("nan"),
        "p95": percentile(every, 0.95) if every else float("nan"),
    }


# --- Report -----------------------------------------------------------------------------


def apply_budgets(pages, *, small=SMALL_HISTORY, large=LARGE_HISTORY):
    """Marks each page over a budget; the growth compares the histories `large` and
    `small` (make bench-scale measures other sizes)."""
    for page in pages:
        budget = BUDGET_RATIO_PERSONAL if page.signed_in else BUDGET_RATIO_PUBLIC
        if page.queries > BUDGET_QUERIES:
            page.over.append(f"{page.queries} queries > {BUDGET_QUERIES}")
        if page.ratio > budget:
            page.over.append(f"ratio {page.ratio:.1f} > {budget:g}")
        if page.first_load is not None and page.first_load > BUDGET_FIRST_LOAD:
            page.over.append(f"first load {page.first_load / 1024:.1f} KB > 60 KB")
        if page.fonts:
            page.over.append(f"{page.fonts} web font downloads")
        page.over.extend(page.blocking)
    # The same personal page for the larger history against the smaller.
    for page in pages:
        grown = growth(page, pages, small=small, large=large)
        if grown is None:
            continue
        if grown > BUDGET_GROWTH:
            page.over.append(f"{grown:.2f}x the {small:,} figure > {BUDGET_GROWTH:g}x")
        fewer = next(p for p in pages if p.name == page.name and p.history == small)
        if page.queries != fewer.queries:
            page.over.append(f"{page.queries} queries, {fewer.queries} with {small:,}")


def growth(page, pages, *, small=SMALL_HISTORY, large=LARGE_HISTORY):
    """The larger history's median over the smaller's, for the same page; else None."""
    if page.history != large:
        return None
    for other in pages:
        if other.name == page.name and other.history == small:
            return page.median / other.median
    return None


def git_revision():
    # Read-only: GIT_OPTIONAL_LOCKS=0 stops `git status` from refreshing the index.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        revision, dirty = (
            subprocess.run(  # noqa: S603
                [GIT, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
            for args in (["rev-parse", "--short", "HEAD"], ["status", "--porcelain"])
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return revision + (" plus uncommitted changes" if dirty else "")


def report(pages, rates, precache, args, now):
    floor = statistics.median([ms for page in pages for ms in page.floor])
    floor_list = statistics.median([ms for page in pages for ms in page.floor_list])
    lines = [
        f"# Aira benchmark, {now:%Y-%m-%d %H:%M}",
        "",
        f"Commit {git_revision()}; {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"gunicorn with {_server.WORKERS} sync workers, debug off, SQLite, no page cache. "
        f"Two signed-in people, with {SMALL_HISTORY:,} and with {LARGE_HISTORY:,} practice "
        f"sessions and as many check-ins each, over {args.days:,} days.",
        f"Server times: {args.requests} sequential requests per page after {args.warmup} "
        f"warm-up ones, each followed by the two floor requests; wall time on loopback.",
        "First load: bytes Chromium received (compressed, headers included) for a first "
        "visit with an empty cache, until the network is idle.",
        "",
        "| floor | median ms |",
        "| --- | ---: |",
        f"| `{FLOOR}` (no database, no template) | {floor:.2f} |",
        f"| 20-row list from the database through a small template | {floor_list:.2f} |",
        "",
        "Ratio: the page's median over the 20-row floor's median, measured in the same loop. "
        "Growth: the page with the larger history over the same page with the smaller.",
        "",
        "| page | median ms | p95 ms | ratio | growth | queries | HTML bytes "
        "| first load KB (requests) | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages:
        first = (
            "n/a (swap)"
            if page.first_load is None
            else f"{page.first_load / 1024:.1f} ({page.first_load_requests})"
        )
        grown = growth(page, pages)
        budget = "OK" if not page.over else "OVER: " + "; ".join(page.over)
        lines.append(
            f"| {page.label} | {page.median:.1f} | {percentile(page.times, 0.95):.1f} "
            f"| {page.ratio:.1f} | {'' if grown is None else f'{grown:.2f}'} "
            f"| {page.queries} | {page.html_bytes:,} | {first} | {budget} |"
        )
    lines += [
        "",
        f"Throughput: {args.clients} concurrent clients for {args.duration:g} s each "
        "(clients and server share the same CPUs).",
        "",
        "| page | requests | req/s | median ms | p95 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rate in rates:
        lines.append(
            f"| {name} | {rate['requests']} | {rate['rps']:.1f} | {rate['median']:.1f} "
            f"| {rate['p95']:.1f} | {rate['errors']} |"
        )
    count, size = precache
    lines += [
        "",
        f"Budgets: public pages at most {BUDGET_RATIO_PUBLIC:g}x the 20-row floor, pages "
        f"with personal data at most {BUDGET_RATIO_PERSONAL:g}x, and with {LARGE_HISTORY:,} "
        f"sessions at most {BUDGET_GROWTH:g}x their time with {SMALL_HISTORY:,}; at most "
        f"{BUDGET_QUERIES} queries, the same at both sizes; first load at most 60 KB; in "
        "`<head>` no script without `defer`/`async` and exactly one stylesheet (no "
        "`@import`); no web font downloads.",
        f"Not in the first-load figure: after the first visit the service worker precaches "
        f"{count} files for offline use in the background ({size / 1024:.1f} KB compressed).",
        "",
    ]
    return "\n".join(lines)


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def save_report(text, now, prefix=""):
    """Keep a report under bench-results/: dated, and as the latest of its kind."""
    RESULTS.mkdir(exist_ok=True)
    dated = f"{prefix}{now:%Y-%m-%d-%H%M}.md"
    (RESULTS / dated).write_text(text)
    (RESULTS / f"{prefix}latest.md").write_text(text)
    log(f"Saved bench-results/{dated} and bench-results/{prefix}latest.md")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per page.")
    parser.add_argument("--warmup", type=int, default=20, help="Untimed requests first.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--duration", type=float, default=10, help="Seconds per throughput run.")
    parser.add_argument(
        "--days", type=int, default=_server.BENCH_DAYS, help="Days the histories span."
    )
    parser.add_argument("--no-save", action="store_true", help="Print only; save no file.")
    args = parser.parse_args()
    now = datetime.datetime.now()
    started = time.monotonic()
    histories = bench_histories()
    with _server.running_site(
        histories=histories, days=args.days, settings_module="bench_settings", log=log
    ) as site:
        pages = public_pages()
        for history in histories:
            step = _server.begin_practice(site, PRACTICE, site.people[history.email])
            pages += personal_pages(history, step)
        # The throughput run below plays the larger history's step.
        log("Server times")
        measure_times(site, pages, requests=args.requests, warmup=args.warmup, log=log)
        log("Queries")
        count_queries(site, pages)
        log("Render-blocking resources")
        for page in pages:
            if not page.fragment:
                check_render_blocking(site, page)
        log("First loads in Chromium")
        measure_first_loads(site, pages, log)
        precache = service_worker_precache(site)
        log("Throughput")
        large = site.people[histories[-1].email]
        rates = [
            (
                name,
                throughput(
                    site, path, cookies=cookies, clients=args.clients, duration=args.duration
                ),
            )
            for name, path, cookies in [
                ("Home", "/", None),
                (f"Practice step, {LARGE_HISTORY:,} sessions", step, large),
            ]
        ]
    apply_budgets(pages)
    text = report(pages, rates, precache, args, now)
    print(text)
    if not args.no_save:
        save_report(text, now)
    log(f"make bench took {time.monotonic() - started:.0f} s")
    over = [page.label for page in pages if page.over]
    if over:
        log("Over budget: " + ", ".join(over))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

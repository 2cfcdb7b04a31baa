"""`make bench-scale`: the personal pages on PostgreSQL holding many people's data.

`make bench` measures one machine's SQLite with two people. This fills a throwaway
PostgreSQL database the way years of use would: --size small (the default, 2,000
accounts and 400,000 practice sessions and check-ins in all, seconds), medium (20,000
and 2,000,000, about a minute) or large (100,000 accounts and 10,000,000 rows, minutes),
written with COPY, then serves it with gunicorn as `make bench` does and looks at the
personal pages of two of those people, one with 100 sessions and 100 check-ins and one
with 100,000 of each, with make bench's own code (scripts/bench.py):

- server time: median and p95 of --requests sequential requests on loopback, each
  followed by the two floor requests (`/robots.txt` and the 20-row list), so the ratio
  to the 20-row floor stays comparable on a noisy machine;
- queries per request (in-process), which must stay within the budget and be the same
  for both people;
- the budgets of `make bench` for pages with personal data: at most 5x the 20-row floor,
  and the larger history's time at most 1.3x the smaller's;
- EXPLAIN of every query those pages send: a sequential scan of the sessions or check-ins
  table, which reads every person's rows to find one person's, fails the bench.

Prints a Markdown table with the seeding time, saves it to bench-results/ and exits 1
when a page is over a budget. The database is named by BENCH_DATABASE_URL (default
postgres://aira:aira@127.0.0.1:5432/aira_bench_scale), must contain "bench" in its name,
and is created and dropped by the run (--keep keeps it).
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _server  # scripts/ is not a package: imported from the path above
import bench  # make bench's pages, loop, query count and budgets, shared

ROOT = _server.ROOT
RESULTS = ROOT / "bench-results"
DEFAULT_URL = "postgres://aira:aira@127.0.0.1:5432/aira_bench_scale"
# (accounts, practice sessions and check-ins in all)
SIZES = {
    "small": (2_000, 400_000),
    "medium": (20_000, 2_000_000),
    "large": (100_000, 10_000_000),
}
PEOPLE = {"few@example.com": 100, "many@example.com": 100_000}  # sessions, and check-ins
DAYS = 3650
WATCHED_TABLES = {"practices_practicesession", "tracking_checkin"}


def log(*parts):
    print(*parts, flush=True)


@contextlib.contextmanager
def throwaway_database(url, keep):
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name or not re.fullmatch(r"\w+", name):
        sys.exit(f"Refusing to use database {name!r}: the bench drops it afterwards.")
    admin_url = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield
        finally:
            if keep:
                log("Kept the database", name)
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Seeding with COPY ------------------------------------------------------------------


def copy_rows(cursor, model, columns, rows):
    """COPY `rows` (tuples in `columns` order) into `model`'s table; returns the count."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    count = 0
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def moments(rng, end, count):
    """`count` moments over the past DAYS, in order of generation (not sorted)."""
    for _ in range(count):
        yield end - datetime.timedelta(seconds=rng.randrange(DAYS * 86_400))


def seed(accounts, total_rows, rng, password):
    """The accounts and their rows; the measured people (PEOPLE) sign in with `password`."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from aira.models import User
    from practices.models import Practice, PracticeSession, PracticeTotals
    from tracking.models import CheckIn, Tag, join_tags

    now = timezone.now()
    tags = Tag.values  # built anew on each access: once here
    hashed = make_password(secrets.token_urlsafe(16))  # the others never sign in
    signed_in = make_password(password)
    emails = list(PEOPLE) + [f"person{n}@example.com" for n in range(accounts - len(PEOPLE))]
    practices = list(Practice.objects.published().values_list("pk", "minutes"))
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            copy_rows(
                cursor,
                User,
                [
                    "password",
                    "is_superuser",
                    "is_staff",
                    "is_active",
                    "date_joined",
                    "email",
                    "display_name",
                ],
                (
                    (signed_in if email in PEOPLE else hashed, False, False, True, now, email, "")
                    for email in emails
                ),
            )
            ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
            copy_rows(
                cursor,
                EmailAddress,
                ["user_id", "email", "verified", "primary"],
                ((ids[email], email, True, True) for email in emails),
            )
            # Each kind of record: the two people's, then the rest shared by everyone else.
            others = [ids[email] for email in emails[len(PEOPLE) :]]
            rest = max(0, total_rows - 2 * sum(PEOPLE.values())) // 2
            owners = [(ids[email], n) for email, n in PEOPLE.items()]
            share, extra = divmod(rest, len(others)) if others else (0, 0)
            owners += [(pk, share + (i < extra)) for i, pk in enumerate(others)]

            def sessions():
                for user_id, count in owners:
                    for started in moments(rng, now, count):
                        practice, minutes = rng.choice(practices)
                        finished = rng.random() < 0.85
                        before = rng.randint(3, 9) if finished else None
                        yield (
                            uuid.UUID(int=rng.getrandbits(128), version=4),
                            practice,
                            user_id,
                            started,
                            started + datetime.timedelta(minutes=minutes) if finished else None,
                            before,
                            max(0, before - rng.randint(0, 3)) if finished else None,
                            rng.randint(3, 8) if finished else rng.randint(0, 2),
                            finished,
                        )

            def checkins():
                for user_id, count in owners:
                    for created in moments(rng, now, count):
                        anxiety = rng.randint(0, 10)
                        yield (
                            uuid.UUID(int=rng.getrandbits(128), version=4),
                            user_id,
                            created,
                            created,
                            anxiety,
                            max(1, min(5, 5 - anxiety // 3)),
                            join_tags(rng.sample(tags, rng.choice([0, 0, 1, 1, 2]))),
                            "A short note." if rng.random() < 0.2 else "",
                        )

            written = copy_rows(
                cursor,
                PracticeSession,
                [
                    "uuid",
                    "practice_id",
                    "user_id",
                    "started_at",
                    "ended_at",
                    "rating_before",
                    "rating_after",
                    "steps_completed",
                    "finished",
                ],
                sessions(),
            )
            written += copy_rows(
                cursor,
                CheckIn,
                ["uuid", "user_id", "created_at", "updated_at", "anxiety", "mood", "tags", "note"],
                checkins(),
            )
        # The summary rows the pages read, kept by PracticeSession.save() in normal use.
        for user in User.objects.filter(email__in=PEOPLE):
            PracticeTotals.rebuild_for(user)
    with connection.cursor() as cursor:
        # COPY leaves the new rows unmarked in PostgreSQL's visibility map, so an index-only
        # scan still visits the table for each row, until a VACUUM marks its pages (as
        # autovacuum does in a database that has been in use for years): do it now, or
        # the pages read a table page per row of the period. Outside the transaction
        # above: VACUUM refuses to run in one.
        for model in (PracticeSession, CheckIn):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("ANALYZE")
    return written


# --- Pages ------------------------------------------------------------------------------


def sequential_scans(plan):
    """Tables in `plan` (EXPLAIN's JSON) read by a sequential scan."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(plan.get("Relation Name"))
    for child in plan.get("Plans", []):
        found += sequential_scans(child)
    return found


def explain(cursor, sql):
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]


def pages_of(site):
    """make bench's personal pages, and the clinician summary, for each measured person."""
    pages = []
    for email, history in PEOPLE.items():
        step = _server.begin_practice(site, bench.PRACTICE, site.people[email])
        person = _server.History(email, history, history)
        pages += bench.personal_pages(person, step)
        pages.append(
            bench.Page(
                "Summary", "/progress/summary/", person=email, history=history, indexable=False
            )
        )
    return pages


def explain_queries(pages):
    """Each page's queries (counted by bench.count_queries) through EXPLAIN: the
    sequential scans of the watched tables, by page."""
    from django.db import connection

    scans = {}
    with connection.cursor() as cursor:
        for page in pages:
            scans[page.label] = [
                f"{table}: {sql[:200]}"
                for sql in page.sql
                if sql.lstrip().upper().startswith("SELECT")
                for table in sequential_scans(explain(cursor, sql))
                if table in WATCHED_TABLES
            ]
    connection.close()
    return scans


def apply_budgets(pages, scans):
    """make bench's budgets (the 20-row floor ratio, the growth from the smaller history
    to the larger, the query count), plus: no sequential scan of the sessions or
    check-ins, and some queries captured (none would mean none was explained)."""
    small, large = sorted(PEOPLE.values())
    bench.apply_budgets(pages, small=small, large=large)
    for page in pages:
        if not page.queries:
            page.over.append("no queries captured, so none was explained")
        page.over.extend(f"sequential scan of {scan}" for scan in scans.get(page.label, []))


def report(pages, args, accounts, total_rows, seeded, seconds):
    small, large = sorted(PEOPLE.values())
    floor = statistics.median([ms for page in pages for ms in page.floor])
    floor_list = statistics.median([ms for page in pages for ms in page.floor_list])
    lines = [
        f"Scale bench, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, size "
        f"{args.size}, commit {bench.git_revision()}: {accounts:,} accounts, {seeded:,} "
        f"practice sessions and check-ins (asked {total_rows:,}), seeded with COPY in "
        f"{seconds:.0f} s; PostgreSQL; gunicorn with {_server.WORKERS} sync workers, debug "
        f"off. {args.requests} sequential requests a page after {args.warmup} warm-up "
        "ones, each followed by the two floor requests, as in `make bench`; wall time on "
        "loopback.",
        "",
        "| floor | median ms |",
        "| --- | ---: |",
        f"| `{bench.FLOOR}` (no database, no template) | {floor:.2f} |",
        f"| 20-row list from the database through a small template | {floor_list:.2f} |",
        "",
        "Ratio: the page's median over the 20-row floor's median, measured in the same loop. "
        f"Growth: the page for the person with {large:,} sessions over the same page for "
        f"the person with {small:,}.",
        "",
        "| page | median ms | p95 ms | ratio | growth | queries | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages:
        grown = bench.growth(page, pages, small=small, large=large)
        budget = "OK" if not page.over else "OVER: " + "; ".join(page.over)
        lines.append(
            f"| {page.label} | {page.median:.1f} | {bench.percentile(page.times, 0.95):.1f} "
            f"| {page.ratio:.1f} | {'' if grown is None else f'{grown:.2f}'} "
            f"| {page.queries} | {budget} |"
        )
    lines += [
        "",
        f"Budgets: at most {bench.BUDGET_RATIO_PERSONAL:g}x the 20-row floor, and with "
        f"{large:,} sessions at most {bench.BUDGET_GROWTH:g}x the time with {small:,}; at "
        f"most {bench.BUDGET_QUERIES} queries, the same at both sizes; `EXPLAIN` of every "
        "query shows no sequential scan of the sessions or check-ins.",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--requests", type=int, default=100, help="Timed requests per page.")
    parser.add_argument("--warmup", type=int, default=10, help="Untimed requests first.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed of the data.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--no-save", action="store_true", help="Print only; save no file.")
    args = parser.parse_args()
    accounts, total_rows = SIZES[args.size]
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    password = secrets.token_urlsafe(16)

    data_dir = Path(tempfile.mkdtemp(prefix="aira-bench-scale-"))
    env = _server.production_env(data_dir, "bench_settings")  # with the 20-row floor
    env["DATABASE_URL"] = url
    with throwaway_database(url, args.keep):
        _server.manage(env, "migrate", "--no-input", "-v0")
        _server.manage(env, "createcachetable")
        _server.manage(env, "load_builtin_content")
        _server.manage(env, "collectstatic", "--no-input", "-v0")
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        log(f"Seeding {accounts:,} accounts and {total_rows:,} rows with COPY…")
        started = time.monotonic()
        seeded = seed(accounts, total_rows, random.Random(args.seed), password)  # noqa: S311
        seconds = time.monotonic() - started
        log(f"Seeded in {seconds:.0f} s")
        connection.close()
        with _server.serving(env, data_dir, list(PEOPLE), password) as site:
            pages = pages_of(site)
            log("Server times")
            bench.measure_times(site, pages, requests=args.requests, warmup=args.warmup, log=log)
            log("Queries and their plans")
            bench.count_queries(site, pages)
            scans = explain_queries(pages)

    apply_budgets(pages, scans)
    text = report(pages, args, accounts, total_rows, seeded, seconds)
    print(text)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        path = RESULTS / f"scale-{args.size}-{stamp}.md"
        path.write_text(text + "\n")
        log("Saved", path.relative_to(ROOT))
    over = [page.label for page in pages if page.over]
    if over:
        log("Over budget: " + ", ".join(over))
        sys.exit(1)
    log("OK: every personal page within its budgets, no sequential scan of sessions or check-ins")


if __name__ == "__main__":
    main()

"""`make bench-scale`: the personal pages on PostgreSQL holding many people's data.

`make bench` measures one machine's SQLite with two people. This fills a throwaway
PostgreSQL database the way years of use would: --size small (the default, 2,000
accounts and 400,000 practice sessions and check-ins in all, about a minute) or --size
large (100,000 accounts and 10,000,000 rows), written with COPY, then looks at the
personal pages of two of those people, one with 100 sessions and 100 check-ins and one
with 100,000 of each:

- server time in this process (Django's test client: no HTTP, no gunicorn), median and
  p95 of --requests requests;
- queries per request, which must stay within the budget and not grow with the history;
- EXPLAIN of every query those pages send: a sequential scan of the sessions or check-ins
  table, which reads every person's rows to find one person's, fails the bench.

Prints a Markdown table with the seeding time, saves it to bench-results/ and exits 1 on
a sequential scan or a query budget missed. The database is named by
BENCH_DATABASE_URL (default postgres://aira:aira@127.0.0.1:5432/aira_bench_scale), must
contain "bench" in its name, and is created and dropped by the run (--keep keeps it).
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

ROOT = _server.ROOT
RESULTS = ROOT / "bench-results"
DEFAULT_URL = "postgres://aira:aira@127.0.0.1:5432/aira_bench_scale"
# (accounts, practice sessions and check-ins in all)
SIZES = {"small": (2_000, 400_000), "large": (100_000, 10_000_000)}
PEOPLE = {"few@example.com": 100, "many@example.com": 100_000}  # sessions, and check-ins
DAYS = 3650
BUDGET_QUERIES = 10  # as make bench
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


def seed(accounts, total_rows, rng):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from aira.models import User
    from practices.models import Practice, PracticeSession, PracticeTotals
    from tracking.models import CheckIn, Tag, join_tags

    now = timezone.now()
    tags = Tag.values  # built anew on each access: once here
    hashed = make_password(secrets.token_urlsafe(16))  # nobody signs in with a password here
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
                ((hashed, False, False, True, now, email, "") for email in emails),
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


def measure(email, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from aira.models import User

    user = User.objects.get(email=email)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    begin = client.post(
        "/practices/box-breathing/begin/", {"session_id": uuid.uuid4(), "skip_rating": "on"}
    )
    step = urllib.parse.urlsplit(begin["Location"]).path
    pages = [
        ("Progress", "/progress/"),
        ("History", "/progress/history/"),
        ("Summary", "/progress/summary/"),
        ("Practice step", step),
    ]
    results = []
    for name, path in pages:
        client.get(path)  # warm: compiled templates, content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # Read from the connection's log now: later requests may start it afresh.
        queries = [query["sql"] for query in captured.captured_queries]
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        scans = []
        with connection.cursor() as cursor:
            for sql in queries:
                if sql.lstrip().upper().startswith("SELECT"):
                    for table in sequential_scans(explain(cursor, sql)):
                        if table in WATCHED_TABLES:
                            scans.append(f"{table}: {sql[:200]}")
        times.sort()
        results.append(
            {
                "page": name,
                "person": email,
                "history": PEOPLE[email],
                "median": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "queries": len(queries),
                "scans": scans,
            }
        )
    return results


def report(rows, args, accounts, total_rows, seeded, seconds):
    lines = [
        f"Scale bench, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, size {args.size}: "
        f"{accounts:,} accounts, {seeded:,} practice sessions and check-ins "
        f"(asked {total_rows:,}), seeded with COPY in {seconds:.0f} s; PostgreSQL; "
        f"{args.requests} requests a page, in-process.",
        "",
        "| page | person's sessions (and check-ins) | median ms | p95 ms | queries | "
        "sequential scans of sessions or check-ins |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['history']:,} | {row['median']:.1f} | {row['p95']:.1f} | "
            f"{row['queries']} | {len(row['scans']) or 'none'} |"
        )
    return "\n".join(lines)


def problems_in(rows):
    problems = []
    by_page = {}
    for row in rows:
        by_page.setdefault(row["page"], []).append(row)
        for scan in row["scans"]:
            problems.append(f"{row['page']} ({row['history']:,}): sequential scan of {scan}")
        if not row["queries"]:
            # Every personal page reads the session: none captured means none checked.
            problems.append(f"{row['page']}: no queries captured, so none was explained")
        if row["queries"] > BUDGET_QUERIES:
            problems.append(f"{row['page']}: {row['queries']} queries (budget {BUDGET_QUERIES})")
    for page, pair in by_page.items():
        if len({row["queries"] for row in pair}) > 1:
            problems.append(f"{page}: the query count grows with the history")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed of the data.")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--no-save", action="store_true", help="Print only; save no file.")
    args = parser.parse_args()
    accounts, total_rows = SIZES[args.size]
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)

    data_dir = Path(tempfile.mkdtemp(prefix="aira-bench-scale-"))
    env = _server.production_env(data_dir)
    env["DATABASE_URL"] = url
    with throwaway_database(url, args.keep):
        _server.manage(env, "migrate", "--no-input", "-v0")
        _server.manage(env, "createcachetable")
        _server.manage(env, "load_builtin_content")
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection

        log(f"Seeding {accounts:,} accounts and {total_rows:,} rows with COPY…")
        started = time.monotonic()
        seeded = seed(accounts, total_rows, random.Random(args.seed))  # noqa: S311
        seconds = time.monotonic() - started
        log(f"Seeded in {seconds:.0f} s")
        rows = []
        for email in PEOPLE:
            rows += measure(email, args.requests)
        connection.close()

    text = report(rows, args, accounts, total_rows, seeded, seconds)
    problems = problems_in(rows)
    print(text)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        path = RESULTS / f"scale-{args.size}-{stamp}.md"
        path.write_text(text + "\n")
        log("Saved", path.relative_to(ROOT))
    for problem in problems:
        print("FAILED:", problem)
    if problems:
        sys.exit(1)
    print("OK: no sequential scan of the sessions or check-ins on personal pages")


if __name__ == "__main__":
    main()

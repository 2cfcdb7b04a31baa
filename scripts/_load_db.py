"""The database side of `make load`, run in its own process with the server's environment.

    python scripts/_load_db.py seed --users 25 --password ...   # verified load-test accounts
    python scripts/_load_db.py clear-cache                      # empty the shared cache
    python scripts/_load_db.py rate-limits                      # allauth's login limits, JSON
    python scripts/_load_db.py verify LEDGER.json               # compare the rows with the ledger
    python scripts/_load_db.py pending-tasks                    # tasks not yet run by the worker

The load driver (scripts/load.py) runs under gevent's monkey-patching and drives two
databases one after the other; Django can be set up only once per process, against one
database, so this side runs as a child process configured by the environment it gets
(the same DATABASE_URL or AIRA_DATA_DIR as the server under load). `verify` prints one
JSON object on stdout.
"""

import argparse
import email
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD_EMAIL = "load{}@example.com"


def seed(users, password):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from aira.models import User

    # One hash for every account: the production hasher takes a good fraction of a second
    # per password by design, and the accounts share a password anyway.
    hashed = make_password(password)
    with transaction.atomic():
        for number in range(users):
            email = LOAD_EMAIL.format(number)
            user, _ = User.objects.update_or_create(email=email, defaults={"password": hashed})
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"primary": True, "verified": True}
            )
    print(f"{users} load-test accounts ready")


def clear_cache():
    from django.core.cache import cache

    cache.clear()


def rate_limits():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    actions = ("login", "login_failed", "signup", "practice_writes_visitor", "checkin_writes")
    print(json.dumps({action: limits[action] for action in actions}))


def pending_tasks():
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    print(DBTaskResult.objects.filter(status__in=waiting).count())


def verification_emails(folder):
    """How many verification emails went to each address (the filebased backend writes
    each connection's messages to a file, separated by a line of 79 dashes)."""
    counts = Counter()
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.strip())
            if "confirm" in (message["Subject"] or "").lower():
                counts[message["To"]] += 1
    return counts


def same_tags(stored, sent):
    return set(filter(None, stored.split(","))) == set(sent)


def check_sessions(ledger, owners):
    """Lost, wrong and duplicated practice sessions. Returns (counts, problems)."""
    from practices.models import PracticeSession

    acked = ledger["acked"]["sessions"]
    sent = set(ledger["sent"]["sessions"])
    rows = list(
        PracticeSession.objects.filter(user__email__in=owners)
        .select_related("practice", "user")
        .order_by()
    )
    return compare(
        rows,
        acked,
        sent,
        lambda row, want: (
            ("user", row.user.email == want["user"]),
            ("practice", row.practice.slug == want["practice"]),
            ("rating_before", row.rating_before == want["rating_before"]),
            # A step acknowledged is recorded; one sent as the run stopped may be too.
            ("steps_completed", row.steps_completed >= want["steps_min"]),
            ("finished", row.finished or not want["finished"]),
            ("rating_after", not want["finished"] or row.rating_after == want["rating_after"]),
        ),
    )


def check_checkins(ledger, owners):
    from tracking.models import CheckIn

    acked = ledger["acked"]["checkins"]
    sent = set(ledger["sent"]["checkins"])
    rows = list(CheckIn.objects.filter(user__email__in=owners).select_related("user").order_by())
    return compare(
        rows,
        acked,
        sent,
        lambda row, want: (
            ("user", row.user.email == want["user"]),
            ("anxiety", row.anxiety == want["anxiety"]),
            ("mood", row.mood == want["mood"]),
            ("note", row.note == want["note"]),
            ("tags", same_tags(row.tags, want["tags"])),
        ),
    )


def compare(rows, acked, sent, checks):
    """Every acknowledged record exactly once and as acknowledged; nothing the clients
    never sent. `checks(row, want)` gives (field name, matches) pairs. A record sent but never acknowledged (the run stopped mid-request, or
    it failed) may or may not be there: neither counts."""
    counts = Counter(str(row.uuid) for row in rows)
    by_uuid = {str(row.uuid): row for row in rows}
    problems = []
    lost = wrong = 0
    for uuid, want in acked.items():
        row = by_uuid.get(uuid)
        if row is None:
            lost += 1
            problems.append(f"lost {uuid}")
            continue
        fields = [name for name, matches in checks(row, want) if not matches]
        if fields:
            wrong += 1
            problems.append(f"{uuid} differs in {', '.join(fields)}")
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    unexpected = [uuid for uuid in counts if uuid not in sent]
    problems += [f"{uuid} stored {n} times" for uuid, n in counts.items() if n > 1]
    problems += [f"{uuid} was never sent" for uuid in unexpected]
    return {
        "acknowledged": len(acked),
        "rows": len(rows),
        "lost": lost,
        "wrong": wrong,
        # A row nobody sent can only be a second copy of something that was.
        "duplicated": duplicated + len(unexpected),
    }, problems


def verify(path):
    ledger = json.loads(Path(path).read_text())
    owners = ledger["users"]
    sessions, session_problems = check_sessions(ledger, owners)
    checkins, checkin_problems = check_checkins(ledger, owners)
    print(
        json.dumps(
            {
                "sessions": sessions,
                "checkins": checkins,
                "problems": (session_problems + checkin_problems)[:20],
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed")
    seed_parser.add_argument("--users", type=int, required=True)
    seed_parser.add_argument("--password", required=True)
    commands.add_parser("clear-cache")
    commands.add_parser("rate-limits")
    verify_parser = commands.add_parser("verify")
    verify_parser.add_argument("ledger")
    commands.add_parser("pending-tasks")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aira.settings")
    import django

    django.setup()
    if args.command == "seed":
        seed(args.users, args.password)
    elif args.command == "clear-cache":
        clear_cache()
    elif args.command == "rate-limits":
        rate_limits()
    elif args.command == "pending-tasks":
        pending_tasks()
    else:
        verify(args.ledger)


if __name__ == "__main__":
    main()

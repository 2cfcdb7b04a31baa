"""Rate limits hold across processes: what one app server (or gunicorn worker) counts,
every other one sees, because the count lives in the shared cache (the database's, or
Redis with REDIS_URL: aira/settings.py). A second Django process, started here with the
production settings against the test database, saves check-ins; this one then finds
the account's quota used up."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from tracking.models import CheckIn

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cache_backend]

ROOT = Path(__file__).resolve().parents[2]
QUOTA = 60  # settings.ACCOUNT_RATE_LIMITS["checkin_writes"]: 60 a minute per account

SAVE_CHECKINS = """
import json, uuid
from django.test import Client
from aira.models import User
client = Client()
client.force_login(User.objects.get(pk=USER_PK))
answers = [
    client.post(
        "/progress/checkins/",
        {"uuid": str(uuid.uuid4()), "anxiety": "4", "mood": "3", "note": "From the other node."},
    ).status_code
    for _ in range(COUNT)
]
print(json.dumps(answers))
"""


def database_environment():
    """The environment that points a second process at this test's database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # The production settings keep SQLite in $AIRA_DATA_DIR/aira.sqlite3, the test
        # database's very name (aira/test_settings.py).
        assert Path(db["NAME"]).name == "aira.sqlite3"
        return {"AIRA_DATA_DIR": str(Path(db["NAME"]).parent)}
    url = (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    return {"DATABASE_URL": url}


def save_checkins_in_another_process(user, count):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        database_environment(),
        DJANGO_SETTINGS_MODULE="aira.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    script = SAVE_CHECKINS.replace("USER_PK", str(user.pk)).replace("COUNT", str(count))
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def checkin():
    return {"uuid": str(uuid.uuid4()), "anxiety": "4", "mood": "3", "note": "From this node."}


def test_a_quota_half_used_in_another_process_is_half_used_here(owner_client, user):
    assert not isinstance(caches["default"], LocMemCache)  # the shared cache, as in production
    half = QUOTA // 2

    assert save_checkins_in_another_process(user, half) == [302] * half
    answers = [owner_client.post("/progress/checkins/", checkin()).status_code for _ in range(half)]
    over = owner_client.post("/progress/checkins/", checkin())

    assert answers == [302] * half
    assert over.status_code == 429
    assert CheckIn.objects.filter(user=user).count() == QUOTA

"""The settings module, run the way production runs it: in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "aira.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_secret_key_with_debug_off_is_a_clear_startup_error(tmp_path):
    result = run_manage("check", env_overrides={"AIRA_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_bad_boolean_is_a_clear_error(tmp_path):
    result = run_manage(
        "check", env_overrides={"DJANGO_DEBUG": "maybe", "AIRA_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SECRET_KEY": "x" * 30 + "-a-long-and-random-looking-secret-key-0123456789",
            "DJANGO_ALLOWED_HOSTS": "aira.example",
            "AIRA_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_an_smtp_server_that_hangs_fails_the_send_after_30_seconds(tmp_path):
    """Without a timeout, a send to a server that stops answering holds the worker's
    task for ever (aira.tasks.fail_abandoned_tasks would then call it lost)."""
    show = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    production = {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "aira.example",
        "AIRA_DATA_DIR": str(tmp_path),
    }
    result = run_manage("shell", "-c", show, env_overrides=production)
    assert result.stdout.split()[-1:] == ["30"], result.stderr
    result = run_manage(
        "shell", "-c", show, env_overrides={**production, "DJANGO_EMAIL_TIMEOUT": "10"}
    )
    assert result.stdout.split()[-1:] == ["10"], result.stderr


MODES_AFTER_A_WRITE = """
import os
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (x int)")
    cursor.execute("INSERT INTO t VALUES (1)")
    db = str(settings.DATABASES["default"]["NAME"])
    for name in (db, db + "-wal", db + "-shm"):
        print(os.path.basename(name), oct(os.stat(name).st_mode & 0o777))
"""


def sqlite_modes(data_dir):
    result = run_manage(
        "shell",
        "-c",
        MODES_AFTER_A_WRITE,
        # SQLite whatever database the suite itself runs on.
        env_overrides={"DJANGO_DEBUG": "1", "AIRA_DATA_DIR": str(data_dir), "DATABASE_URL": ""},
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split() for line in result.stdout.splitlines() if "sqlite3" in line)


def test_the_live_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    # Like a backup: it holds everyone's notes. Its -wal and -shm files too.
    assert sqlite_modes(tmp_path) == {
        "aira.sqlite3": "0o600",
        "aira.sqlite3-wal": "0o600",
        "aira.sqlite3-shm": "0o600",
    }


def test_a_database_an_earlier_version_left_readable_is_tightened(tmp_path):
    (tmp_path / "aira.sqlite3").touch(mode=0o644)
    (tmp_path / "aira.sqlite3").chmod(0o644)
    assert sqlite_modes(tmp_path)["aira.sqlite3"] == "0o600"

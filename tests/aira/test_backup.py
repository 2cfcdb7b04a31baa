"""`manage.py backup`: a consistent copy of a database in use, that can be read back."""

import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aira.backup import copy_sqlite
from tracking.models import CheckIn

NOTE = "Backed-up note: the sea helped today"


def test_sqlite_backup_while_another_connection_writes_is_a_consistent_snapshot(tmp_path):
    live = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(live)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE entry (batch INTEGER, part INTEGER)")
    setup.commit()
    setup.close()

    stop = threading.Event()
    batches = []

    def write():
        # Every transaction writes a pair of rows: a torn copy would hold an odd number.
        writer = sqlite3.connect(live, isolation_level=None, timeout=20)
        batch = 0
        while not stop.is_set():
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO entry VALUES (?, 1)", (batch,))
            writer.execute("INSERT INTO entry VALUES (?, 2)", (batch,))
            writer.execute("COMMIT")
            batches.append(batch)
            batch += 1
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while len(batches) < 50:
            time.sleep(0.01)
        source = sqlite3.connect(live, timeout=20)
        copies = [copy_sqlite(source, tmp_path / f"copy-{n}.sqlite3") for n in range(3)]
        source.close()
        # Let the writer carry on a little after the last copy, as the site would.
        after_copies = len(batches)
        while len(batches) < after_copies + 10:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()

    for copy in copies:
        # Restoring is copying the file into place; then it reads like the original.
        restored = tmp_path / "restored.sqlite3"
        shutil.copyfile(copy, restored)
        db = sqlite3.connect(restored)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        rows = db.execute("SELECT COUNT(*), COUNT(DISTINCT batch) FROM entry").fetchone()
        db.close()
        assert rows[0] > 0
        assert rows[0] == 2 * rows[1]  # whole transactions only
        assert rows[1] < len(batches)  # taken while the writer was still writing
        restored.unlink()
    assert not list(tmp_path.glob("*.partial"))


def back_up_a_checkin(make_user, tmp_path, pattern):
    """Someone's check-in, then `manage.py backup`: (the user, the one backup file)."""
    user = make_user()
    CheckIn.objects.create(user=user, anxiety=6, mood=2, note=NOTE)
    call_command("backup", output_dir=tmp_path)
    [backup] = tmp_path.glob(pattern)
    assert backup.stat().st_mode & 0o777 == 0o600  # everyone's notes: owner only
    return user, backup


@pytest.mark.django_db(transaction=True)
def test_backup_command_copies_the_database_and_it_reads_back(make_user, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backup; PostgreSQL is tested below when running on it")
    user, backup = back_up_a_checkin(make_user, tmp_path, "aira-*.sqlite3")
    db = sqlite3.connect(backup)
    assert db.execute("SELECT note, anxiety FROM tracking_checkin").fetchall() == [(NOTE, 6)]
    assert db.execute("SELECT email FROM aira_user").fetchall() == [(user.email,)]
    db.close()


@pytest.mark.django_db(transaction=True)
def test_backup_command_dumps_postgresql(make_user, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is tested when the suite runs on PostgreSQL")
    user, backup = back_up_a_checkin(make_user, tmp_path, "aira-*.dump")
    # pg_restore without a database writes the SQL it would run: the rows are in it.
    sql = subprocess.run(
        [shutil.which("pg_restore"), "--file", "-", str(backup)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "COPY public.tracking_checkin" in sql
    assert NOTE in sql
    assert user.email in sql


@pytest.mark.django_db
def test_backup_never_overwrites_an_existing_file(tmp_path, monkeypatch):
    monkeypatch.setattr("aira.backup.backup_name", lambda vendor: "taken.bak")
    (tmp_path / "taken.bak").write_text("an earlier backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output_dir=tmp_path)
    assert (tmp_path / "taken.bak").read_text() == "an earlier backup"

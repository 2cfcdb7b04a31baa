"""Consistent backups of the live database, for `manage.py backup` (`make backup`).

SQLite: the sqlite3 online backup API copies the database page by page as one
consistent snapshot while gunicorn keeps reading and writing it (copying the file, or
its -wal beside it, mid-write can give a torn copy). PostgreSQL: pg_dump, which reads
one snapshot of the whole database inside a single transaction.
"""

import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path


class BackupError(Exception):
    pass


def create_private(path):
    """An empty file only its owner can read: a backup holds everyone's notes."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def backup_name(vendor, now=None):
    """aira-20261118-142501.sqlite3: sorts by time, says which database it came from."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"aira-{stamp}." + ("sqlite3" if vendor == "sqlite" else "dump")


def copy_sqlite(source, destination):
    """Copy the open sqlite3 connection `source` to the new file `destination`."""
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a run that was killed
    create_private(partial)
    target = sqlite3.connect(partial)
    try:
        # All pages in one step: the copy is a snapshot of one moment, and in WAL mode the
        # site's writers carry on meanwhile.
        source.backup(target)
        problems = target.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(f"The copy failed its integrity check: {problems[:3]}")
        # A single file to copy back, with no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    # Only a complete, checked copy takes the final name.
    os.replace(partial, destination)
    return destination


def dump_postgres(settings_dict, destination):
    """pg_dump in its custom format (compressed; pg_restore can restore a single table)."""
    env = {**os.environ, "PGPASSWORD": str(settings_dict.get("PASSWORD") or "")}
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(destination)]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    command.append(settings_dict["NAME"])
    create_private(destination)
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        Path(destination).unlink(missing_ok=True)
        raise BackupError("pg_dump is not installed (apt-get install postgresql-client).") from exc
    except subprocess.CalledProcessError as exc:
        Path(destination).unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {exc.stderr.strip()}") from exc
    return Path(destination)


def back_up(connection, output_dir):
    """Back up the database behind Django's `connection` into `output_dir`; returns the path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    destination = output_dir / backup_name(connection.vendor)
    if destination.exists():
        raise BackupError(f"{destination} already exists; try again in a second.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return copy_sqlite(connection.connection, destination)
    if connection.vendor == "postgresql":
        return dump_postgres(connection.settings_dict, destination)
    raise BackupError(f"No backup method for {connection.vendor}.")

"""Settings for the test suite: the real settings with a few speed-ups.

Everything else (database choice via DATABASE_URL, security, allauth) is exactly what
production reads, so the suite tests the real configuration.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from aira.settings import *  # noqa: F403

# A fast hasher: the suite creates many users and hashing strength is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic in tests: plain storage serves files straight from static/.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the request, so an email is in mail.outbox when the response
# comes back. Tests of the queue itself switch to the database backend
# (tests/aira/test_tasks.py) and run the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
WHITENOISE_AUTOREFRESH = True
# live_server speaks plain HTTP, so links in emails must too.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file (in memory-backed /dev/shm where there is one), not Django's default
    # in-memory test database. That one is a single connection, which the live server
    # shares between all its request threads, and it deadlocked a browser test: one thread
    # inside SQLite (holding the connection's mutex) ran the search's REGEXP function and
    # waited for the GIL, while another thread, holding the GIL, waited for that mutex to
    # bind its parameters. With a file every thread has its own connection, with WAL and
    # the busy timeout, exactly as under gunicorn.
    # A private directory (mkdtemp: owner only, a new name each run), removed at exit.
    _shm = "/dev/shm"  # noqa: S108
    _test_dir = tempfile.mkdtemp(prefix="aira-test-", dir=_shm if os.path.isdir(_shm) else None)
    atexit.register(shutil.rmtree, _test_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_test_dir) / "aira.sqlite3")}  # noqa: F405

"""Settings for the test suite: the real settings with a few speed-ups.

Everything else (database choice via DATABASE_URL, security, allauth) is exactly what
production reads, so the suite tests the real configuration.
"""

import os

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
SECURE_SSL_REDIRECT = False
WHITENOISE_AUTOREFRESH = True
# live_server speaks plain HTTP, so links in emails must too.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

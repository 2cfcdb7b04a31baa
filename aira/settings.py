"""Aira's settings: one module, configured from the environment.

Every value that differs between a laptop and production comes from an environment
variable read through the small helpers below, which fail loudly on a bad value
rather than guessing. The README lists each variable.
"""

import contextlib
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def private_sqlite_file(path: Path) -> Path:
    """The SQLite database, created readable by its owner only, as backups are (SQLite
    itself would make it 0644): it holds everyone's notes. Its -wal and -shm files take
    the database's mode; files an earlier version made 0644 are tightened."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if name.exists() and name.stat().st_uid == os.getuid() and name.stat().st_mode & 0o077:
            name.chmod(0o600)
    return path


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "aira",
    "accounts",
    "library",
    "practices",
    "tracking",
    "plans",
    "offline",
    "together",
    "reminders",
    "aira.apps.AiraAdminConfig",  # django.contrib.admin, signed in through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

# The apps that keep rows about a person: the export lists them and account deletion
# removes them, each through the app's own module (accounts/personal_data.py). The order
# is the order of the export's sections and of the preference columns in account.csv.
PERSONAL_DATA = [
    "tracking.personal_data",
    "practices.personal_data",
    "library.personal_data",
    "reminders.personal_data",
    "plans.personal_data",
]
# Built-in content loaded by `manage.py load_builtin_content` (aira/builtin.py): each module
# has a load() function. Practices come first because articles point at the practice
# they recommend.
BUILTIN_CONTENT = ["practices.builtin", "library.builtin"]

MIDDLEWARE = [
    # First, so it compresses the finished page (pages, not media: see its docstring).
    "aira.middleware.PageGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "aira.middleware.CrossOriginResourcePolicyMiddleware",
    # Before anything reads the body; after the two above (which don't), so a 413 gets
    # their headers too.
    "aira.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware, after authentication so a signed-in person's saved
    # language can win over the cookie and Accept-Language (it adds Vary: Accept-Language).
    "aira.middleware.LocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "aira.middleware.PermissionsPolicyMiddleware",
    "aira.middleware.TimezoneMiddleware",
    "aira.middleware.NoStoreAccountPagesMiddleware",
    "aira.middleware.RejectNulBytesMiddleware",
]

ROOT_URLCONF = "aira.urls"
FORM_RENDERER = "aira.forms.AiraFormRenderer"
WSGI_APPLICATION = "aira.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aira.context_processors.site",
                "aira.context_processors.crisis_country",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default, in a git-ignored folder. WAL lets readers carry on while one writer
# writes; IMMEDIATE transactions take the write lock up front, so two concurrent writers
# queue on the busy timeout instead of failing mid-transaction with "database is locked".
DATA_DIR = Path(os.environ.get("AIRA_DATA_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": private_sqlite_file(DATA_DIR / "aira.sqlite3"),
            # Opening a connection (and running the PRAGMAs below) costs about a
            # millisecond, as much as a whole small page (make bench): each gunicorn worker
            # keeps its own. Not with runserver, whose thread per request would only leak them.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# Rate limits must hold across gunicorn workers, so the cache is the database's (shared by
# every process); REDIS_URL switches to Redis. It holds allauth's rate-limit counts and
# one public fragment, the library home's shelves (library/models.py), which an editor's
# change forgets in every process at once because the cache is shared. Nothing personal
# is ever written to a cache (tests/test_no_personal_data_cached.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "aira_cache",
        },
    }

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "aira.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Length over composition (NIST 800-63B, OWASP ASVS): at least 10 characters, not a
# common password, no "must contain a digit" rules; long passphrases are welcome.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "aira.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "aira.adapters.SignupForm",
    "change_password": "aira.adapters.ChangePasswordForm",
    "reset_password_from_key": "aira.adapters.ResetPasswordKeyForm",
    "set_password": "aira.adapters.SetPasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Before changing email, password or two-factor settings: the password (or a 2FA code),
# not a code mailed to the very inbox an attacker may be trying to take over.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# Signed in for two weeks (SESSION_COOKIE_AGE), as the README says, rather than a
# "Remember me" box whose unticked state gave a cookie without Max-Age; signing out,
# or ending the session from the devices list, ends it sooner.
ACCOUNT_SESSION_REMEMBER = True
# An email to the account's address when its password or email addresses change (and
# when two-factor sign-in is turned on or off): the owner hears of a change they did
# not make.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Aira: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("AIRA_LINK_PROTOCOL", "http" if DEBUG else "https")
# allauth's rate limits stay at their defaults (on); listed in the README.
# Behind a TLS proxy every request comes from the proxy's address, and per-address
# limits would be one bucket for the whole site. With the number of proxies in front
# (the proxy overwrites X-Forwarded-For with the client's address: README), the limits,
# security emails and signed-in devices list use the client's address from that header.
# 0, the default, ignores the header, which anyone can forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("AIRA_TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("AIRA_TRUSTED_PROXY_COUNT must be 0 or more.")
# Aira's write quotas (aira/quotas.py) use the same limiter: new practice sessions and
# check-ins per minute, per account and, for visitors, per address. Far above what a
# person does by hand; a retry of a record already saved is not counted.
# Signed-in writes also count per address (many accounts from one script), with room for
# a clinic or a household sharing one address, and for make load (25 simulated people
# on one loopback address).
ACCOUNT_RATE_LIMITS = {
    "practice_writes": "60/m/user,1000/m/ip",
    "practice_writes_visitor": "60/m/ip",
    "checkin_writes": "60/m/user,1000/m/ip",
    "panic_writes": "60/m/user,1000/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Aira"
# Record sessions at login only: tracking every request would add two queries to each page.
USERSESSIONS_TRACK_ACTIVITY = False

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
# Seconds an SMTP connection may hang before the send fails (and is tried again later):
# without it, a server that stops answering holds the worker's task for ever.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)
# For django.core.mail.backends.filebased.EmailBackend (make load counts the emails sent).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(DATA_DIR / "emails"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Aira <hello@aira.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a person can write to a human: shown wherever an account page says to contact us
# (a missing email, a closed account) and on the privacy page.
AIRA_CONTACT_EMAIL = os.environ.get("AIRA_CONTACT_EMAIL", "hello@aira.localhost")

# Absolute links in emails sent by the worker, which has no request to take the host
# from (reminders). allauth's emails, sent during a request, use the request's host.
AIRA_BASE_URL = os.environ.get("AIRA_BASE_URL", "").rstrip("/") or (
    f"{ACCOUNT_DEFAULT_HTTP_PROTOCOL}://"
    + ("127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else ALLOWED_HOSTS[0])
)

# --- Background tasks -----------------------------------------------------------------
# Django's tasks framework (the django-tasks backport) on the database, so SQLite and
# PostgreSQL both work with nothing else to run but the worker (`manage.py db_worker`)
# and the scheduler (`manage.py scheduler`), which `make run` and `make serve` start.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("AIRA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Periodic jobs: a task's dotted path and how often, in seconds. The scheduler enqueues
# each one when the queue holds none enqueued more recently than that (aira/scheduler.py).
# Each job is safe to run twice.
PERIODIC_TASKS = {
    # Visitors' practice sessions no browser can claim, then expired browser sessions.
    "practices.tasks.purge_visitor_sessions": 24 * 60 * 60,
    # Reminders are due at any minute of the day in someone's time zone: every 5 minutes.
    "reminders.tasks.dispatch_reminders": 5 * 60,
    # Breathe together's sessions that ended, with who was on them.
    "together.tasks.purge_ended_sessions": 60 * 60,
    # The record of reminders sent, once their links have expired.
    "reminders.tasks.forget_old_reminders": 24 * 60 * 60,
    # Finished task results: a sent email's copy goes after a day, a failed one's after 30.
    "aira.tasks.prune_task_results": 24 * 60 * 60,
    # Tasks whose worker was killed mid-task, marked failed rather than left running.
    "aira.tasks.fail_abandoned_tasks": 15 * 60,
}
# An email task tries this many times in all, waiting longer after each failure.
AIRA_EMAIL_ATTEMPTS = env_int("AIRA_EMAIL_ATTEMPTS", 6)

# --- Internationalisation -------------------------------------------------------------
# English is the source language. The person's choice (the footer's selector: a cookie,
# and User.language once signed in) wins, else Accept-Language, else English. No language
# prefix in URLs: bookmarks and the service worker's cached addresses keep working, and
# responses vary on Accept-Language and Cookie instead (aira.middleware.LocaleMiddleware).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("AIRA_MEDIA_ROOT", DATA_DIR / "media"))
# Upload limits, in megabytes (aira/uploads.py checks type and size; README "Uploads").
AIRA_MAX_RECORDING_MB = env_int("AIRA_MAX_RECORDING_MB", 20)
AIRA_MAX_IMAGE_MB = env_int("AIRA_MAX_IMAGE_MB", 5)
# Request bodies (aira.middleware.RequestBodyLimitMiddleware): 1 MB for every form and
# sync, more only on the admin pages that upload a recording (up to ~20 MB) or an image.
# The web server in front should refuse larger bodies itself (README: nginx's
# client_max_body_size).
AIRA_MAX_REQUEST_BODY = env_int("AIRA_MAX_REQUEST_BODY", 1_000_000)
AIRA_MAX_UPLOAD_BODY = env_int("AIRA_MAX_UPLOAD_BODY", 25_000_000)
# Breathe together (together/): how often each open link says it is still there and
# asks how many are breathing. A tab unheard for 20 s stops counting (together/models.py).
TOGETHER_POLL_SECONDS = env_int("AIRA_TOGETHER_POLL_SECONDS", 5)
AIRA_UPLOAD_PATHS = ("/admin/practices/practice/", "/admin/library/article/")
# Form fields (files excluded) are held in memory up to the same 1 MB; an uploaded file
# over 2.5 MB is streamed to a temporary file instead of memory (Django's default).
DATA_UPLOAD_MAX_MEMORY_SIZE = AIRA_MAX_REQUEST_BODY
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names; served with a year-long immutable cache by whitenoise.
    "staticfiles": {"BACKEND": "aira.storage.StaticFilesStorage"},
}

# --- Object storage -------------------------------------------------------------------
# With more than one app server, uploads go to an S3-compatible bucket they all share
# (aira/object_storage.py); still served through /media/. The keys come from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself (or the machine's
# role), so no secret passes through settings.
AIRA_S3_BUCKET = os.environ.get("AIRA_S3_BUCKET", "")
if AIRA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "aira.object_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": AIRA_S3_BUCKET,
            "endpoint_url": os.environ.get("AIRA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AIRA_S3_REGION") or None,
            "location": os.environ.get("AIRA_S3_PREFIX", ""),
        },
    }

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Two weeks: how long a sign-in lasts (README) and how long purge_visitor_sessions waits.
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 63072000)  # two years
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix pins a cookie to this exact host over HTTPS with path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# A strict policy: nothing inline, nothing from another origin. htmx is configured
# (see base.html) to need neither inline styles nor eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Logging --------------------------------------------------------------------------
# Errors go to stderr as one line each: JSON in production (aira/jsonlog.py), for a log
# collector to parse, plain text on a developer's terminal. Only a request's method,
# path and status are logged, never its body or query string: they may hold ratings,
# private notes or an email address.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "aira.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line" if DEBUG else "json"}
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["stderr"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

SITE_NAME = "Aira"


def code_digest() -> str:
    """A digest of the project's Python and template files: a new one whenever the code
    that renders pages changes."""
    digest = hashlib.sha256()
    folders = [BASE_DIR / "templates"] + [
        folder
        for folder in sorted(BASE_DIR.iterdir())
        if (folder / "apps.py").is_file()  # the project package and every app
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html"}:
                digest.update(path.relative_to(BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The release this process runs: AIRA_RELEASE when the deploy names one (a git commit, a
# tag), else the code's digest. Part of the service worker's cache name, so every device
# fetches the pages it keeps offline again after a release; /healthz reports it.
AIRA_RELEASE = os.environ.get("AIRA_RELEASE") or code_digest()

"""HTML fragments (and a few objects) kept in the shared cache until what they were
built from changes.

A fragment is stored with a stamp: the current token of each named *version* it was
built from, plus whatever else it depends on (the caller's `stamp`: a user's data
version, today's date, a query...). A version is a random token in the cache, replaced
by `new_version(name)` when its content changes. A visit whose stamp differs
from the stored one rebuilds the fragment; nothing is ever deleted by pattern, and the
fragment and the tokens it needs come back in one `get_many`: one query with the
database cache. They live in the "fragments" cache (settings.CACHES), under a prefix
that changes with the code. If that cache fails, pages are built without it; with
DEBUG on, always.

Versions in use: "library" (articles and topics, library/caching.py) and "practices"
(practices and their steps, practices/caching.py).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.connection import ConnectionProxy
from django.utils.safestring import mark_safe

# Apart from the default cache, whose rate-limit counts must never be dropped to make
# room for pages (settings.CACHES).
cache = ConnectionProxy(caches, "fragments")  # as django.core.cache.cache is for "default"
logger = logging.getLogger(__name__)


def version_key(name):
    return f"version:{name}"


def new_version(name):
    """Make every fragment built from `name` stale: now, so this request (and a test
    inside a transaction) sees the change at once, and again after the commit, so a
    fragment rebuilt in between from the old content cannot outlive it."""

    def replace():
        try:
            cache.set(version_key(name), uuid.uuid4().hex, timeout=None)
        except Exception:
            # The change itself is saved; only copies made before it may linger, until
            # the cache works again and their timeouts pass. Loud, not fatal.
            logger.exception("Could not renew the %s version in the fragments cache", name)

    now_and_after_commit(replace)


def now_and_after_commit(action):
    """Run `action` now, and again once the current transaction commits (at once when
    there is none): a request that read the old rows between the two cannot leave a copy
    built from them behind."""
    action()
    transaction.on_commit(action)


class VersionedQuerySet(models.QuerySet):
    """For models that fragments are built from. Saves and deletes renew the version
    through signals (new_version_on_change); the bulk writes that send none renew
    `content_version` here, so no caller (an admin action, a loader) has to remember."""

    content_version = None

    def update(self, **kwargs):
        count = super().update(**kwargs)
        new_version(self.content_version)
        return count

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        new_version(self.content_version)
        return created

    def bulk_update(self, *args, **kwargs):
        count = super().bulk_update(*args, **kwargs)
        new_version(self.content_version)
        return count


def new_version_on_change(name, *senders):
    """Make a new version `name` whenever a row of one of the `senders` models is saved
    or deleted. (Bulk writes send no signal: see VersionedQuerySet.)"""

    def changed(sender, **kwargs):
        new_version(name)

    for model in senders:
        label = model._meta.label
        # weak=False: `changed` is local, and would otherwise be collected at once.
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{name}-saved-{label}")
        post_delete.connect(
            changed, sender=model, weak=False, dispatch_uid=f"{name}-deleted-{label}"
        )


def _tokens(found, names):
    tokens = []
    for name in names:
        key = version_key(name)
        token = found.get(key)
        if token is None:
            # First use, or the cache dropped it: a fresh token makes stored copies stale.
            token = uuid.uuid4().hex
            if not cache.add(key, token, timeout=None):
                token = cache.get(key, token)
        tokens.append(token)
    return tuple(tokens)


def current_versions(names):
    """The current tokens of the named versions, for what a process keeps in memory.
    Unique every time with DEBUG on, or when the cache fails: then nothing is reused."""
    if settings.DEBUG:
        return (uuid.uuid4().hex,)
    try:
        return _tokens(cache.get_many([version_key(name) for name in names]), names)
    except Exception:
        logger.exception("Fragments cache unavailable; versions unknown")
        return (uuid.uuid4().hex,)


def cached(key, build, *, versions=(), stamp=(), timeout):
    """What `build()` returns, from the cache under `key` when the versions named in
    `versions` and the caller's `stamp` are what they were when it was stored. A build
    that returns None is not stored."""
    if settings.DEBUG:
        return build()  # templates change under a development server: always fresh
    try:
        # The tokens are read before `build()` reads the content: a change committed in
        # between can only make the stored copy look older than it is, never newer.
        found = cache.get_many([key, *(version_key(name) for name in versions)])
        full_stamp = (_tokens(found, versions), stamp)
    except Exception:
        # A page (the practice player above all) must not fail because its cache did.
        logger.exception("Fragments cache unavailable; building %s without it", key)
        return build()
    entry = found.get(key)
    if entry is not None and entry[0] == full_stamp:
        return entry[1]
    value = build()
    if value is not None:
        try:
            cache.set(key, (full_stamp, value), timeout)
        except Exception:
            logger.exception("Could not store %s in the fragments cache", key)
    return value


def cached_fragments(key, render, **kwargs):
    """The {name: HTML} dict `render()` makes, from the cache when still current (see
    `cached`)."""
    stored = cached(key, lambda: {name: str(html) for name, html in render().items()}, **kwargs)
    # Our own templates rendered them, escaping as they went; the cache gives back str.
    return {name: mark_safe(html) for name, html in stored.items()}  # noqa: S308


def cached_html(key, render, **kwargs):
    """One fragment: the HTML `render()` makes (see `cached`)."""
    return cached_fragments(key, lambda: {"html": render()}, **kwargs)["html"]


# What `once_per_process` keeps: a handful of entries (the site header per section and
# signed-in state, the footer's fixed parts, a blank form's questions).
_once = {}


def once_per_process(key, build):
    """What `build()` returns, built once per process for each `key`: for HTML that
    depends only on what the key names, never on the request or the data. With DEBUG on
    it is built every time, as templates change under a development server."""
    if settings.DEBUG:
        return build()
    try:
        return _once[key]
    except KeyError:
        value = _once[key] = build()
        return value

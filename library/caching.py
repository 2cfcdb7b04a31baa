"""The library home's sections, rendered once for every reader and kept in the cache.

The topics, the featured article and the newest ones are the same for everyone, and
were most of the page's cost (three queries and a dozen cards; `make bench`). They are
kept in the shared cache (the database cache, or Redis), so every worker and server
sees one copy. Any save or delete of an article or topic forgets them (signals below;
admin actions that use update() call `forget_library_pages` themselves), and a short
timeout bounds how late a scheduled article shows up.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

HOME_SECTIONS_KEY = "library:home-sections"
HOME_SECTIONS_SECONDS = 60


def home_sections(build_context):
    """The sections' HTML, from the cache or rendered now with `build_context()`."""
    html = cache.get(HOME_SECTIONS_KEY)
    if html is None:
        html = render_to_string("library/_home_sections.html", build_context())
        cache.set(HOME_SECTIONS_KEY, html, HOME_SECTIONS_SECONDS)
    # Our own template rendered it, escaping as it went; the cache returns a plain str.
    return mark_safe(html)  # noqa: S308


def forget_library_pages(**kwargs):
    cache.delete(HOME_SECTIONS_KEY)


def connect_signals():
    from library.models import Article, Topic

    for model in (Article, Topic):
        post_save.connect(forget_library_pages, sender=model, dispatch_uid=f"forget-{model}")
        post_delete.connect(forget_library_pages, sender=model, dispatch_uid=f"forget-d-{model}")

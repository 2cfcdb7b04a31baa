"""Library pages kept in the shared cache (aira/fragments.py), under the "library" version.

The library home's sections and an article page's article, body and related articles
are the same for every reader, and were most of those pages' cost (queries, a dozen
cards; `make bench`). Any save or delete of an article or topic makes a new "library"
version (signals below, and the bulk writes of aira.fragments.VersionedQuerySet), so
every stored copy is rebuilt on its next visit. (Search keeps its own
index in memory under the same version: library/search.py.)

An article whose scheduled time comes changes no row, so anything that lists articles
(the home sections, an article's related articles, the search index) is kept for a
minute at most: that bounds how late it shows up. An article page is only ever cached
once it is public.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from aira.fragments import cached, cached_html, new_version_on_change
from library.models import LIBRARY_VERSION, Article, Topic
from practices.caching import VERSION as PRACTICES_VERSION

VERSION = LIBRARY_VERSION
HOME_SECTIONS_KEY = "library:home-sections"
LIST_SECONDS = 60


def home_sections(build_context):
    """The sections' HTML, from the cache or rendered now with `build_context()`."""
    return cached_html(
        HOME_SECTIONS_KEY,
        lambda: render_to_string("library/_home_sections.html", build_context()),
        versions=[VERSION],
        timeout=LIST_SECONDS,
    )


def public_article_page(slug, read):
    """(article, {"body": HTML, "related": HTML}) for the public article with this slug,
    or None. `read()` reads and renders them when the cache has no current copy; a
    missing article is not remembered, so it appears the moment it is published.
    """
    if len(slug) > Article._meta.get_field("slug").max_length:
        return None  # no article has such a slug, and it would not make a valid key
    found = cached(
        f"library:article:{slug}",
        lambda: _with_str_parts(read()),
        # The practice card shows a practice's title, link and length.
        versions=[VERSION, PRACTICES_VERSION],
        # Its related articles are a list a scheduled article can join.
        timeout=LIST_SECONDS,
    )
    if found is None:
        return None
    article, parts = found
    # Our own templates rendered them, escaping as they went; the cache gives back str.
    return article, {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308


def _with_str_parts(found):
    if found is None:
        return None
    article, parts = found
    return article, {name: str(html) for name, html in parts.items()}


def connect_signals():
    new_version_on_change(VERSION, Article, Topic)

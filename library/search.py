"""Searching the library, in memory.

The library is small (dozens of articles, not thousands) and a search reads all of it:
SQL `LIKE` over every body was most of the search page's time (`make bench`). Caching
results per query instead would keep what people typed, and a query can be as
personal as "panic at night". So each process keeps a compact index of the public
articles, each card already rendered, and builds it again when the "library" version
changes (any article or topic saved or deleted) or after LIST_SECONDS, as a scheduled
article becomes public without any change. A search then costs one small cache read.
"""

import time
from dataclasses import dataclass

from django.template.loader import render_to_string

from aira.fragments import current_versions
from library.caching import LIST_SECONDS, VERSION
from library.models import Article

SEARCH_MAX_WORDS = 6


@dataclass(frozen=True)
class Entry:
    """One public article, as search needs it."""

    title: str
    text: str  # title, summary and body, case-folded: every word must be in here
    title_key: str  # case-folded: a title holding the whole query ranks first
    summary_key: str  # then a summary holding it
    card: str  # the article's card in the results, already rendered


@dataclass(frozen=True)
class Index:
    version: tuple
    built_at: float
    entries: list  # newest first


_index = None


def build_index(version):
    articles = Article.objects.published().select_related("topic").defer("body_html")
    entries = [
        Entry(
            title=article.title,
            text="\n".join((article.title, article.summary, article.body)).casefold(),
            title_key=article.title.casefold(),
            summary_key=article.summary.casefold(),
            card=render_to_string(
                "library/_article_card.html", {"article": article, "level": 3, "show_topic": True}
            ),
        )
        for article in articles.order_by("-publish_at", "-pk")
    ]
    return Index(version=version, built_at=time.monotonic(), entries=entries)


def current_index():
    global _index
    version = current_versions([VERSION])
    index = _index
    if (
        index is None
        or index.version != version
        or time.monotonic() - index.built_at > LIST_SECONDS
    ):
        index = _index = build_index(version)
    return index


def search_articles(query):
    """Public articles holding every word of `query` in their title, summary or body:
    those whose title holds the whole query first, then their summary, then the newest."""
    query = query.casefold()
    words = query.split()[:SEARCH_MAX_WORDS]
    found = [entry for entry in current_index().entries if all(w in entry.text for w in words)]

    def rank(entry):
        return 0 if query in entry.title_key else 1 if query in entry.summary_key else 2

    return sorted(found, key=rank)  # sorted() is stable: newest first within a rank

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from aira.htmx import render_page_or_partial
from aira.languages import NOT_YET_TRANSLATED, content_language
from aira.links import LinkPattern
from aira.permissions import can_preview
from library.models import PUBLIC_FRAGMENT_SECONDS, Article, ArticleCard, Bookmark, Topic

PAGE_SIZE = 12
NEWEST_COUNT = 6
SEARCH_MAX_LENGTH = 100


class LibraryShelves:
    """What the library home lists: read only when the page's cached copy of them has
    expired or been forgotten (library/home.html, PUBLIC_FRAGMENT_SECONDS)."""

    @cached_property
    def _cards(self):
        # A flagged article first if any, else simply the newest; then the newest.
        rows = Article.objects.published().for_readers_of().as_cards()
        featured = rows.order_by("-is_featured", "-publish_at", "-pk")[:1]
        return ArticleCard.from_rows([*featured, *rows[: NEWEST_COUNT + 1]])

    @cached_property
    def featured(self):
        return self._cards[0] if self._cards else None

    @cached_property
    def newest(self):
        return [card for card in self._cards[1:] if card != self.featured][:NEWEST_COUNT]

    @cached_property
    def topics(self):
        return Topic.objects.with_published_counts()


def home(request):
    return render(
        request,
        "library/home.html",
        {
            "shelves": LibraryShelves(),
            "fragment_seconds": PUBLIC_FRAGMENT_SECONDS,
            # Each language's shelves are kept apart (library/home.html).
            "language": content_language(),
        },
    )


def topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().for_readers_of().filter(topic=topic).as_cards()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = ArticleCard.from_rows(page.object_list)
    return render(request, "library/topic.html", {"topic": topic, "page": page})


def article(request, slug):
    # Staff may see drafts and scheduled articles, to preview them.
    articles = (
        Article.objects.all() if can_preview(request.user, Article) else Article.objects.published()
    )
    article = articles.for_reading().filter(slug=slug).first()
    if article is None:
        raise Http404(_("No such article."))
    is_saved = (
        request.user.is_authenticated
        and Bookmark.objects.filter(user=request.user, article=article).exists()
    )
    language = content_language()
    response = render(
        request,
        "library/article.html",
        {
            "article": article,
            "is_saved": is_saved,
            "fragment_seconds": PUBLIC_FRAGMENT_SECONDS,
            "language": language,
            "not_translated": NOT_YET_TRANSLATED.get(language, "")
            if article.language != language
            else "",
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "cover_url": (
                request.build_absolute_uri(article.cover_image.url) if article.cover_image else ""
            ),
        },
    )
    if request.user.is_authenticated:
        # It shows whether this person saved the article: like their other pages, for no
        # browser's or proxy's cache to keep.
        add_never_cache_headers(response)
    return response


class OnePassPaginator(Paginator):
    """Pages of a values() queryset, each read with its total in one query (COUNT(*) OVER ()),
    rather than a count and then the page: every search query scans the articles' text,
    so that halves the work. Past the last page it shows the last, as get_page does."""

    # Far past any real result; keeps the database's OFFSET in range (page=10**40).
    MAX_PAGE = 10_000

    def get_page(self, number):
        try:
            number = min(max(int(number), 1), self.MAX_PAGE)
        except (TypeError, ValueError):
            number = 1
        rows = self._rows(number)
        if rows:
            self.count = rows[0]["total_found"]  # Paginator.count is a cached_property
        elif number > 1:
            number = self.num_pages  # only here: one count query, then that page
            rows = self._rows(number)
        else:
            self.count = 0
        return self._get_page(rows, number, self)

    def _rows(self, number):
        start = (number - 1) * self.per_page
        with_total = self.object_list.annotate(total_found=Window(Count("pk")))
        return list(with_total[start : start + self.per_page])


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    page = None
    suggestions = None
    if query:
        found = Article.objects.published().search(query).as_cards()
        page = OnePassPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = ArticleCard.from_rows(page.object_list)
    if not query or not page.paginator.count:
        suggestions = Topic.objects.with_published_counts()
    return render_page_or_partial(
        request,
        "library/search.html",
        "results",
        {"query": query, "page": page, "suggestions": suggestions},
    )


@login_required
@never_cache
def saved(request):
    # What they saved, in the language they saved it in.
    saved_articles = Article.objects.published().filter(bookmarks__user=request.user)
    saved_articles = saved_articles.order_by("-bookmarks__created_at", "-bookmarks__pk")
    page = Paginator(saved_articles.as_cards(), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = ArticleCard.from_rows(page.object_list, note_untranslated=False)
    # Every saved article (not just this page's), for the service worker to keep offline.
    link = LinkPattern("library:article")
    offline_articles = [
        {"url": link(slug), "title": title}
        for slug, title in saved_articles.values_list("slug", "title")
    ]
    return render(
        request, "library/saved.html", {"page": page, "offline_articles": offline_articles}
    )


@require_POST
def bookmark(request, slug):
    """Save or remove an article from the signed-in person's list.

    The form says what it wants (`action=save` or `action=remove`) rather than "toggle",
    so a retried or double-tapped request lands in the same state and never errors.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        # Back to the article after logging in, not to this POST-only address.
        login = redirect_to_login(article.get_absolute_url())
        if request.htmx:
            return HttpResponseClientRedirect(login["Location"])
        return login
    action = request.POST.get("action")
    if action == "save":
        Bookmark.objects.get_or_create(user=request.user, article=article)
        message = _("Saved to your list")
    elif action == "remove":
        Bookmark.objects.filter(user=request.user, article=article).delete()
        message = _("Removed from your list")
    else:
        return HttpResponseBadRequest(_("Choose to save or remove the article."))
    if request.htmx:
        return render_page_or_partial(
            request,
            "library/article.html",
            "bookmark",
            {"article": article, "is_saved": action == "save", "announce": message},
        )
    # A redirect after a POST, which no cache keeps: nothing to vary.
    messages.success(request, message)
    return redirect(article)

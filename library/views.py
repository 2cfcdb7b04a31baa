from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from aira.htmx import render_page_or_partial
from aira.permissions import can_preview
from library.models import PUBLIC_FRAGMENT_SECONDS, Article, Bookmark, Topic

PAGE_SIZE = 12
NEWEST_COUNT = 6
SEARCH_MAX_LENGTH = 100


class LibraryShelves:
    """What the library home lists: read only when the page's cached copy of them has
    expired or been forgotten (library/home.html, PUBLIC_FRAGMENT_SECONDS)."""

    @cached_property
    def _articles(self):
        return Article.objects.published().as_cards()

    @cached_property
    def featured(self):
        # A flagged article if any, else simply the newest.
        return self._articles.order_by("-is_featured", "-publish_at", "-pk").first()

    @cached_property
    def newest(self):
        articles = self._articles.exclude(pk=self.featured.pk) if self.featured else self._articles
        return articles[:NEWEST_COUNT]

    @cached_property
    def topics(self):
        return Topic.objects.with_published_counts()


def home(request):
    return render(
        request,
        "library/home.html",
        {"shelves": LibraryShelves(), "fragment_seconds": PUBLIC_FRAGMENT_SECONDS},
    )


def topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(topic=topic).as_cards()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "library/topic.html", {"topic": topic, "page": page})


def article(request, slug):
    # Staff may see drafts and scheduled articles, to preview them.
    articles = (
        Article.objects.all() if can_preview(request.user, Article) else Article.objects.published()
    )
    article = articles.for_reading().filter(slug=slug).first()
    if article is None:
        raise Http404("No such article.")
    is_saved = (
        request.user.is_authenticated
        and Bookmark.objects.filter(user=request.user, article=article).exists()
    )
    response = render(
        request,
        "library/article.html",
        {
            "article": article,
            "is_saved": is_saved,
            "fragment_seconds": PUBLIC_FRAGMENT_SECONDS,
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
    """Pages of a queryset, each read with its total in one query (COUNT(*) OVER ()),
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
            self.count = rows[0].total_found  # Paginator.count is a cached_property
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
    bookmarks = (
        Bookmark.objects.filter(user=request.user, article__in=Article.objects.published())
        .select_related("article__topic")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(bookmarks, PAGE_SIZE).get_page(request.GET.get("page"))
    # Every saved article (not just this page's), for the service worker to keep offline.
    offline_articles = [
        {"url": reverse("library:article", kwargs={"slug": slug}), "title": title}
        for slug, title in bookmarks.values_list("article__slug", "article__title")
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
        message = "Saved to your list"
    elif action == "remove":
        Bookmark.objects.filter(user=request.user, article=article).delete()
        message = "Removed from your list"
    else:
        return HttpResponseBadRequest("Choose to save or remove the article.")
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

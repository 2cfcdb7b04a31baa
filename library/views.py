from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from aira.htmx import render_page_or_partial
from aira.permissions import can_preview
from library.models import Article, Bookmark, Topic

PAGE_SIZE = 12
NEWEST_COUNT = 6
RELATED_COUNT = 3
SEARCH_MAX_LENGTH = 100


# Cards show the title, summary and topic: leave each article's body (and its HTML) in
# the database rather than carry a dozen long texts through every list page.
CARD_DEFERRED = ("body", "body_html")


def home(request):
    articles = Article.objects.published().select_related("topic").defer(*CARD_DEFERRED)
    # One query for the featured article: a flagged one if any, else simply the newest.
    featured = articles.order_by("-is_featured", "-publish_at", "-pk").first()
    newest = articles.exclude(pk=featured.pk) if featured else articles
    context = {
        "topics": Topic.objects.with_published_counts(),
        "featured": featured,
        "newest": newest[:NEWEST_COUNT],
    }
    return render(request, "library/home.html", context)


def topic(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(topic=topic)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "library/topic.html", {"topic": topic, "page": page})


def article(request, slug):
    # Staff may see drafts and scheduled articles, to preview them.
    articles = (
        Article.objects.all() if can_preview(request.user, Article) else Article.objects.published()
    )
    # The Markdown source is never shown: only the HTML made from it on save.
    article = (
        articles.select_related("topic", "recommended_practice")
        .defer("body")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise Http404("No such article.")
    related = Article.objects.published().filter(topic_id=article.topic_id)
    related = related.exclude(pk=article.pk).defer(*CARD_DEFERRED)[:RELATED_COUNT]
    is_saved = (
        request.user.is_authenticated
        and Bookmark.objects.filter(user=request.user, article=article).exists()
    )
    response = render(
        request,
        "library/article.html",
        {
            "article": article,
            "related": related,
            "is_saved": is_saved,
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


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    page = None
    suggestions = None
    if query:
        # Cards show the topic; the body is only searched, never shown.
        found = Article.objects.published().search(query).select_related("topic")
        page = Paginator(found.defer(*CARD_DEFERRED), PAGE_SIZE).get_page(request.GET.get("page"))
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

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import JavaScriptCatalog
from django.views.i18n import set_language as django_set_language

from aira import crisis
from aira.tasks import queue_age_seconds

THEME_COOKIE = "aira_theme"
THEMES = ("auto", "light", "dark")


def home(request):
    return render(request, "aira/home.html")


# The likely country (listed first) comes from these two.
@vary_on_headers("Accept-Language", "Cookie")
def crisis_resources(request):
    """Every country's lines, the person's first: the one named in the link
    (/crisis/?country=es, for pages that know better), else the likely one."""
    chosen = crisis.BY_CODE.get(request.GET.get("country", "").lower())
    first = chosen or crisis.likely_country(request)
    countries = crisis.countries_for(request, first=first)
    return render(
        request,
        "aira/crisis.html",
        {
            "first": first,
            "chosen": chosen is not None,
            "others": countries[1:] if first else countries,
            "last_checked": crisis.LAST_CHECKED,
            "directory_url": crisis.HELPLINE_DIRECTORY_URL,
        },
    )


def privacy(request):
    return render(request, "aira/privacy.html")


@require_POST
def set_theme(request):
    """Remember the chosen theme in a cookie (the no-JavaScript path of the toggle).

    With JavaScript the toggle sets the same cookie itself and never posts here.
    """
    theme = request.POST.get("theme", "")
    if theme not in THEMES:
        current = request.COOKIES.get(THEME_COOKIE, "auto")
        current = current if current in THEMES else "auto"
        theme = THEMES[(THEMES.index(current) + 1) % len(THEMES)]
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        THEME_COOKIE, theme, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response


@require_POST
def set_language(request):
    """The footer's language selector: Django's set_language (the cookie, for everyone),
    and for a signed-in person the account's language too, which then wins on every
    device they sign in on (aira.middleware.LocaleMiddleware)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


# The interface's JavaScript strings in the active language (static/js uses gettext());
# a same-origin script with no inline code, so the strict CSP holds. Kept for offline use
# by the service worker, fetched in the language the worker was installed for.
# Its address carries the release (JS_CATALOG_URL), so a day's browser cache is safe.
javascript_catalog = cache_control(max_age=24 * 60 * 60)(JavaScriptCatalog.as_view())


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: answers 200 only when the database answers. It names the
    release, so a deploy can check which one is serving, and says how long the oldest
    task ready to run has waited (`queue_age_seconds`): a number that keeps growing
    means no worker is running. Nothing about any task or person is shown."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse(
            {"status": "error", "database": "unavailable", "release": settings.AIRA_RELEASE},
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "release": settings.AIRA_RELEASE,
            "queue_age_seconds": queue_age_seconds(),
        }
    )


@require_GET
@cache_control(max_age=24 * 60 * 60)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page's <link> says:
    send them to the icon. A temporary redirect, kept a day, because the icon's hashed
    name changes with the icon (a permanent one would be remembered for good)."""
    return HttpResponseRedirect(static("icons/favicon-32.png"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /progress/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

"""The installable-app pieces: the web app manifest, the service worker and the offline page.

How caching works is described in the README ("Offline and caching").
"""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from aira.context_processors import HTML_LANG
from aira.languages import content_language
from practices.models import Practice

# Files every page needs; they have hashed names in production, so a new deploy means
# new URLs, a new cache version, and never a mix of old and new.
PRECACHED_STATIC = [
    "css/aira.css",
    "js/aira.js",
    "js/queue.js",
    "js/player.js",
    "js/offline-player.js",
    "js/offline-page.js",
    "js/saved-offline.js",
    "js/panic.js",
    "js/plan.js",
    "django_htmx/htmx-2.min.js",
    "img/icon.svg",
    "icons/icon-192.png",
    "icons/apple-touch-icon.png",
]

# Pages kept for offline use. Only pages without personal data: never progress,
# history or account pages. The panic log's offline form holds only its blank questions
# (tracking.views.panic.panic_offline).
OFFLINE_PAGES = ["/", "/sos/", "/crisis/", "/practices/", "/offline/", "/progress/panic/offline/"]


def plan_pages():
    """The plan and its people, kept for offline use in their own cache as whoever is signed
    in sees them (never precached here: a precached page holds nothing personal)."""
    return [reverse("plans:plan"), reverse("plans:people")]


def precache_urls():
    # The reader's language's practices, with the English ones not yet translated: the
    # worker's version changes with them, so choosing another language renews the copy.
    practices = Practice.objects.published().for_readers_of().only("slug")
    return [
        *(static(path) for path in PRECACHED_STATIC),
        *OFFLINE_PAGES,
        reverse("javascript_catalog"),
        # Each practice's intro and its offline player (every stage, practices/views.py).
        *(p.get_absolute_url() for p in practices),
        *(reverse("practices:offline_player", args=[p.slug]) for p in practices),
    ]


@require_GET
def manifest(request):
    data = {
        "id": "/",
        "name": _("Aira: calm support for anxiety and panic"),
        "short_name": "Aira",
        "description": _(
            "Gentle guided practices, warm articles, and a private record of what helps you."
        ),
        "lang": HTML_LANG.get(translation.get_language(), translation.get_language()),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#f6f4ef",
        "theme_color": "#1d6b66",
        "categories": ["health", "lifestyle"],
        "icons": [
            {
                "src": static("icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("icons/icon-maskable-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "maskable",
            },
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Need help now"), "short_name": _("SOS"), "url": "/sos/"},
            {"name": _("Practices"), "url": "/practices/"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    # The worker keeps pages in the language it was installed for: the language of the page
    # that registers it, named in its address (static/js/aira.js), so that a page in
    # another language (the footer's selector) registers a new worker, which fetches them
    # again in the new one. Without it, the request's own language.
    asked = request.GET.get("lang")
    language = content_language(asked) if asked else content_language()
    with translation.override(language):
        return _service_worker(request, language)


def _service_worker(request, language):
    urls = precache_urls()
    version = hashlib.sha256(
        json.dumps([settings.AIRA_RELEASE, urls, language]).encode()
    ).hexdigest()[:12]
    response = render(
        request,
        "offline/sw.js",
        {
            "version": version,
            "language": language,
            # What the worker answers when even the offline page isn't kept.
            "offline_text": _("You're offline."),
            "precache": json.dumps(urls),
            "offline_pages": json.dumps(OFFLINE_PAGES),
            "plan_pages": json.dumps(plan_pages()),
        },
        content_type="application/javascript",
    )
    # Served from the root so its scope can be the whole site.
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request):
    return render(request, "offline/offline.html")

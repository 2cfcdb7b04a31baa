from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from aira import media, views

# The project wires the apps together through include() strings only, and imports no
# app's code (tests/test_import_direction.py): each app owns its views and URLs, even
# those that sit at the root.
urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis_resources, name="crisis"),
    path("privacy/", views.privacy, name="privacy"),
    path("sos/", include("practices.sos_urls")),
    path("practices/", include("practices.urls")),
    path("together/", include("together.urls")),
    path("plan/", include("plans.urls")),
    # Download and delete your data: the accounts app, at the address it always had.
    path("progress/data/", include("accounts.urls")),
    path("progress/", include("tracking.urls")),
    path("reminders/", include("reminders.urls")),
    path("theme/", views.set_theme, name="set_theme"),
    # Django's own addresses for these (django.conf.urls.i18n); no language in any URL.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("i18n/js/", views.javascript_catalog, name="javascript_catalog"),
    path("healthz", views.healthz, name="healthz"),
    # /manifest.webmanifest, /sw.js and /offline/ (offline/urls.py).
    path("", include("offline.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("library/", include("library.urls")),
    path("sitemap.xml", include("library.sitemap_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Uploaded files, served with headers that keep them from running (aira/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media"),
]

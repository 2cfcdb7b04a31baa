from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from aira import media, pwa, views
from library.sitemaps import SITEMAPS
from practices import views as practice_views

urlpatterns = [
    path("", views.home, name="home"),
    path("crisis/", views.crisis_resources, name="crisis"),
    path("privacy/", views.privacy, name="privacy"),
    path("sos/", practice_views.sos, name="sos"),
    path("practices/", include("practices.urls")),
    path("progress/", include("tracking.urls")),
    path("theme/", views.set_theme, name="set_theme"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("library/", include("library.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Uploaded files, served with headers that keep them from running (aira/media.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media"),
]

"""/sitemap.xml, included at the root by aira/urls.py: the library owns the public pages
worth listing (articles and topics, library/sitemaps.py)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from library.sitemaps import SITEMAPS

urlpatterns = [
    path("", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

from django.urls import path

from offline import views

# Included at the root without a namespace: the service worker must be served from
# /sw.js for its scope to be the whole site, and the URL names (manifest,
# service_worker, offline) are the ones templates have always used.
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]

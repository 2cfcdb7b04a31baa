"""/sos/: one short address at the root, outside /practices/, to remember and to type in a
hurry. aira/urls.py includes this module at "sos/"; the URL name stays plain `sos`."""

from django.urls import path

from practices import views

urlpatterns = [
    path("", views.sos, name="sos"),
]

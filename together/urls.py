from django.urls import path

from together import views

app_name = "together"

urlpatterns = [
    path("", views.start, name="start"),
    path("time/", views.clock, name="clock"),
    path("<str:token>/", views.session_page, name="session"),
    path("<str:token>/here/", views.presence, name="presence"),
    path("<str:token>/end/", views.end, name="end"),
]

from django.urls import path

from practices import facing_views, views

app_name = "practices"

session = "<slug:slug>/s/<uuid:session_id>/"
urlpatterns = [
    path("", views.practice_list, name="list"),
    # Fixed paths come before <slug>/; their names are reserved slugs (models.RESERVED_SLUGS).
    path("sessions/sync/", views.sync, name="sync"),
    path("breathing-pace/", views.breathing_pace, name="breathing_pace"),
    path("facing/", facing_views.facing, name="facing"),
    path("facing/safety/", facing_views.safety_screen, name="safety_screen"),
    path("facing/ladder/", facing_views.ladder, name="ladder"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/begin/", views.begin, name="begin"),
    path("<slug:slug>/offline/", views.offline_player, name="offline_player"),
    path(session + "before/", views.rate_before, name="before"),
    path(session + "step/<int:number>/", views.step, name="step"),
    path(session + "after/", views.rate_after, name="after"),
    path(session + "done/", views.done, name="done"),
]

from django.urls import path

from tracking.views import checkins, history, progress

app_name = "tracking"
urlpatterns = [
    path("", progress.progress, name="progress"),
    path("preferences/", progress.preferences, name="preferences"),
    path("summary/", progress.summary, name="summary"),
    path("checkins/", checkins.checkin_create, name="checkin_create"),
    path("checkins/sync/", checkins.checkin_sync, name="checkin_sync"),
    path("checkins/<uuid:uuid>/", checkins.checkin_detail, name="checkin_detail"),
    path("checkins/<uuid:uuid>/edit/", checkins.checkin_edit, name="checkin_edit"),
    path("checkins/<uuid:uuid>/delete/", checkins.checkin_delete, name="checkin_delete"),
    path("history/", history.history, name="history"),
    path("sessions/<uuid:uuid>/", history.session_detail, name="session_detail"),
    # data/: download or delete your data, served by the accounts app (aira/urls.py).
]

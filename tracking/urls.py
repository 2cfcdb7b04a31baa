from django.urls import path

from tracking.views import checkins, history, panic, progress

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
    path("panic/", panic.panic_log, name="panic_log"),
    path("panic/sync/", panic.panic_sync, name="panic_sync"),
    path("panic/offline/", panic.panic_offline, name="panic_offline"),
    path("panic/<uuid:uuid>/", panic.panic_detail, name="panic_detail"),
    path("panic/<uuid:uuid>/edit/", panic.panic_edit, name="panic_edit"),
    path("panic/<uuid:uuid>/delete/", panic.panic_delete, name="panic_delete"),
    path("history/", history.history, name="history"),
    path("sessions/<uuid:uuid>/", history.session_detail, name="session_detail"),
    path("sessions/<uuid:uuid>/delete/", history.session_delete, name="session_delete"),
    # data/: download or delete your data, served by the accounts app (aira/urls.py).
]

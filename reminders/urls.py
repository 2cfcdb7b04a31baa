from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.reminder_settings, name="settings"),
    path("aira-reminder.ics", views.calendar_file, name="calendar"),
    # Links in reminder emails: they work signed out, the token being the permission.
    path("pause/<str:token>/", views.pause, name="pause"),
    path("stop/<str:token>/", views.stop, name="stop"),
]

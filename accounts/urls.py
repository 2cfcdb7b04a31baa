from django.urls import path

from accounts import views

app_name = "accounts"
# Included at /progress/data/ (aira/urls.py), the address these pages always had.
urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("export.json", views.export_json, name="export_json"),
    path("export.zip", views.export_zip, name="export_zip"),
    path("delete/", views.delete_account, name="delete_account"),
]

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("edit/", views.edit, name="edit"),
    path("step/<int:number>/", views.step, name="step"),
    path("print/", views.print_view, name="print"),
    path("people/", views.people, name="people"),
    path("people/<uuid:uuid>/edit/", views.person_edit, name="person_edit"),
    path("people/<uuid:uuid>/delete/", views.person_delete, name="person_delete"),
    path("not-now/", views.not_now, name="not_now"),
    path("from-device/", views.from_device, name="from_device"),
]

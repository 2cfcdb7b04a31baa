from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AiraConfig(AppConfig):
    name = "aira"
    verbose_name = _("Aira accounts and site")
    default = True


class AiraAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site in aira/admin_site.py (sign-in through allauth)."""

    default = False
    default_site = "aira.admin_site.AiraAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        # A task's stored arguments can hold a whole email, with its address and its
        # sign-in or reset link: like people's other data, not in the admin. Failed
        # tasks are listed by `manage.py failed_tasks` without their arguments.
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)

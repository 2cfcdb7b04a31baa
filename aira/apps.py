from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AiraConfig(AppConfig):
    name = "aira"
    verbose_name = "Aira accounts and site"
    default = True


class AiraAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site in aira/admin_site.py (sign-in through allauth)."""

    default = False
    default_site = "aira.admin_site.AiraAdminSite"

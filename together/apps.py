from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TogetherConfig(AppConfig):
    name = "together"
    verbose_name = _("Breathe together")

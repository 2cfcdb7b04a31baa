from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """The installable-app pieces: manifest, service worker and offline page. It sits
    above the apps whose pages it keeps for offline use, and nothing imports it."""

    name = "offline"
    verbose_name = _("Offline and installable app")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Your data: the export and account deletion, next to the user model (aira/models.py).

    Not allauth's `account` app: its label is `accounts`. It has no models; each app
    says what it keeps about a person (accounts/personal_data.py)."""

    name = "accounts"
    verbose_name = _("Your data")

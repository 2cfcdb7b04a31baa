from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Your data: the export and account deletion, next to the user model (aira/models.py).

    Not allauth's `account` app: its label is `accounts`. It has no models; each app
    says what it keeps about a person (accounts/personal_data.py)."""

    name = "accounts"
    verbose_name = "Your data"

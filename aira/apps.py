from django.apps import AppConfig


class AiraConfig(AppConfig):
    name = "aira"
    verbose_name = "Aira accounts and site"

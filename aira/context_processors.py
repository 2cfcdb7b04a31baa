from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from aira import crisis
from aira.device import owner_tag

# The language tag for <html lang> (and so the read-aloud voice, static/js/player.js):
# Aira's English is written in British English.
HTML_LANG = {"en": "en-GB"}


def site(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "HTML_LANG": HTML_LANG.get(language, language),
        # Named by release and language, so browsers may keep it: their caches ignore
        # Vary: Cookie, and the language may come from the cookie.
        "JS_CATALOG_URL": (f"{reverse('javascript_catalog')}?v={settings.AIRA_RELEASE}-{language}"),
        "SITE_NAME": settings.SITE_NAME,
        "CSRF_COOKIE_NAME": settings.CSRF_COOKIE_NAME,
        "AIRA_CONTACT_EMAIL": settings.AIRA_CONTACT_EMAIL,
        # Whose offline records this page may send (aira/device.py).
        "device_owner": SimpleLazyObject(lambda: owner_tag(getattr(request, "user", None))),
    }


def crisis_country(request):
    """`crisis_country`: the country whose emergency number a page should offer (or None).
    Lazy, so pages that never show it never work it out."""
    return {"crisis_country": SimpleLazyObject(lambda: crisis.likely_country(request))}

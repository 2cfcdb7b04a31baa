"""Admin pieces shared by the models written per language (aira/languages.py): which
English items still lack a translation, and a way to start one."""

from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aira.languages import SOURCE_LANGUAGE

# The languages editors translate into (every language but English).
TARGET_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Missing Spanish translation": the English originals with no translation (of any
    status: a draft translation is under way) in the chosen language."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return [
            (code, _("Missing %(language)s translation") % {"language": name})
            for code, name in [("es", _("Spanish"))]
            if code in dict(TARGET_LANGUAGES)
        ]

    def queryset(self, request, queryset):
        language = self.value()
        if language not in dict(TARGET_LANGUAGES):
            return queryset
        translated = queryset.model.objects.filter(translation_of=OuterRef("pk"), language=language)
        return queryset.filter(language=SOURCE_LANGUAGE, translation_of__isnull=True).exclude(
            Exists(translated)
        )


class TranslationAdminMixin:
    """For a ModelAdmin of a model with `language` and `translation_of`: the list shows
    each item's language and its translations (or the way to start one), filters on what
    is missing, and an action starts translations as unpublished drafts, opened straight
    from the list or the English item's page."""

    translation_list_fields = ["language", "translations_column"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description=_("translations"))
    def translations_column(self, obj):
        if obj.translation_of_id:
            original_url = reverse(self._admin_url("change"), args=[obj.translation_of_id])
            return format_html('<a href="{}">{}</a>', original_url, _("English original"))
        if obj.language != SOURCE_LANGUAGE:
            return "—"
        have = {t.language: t for t in obj.translations.all()}
        parts = []
        for code, name in TARGET_LANGUAGES:
            if code in have:
                url = reverse(self._admin_url("change"), args=[have[code].pk])
                parts.append((url, name, ""))
            else:
                url = (
                    reverse(self._admin_url("add"))
                    + f"?translation_of={obj.pk}&language={code}"
                    + self.translation_initial_query(obj)
                )
                parts.append((url, _("Translate into %(language)s") % {"language": name}, ""))
        return format_html_join(" · ", '<a href="{}">{}</a>{}', parts)

    def translation_initial_query(self, obj):
        """More of the add form to fill in from the original (e.g. "&topic=3")."""
        return ""

    def start_translation(self, original, language):
        return original.start_translation(language)

    def _admin_url(self, view):
        meta = self.model._meta
        return f"admin:{meta.app_label}_{meta.model_name}_{view}"

    @admin.action(
        description=_("Start a Spanish translation of the selected English items (as drafts)"),
        permissions=["add"],
    )
    def start_spanish_translation(self, request, queryset):
        originals = queryset.filter(language=SOURCE_LANGUAGE, translation_of__isnull=True)
        started = []
        with transaction.atomic():
            for original in originals.exclude(translations__language="es"):
                started.append(self.start_translation(original, "es"))
        skipped = queryset.count() - len(started)
        if started:
            self.message_user(
                request,
                ngettext(
                    "Started %(count)d Spanish draft: translate its text, then publish it.",
                    "Started %(count)d Spanish drafts: translate their text, then publish them.",
                    len(started),
                )
                % {"count": len(started)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item was left out: it is not an English original, or it "
                    "already has a Spanish translation.",
                    "%(count)d items were left out: they are not English originals, or "
                    "they already have a Spanish translation.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

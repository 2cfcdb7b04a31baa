"""Content written per language (library articles, practices).

Each row has a `language` and, when it is a translation, `translation_of`: the English
original it was written from. Readers of a language see that language's rows and, where
a row has no translation in their language yet, the English original with a note saying
so. English is the source language: every other language's items start from it.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"

# The note on an English item shown to a reader of another language, for each language
# that has translations. Worded as the reader's interface reads it.
NOT_YET_TRANSLATED = {"es": _("Not yet in Spanish")}

# The link from an item to its version in another language, written in that language
# (as Django's own language selector names languages): someone who wants the Spanish
# version reads Spanish, whatever language the page around it is in. The link carries
# lang= so screen readers switch voice.
READ_IN = {"en": "Read in English", "es": "Leer en español"}


def content_language(language=None):
    """One of settings.LANGUAGES' codes for `language` (default: the active one):
    "es-mx" and "es" read Spanish content, anything unknown reads English."""
    try:
        return get_supported_language_variant(language or get_language() or SOURCE_LANGUAGE)
    except LookupError:
        return SOURCE_LANGUAGE


def language_field():
    return models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=SOURCE_LANGUAGE,
        # In the database too: the release still serving during a deploy inserts rows
        # without it (tests/test_migration_safety.py).
        db_default=SOURCE_LANGUAGE,
        help_text=_("The language this is written in."),
    )


def translation_of_field(model_name):
    return models.ForeignKey(
        model_name,
        null=True,
        blank=True,
        # An original cannot be deleted while a translation points at it (unlike
        # SET_NULL): without the link, the translation would stay online as if written
        # on its own, the English readers' version gone, and its readers' progress no
        # longer counted together. RESTRICT rather than PROTECT: deleting both at once
        # (selected together in admin) is allowed.
        on_delete=models.RESTRICT,
        related_name="translations",
        limit_choices_to={"language": SOURCE_LANGUAGE, "translation_of__isnull": True},
        help_text=_(
            "For a translation: the English original it was written from. Readers of this "
            "language see it in the original's place. Leave empty for an English original."
        ),
    )


def translation_constraints(prefix):
    """A translation is in another language than English, and an original has at most
    one translation in each language."""
    return [
        models.CheckConstraint(
            name=f"{prefix}_translation_not_english",
            condition=Q(translation_of__isnull=True) | ~Q(language=SOURCE_LANGUAGE),
            violation_error_message=_("A translation must be in another language than English."),
        ),
        models.UniqueConstraint(
            fields=["translation_of", "language"],
            name=f"{prefix}_one_translation_per_language",
            violation_error_message=_("This original already has a translation in this language."),
        ),
    ]


def clean_translation(item):
    """What the database cannot check across rows: a translation points at an English
    original, not at another translation."""
    original = item.translation_of
    if original is None:
        return
    if original.pk is not None and original.pk == item.pk:
        raise ValidationError({"translation_of": _("An item cannot be its own translation.")})
    if original.language != SOURCE_LANGUAGE or original.translation_of_id is not None:
        raise ValidationError(
            {"translation_of": _("Choose the English original, not another translation.")}
        )


def free_slug(model, base, max_length):
    """`base`, or `base-2`, `base-3`... : the first slug no row of `model` has."""
    base = base[: max_length - 4]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def fold_accents(text):
    """`text` without its accents and tildes (á to a, ñ to n, ü to u): for comparing words
    as readers do (search, alphabetical order)."""
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


def for_readers_of(queryset, language, *, translations):
    """`queryset`'s rows for readers of `language`: those written in it, and the English
    originals that have no translation in it among the rows `translations()` returns
    (e.g. Article.objects.published: a draft translation leaves the original in place).
    One query with the rest. A function rather than a queryset, since readers of English
    need no translations, and building the queryset was an eighth of a search's own work."""
    language = content_language(language)
    if language == SOURCE_LANGUAGE:
        return queryset.filter(language=SOURCE_LANGUAGE)
    translated = translations().filter(translation_of=OuterRef("pk"), language=language)
    return queryset.filter(Q(language=language) | Q(language=SOURCE_LANGUAGE) & ~Exists(translated))


def version_for(item, language, *, translations):
    """The version of `item` (an original or a translation) that readers of `language`
    are shown, from the rows `translations()` returns (as for_readers_of): its
    translation in that language when there is one, else its English original, else
    `item` itself."""
    language = content_language(language)
    if item.language == language:
        return item
    original_id = item.translation_of_id or item.pk
    if language == SOURCE_LANGUAGE:
        found = translations().filter(pk=original_id, language=language).first()
    else:
        found = translations().filter(translation_of_id=original_id, language=language).first()
    return found or item

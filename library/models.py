import html
import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aira.languages import (
    NOT_YET_TRANSLATED,
    READ_IN,
    clean_translation,
    content_language,
    fold_accents,
    for_readers_of,
    free_slug,
    language_field,
    translation_constraints,
    translation_of_field,
)
from aira.links import LinkPattern
from aira.uploads import IMAGE, CheckedFileField, FileContentValidator
from aira.validators import ReservedSlugValidator
from library.rendering import render_markdown

WORDS_PER_MINUTE = 200
RELATED_ARTICLES = 3  # under an article, "More on" its topic
BODY_MAX_LENGTH = 100_000
# Library addresses that an article slug would hide (/library/<slug>/).
RESERVED_SLUGS = {"search", "saved", "topics"}
# Words of a search query beyond this many are ignored (each one is a regex over every
# public article's text).
SEARCH_MAX_WORDS = 6
WORD = re.compile(r"\w+")
# Columns a page rarely shows, each up to the length of the article.
LONG_TEXT_FIELDS = ("body", "body_html", "title_words", "summary_words", "words")


CARD_FIELDS = ("title", "summary", "slug", "reading_minutes", "language")


@dataclass(frozen=True)
class ArticleCard:
    """What a card in a list of articles shows (library/_article_cards.html)."""

    title: str
    summary: str
    reading_minutes: int
    topic_name: str
    url: str
    reading_time: str  # "5 min read"
    # "Not yet in Spanish" on an English article shown in its place; else empty.
    not_translated: str = ""
    language: str = "en"

    @classmethod
    def from_rows(cls, rows, *, note_untranslated=True):
        """Cards for rows of ArticleQuerySet.as_cards(), with one reverse() for all their
        links: for every card, the url tag and the model instances with their topics were
        most of a list page's work (make bench)."""
        link = LinkPattern("library:article")
        reader_language = content_language()
        # Only where the rows are for_readers_of() the reader's language: among saved
        # articles, an English one may well have a translation the person did not save.
        not_translated = (
            str(NOT_YET_TRANSLATED.get(reader_language, "")) if note_untranslated else ""
        )
        reading_times = {}  # translated once per length in the list

        def reading_time(minutes):
            if minutes not in reading_times:
                reading_times[minutes] = ngettext(
                    "%(minutes)d min read", "%(minutes)d min read", minutes
                ) % {"minutes": minutes}
            return reading_times[minutes]

        return [
            cls(
                title=row["title"],
                summary=row["summary"],
                reading_minutes=row["reading_minutes"],
                topic_name=row["topic_name"],
                url=link(row["slug"]),
                reading_time=reading_time(row["reading_minutes"]),
                not_translated=not_translated if row["language"] != reader_language else "",
                language=row["language"],
            )
            for row in rows
        ]


def search_words(text):
    """`text` as search reads it: its words in lower case without accents, each after
    one space, and a space at the end (" slow breathing "), so " brea" finds where a word
    starts, and "respiracion" typed on a phone finds "respiración"."""
    return "".join(f" {word}" for word in WORD.findall(fold_accents(text.lower()))) + " "


def validate_cover_image(upload):
    """Kept for migration 0001, which names it; the field's own check replaced it."""
    FileContentValidator(IMAGE)(upload)


class TopicQuerySet(models.QuerySet):
    def with_published_counts(self, language=None):
        """Topics that have public articles for readers of `language` (default: the
        active one; ArticleQuerySet.for_readers_of), each with `article_count`, in
        editors' order."""
        articles = (
            Article.objects.published()
            .for_readers_of(language)
            .filter(topic=OuterRef("pk"))
            .order_by()
            .values("topic")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.annotate(article_count=Coalesce(Subquery(articles), 0))
            .filter(article_count__gt=0)
            .order_by("order", "name")
        )


def topic_text(field, language=None, *, prefix=""):
    """An expression for a topic's `field` ("name" or "description") in `language`
    (default: the active one): its translation where an editor wrote one, else the
    English. `prefix` reaches the topic through a relation ("topic__")."""
    language = content_language(language)
    if language not in Topic.TRANSLATED_LANGUAGES:
        return F(f"{prefix}{field}")
    return Coalesce(NullIf(F(f"{prefix}{field}_{language}"), Value("")), F(f"{prefix}{field}"))


class Topic(models.Model):
    # The languages with a name_<code> and description_<code> column (a language added
    # to settings.LANGUAGES adds its two columns here).
    TRANSLATED_LANGUAGES = ("es",)

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True, help_text=_("Part of the web address."))
    description = models.CharField(
        max_length=200, help_text=_("One or two sentences shown under the topic's name.")
    )
    name_es = models.CharField(
        _("name in Spanish"),
        max_length=80,
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown to Spanish readers. Left empty, they see the English name."),
    )
    description_es = models.CharField(
        _("description in Spanish"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown to Spanish readers. Left empty, they see the English description."),
    )
    order = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers come first in the library.")
    )
    # aira/builtin.py: the built-in version this row was last loaded from.
    builtin_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library:topic", kwargs={"slug": self.slug})

    def _in_reader_language(self, field):
        language = content_language()
        if language in self.TRANSLATED_LANGUAGES:
            return getattr(self, f"{field}_{language}") or getattr(self, field)
        return getattr(self, field)

    @property
    def local_name(self):
        """The name in the reader's language, else the English."""
        return self._in_reader_language("name")

    @property
    def local_description(self):
        return self._in_reader_language("description")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and the publish time has come.

        Views ask for public content only through this method.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def for_readers_of(self, language=None):
        """The articles readers of `language` (default: the active one) are shown: those
        written in it, and the English ones with no published translation in it yet."""
        return for_readers_of(self, language, translations=Article.objects.published)

    def as_cards(self):
        """Rows of what a card shows (ArticleCard.from_rows makes the cards): the long
        texts stay in the database, and no model instances are built for a list."""
        return self.values(*CARD_FIELDS, topic_name=topic_text("name", prefix="topic__"))

    def with_offer_version(self):
        """Each article with `offered_practice_changed`, when the practice it offers last
        changed (Article.offer_version), read in a join without loading the practice."""
        return self.annotate(offered_practice_changed=F("recommended_practice__updated_at"))

    def for_reading(self):
        """For the article page. Most of that page is a kept copy (library/article.html):
        the practice it offers and its version in the other language are read only when
        the copy is made again, so here come just its topic and the kept copy's name."""
        return self.select_related("topic").with_offer_version()

    def with_other_version(self):
        """Each article with `other_version_slug` and `other_version_language`: its
        published version in another language, in the same query (the sitemap's
        alternates; one article's page asks Article.other_version)."""
        original = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
        other = (
            Article.objects.published()
            .exclude(pk=OuterRef("pk"))
            .filter(Q(pk=original) | Q(translation_of_id=original))
            .order_by("language")
        )
        return self.annotate(
            other_version_slug=Subquery(other.values("slug")[:1]),
            other_version_language=Subquery(other.values("language")[:1]),
        )

    def search(self, query, language=None):
        """Among the articles for readers of `language` (default: the active one; see
        for_readers_of), those where every word of `query` starts a word of the title, summary or
        body ("brea" finds "breathing", not "umbrella"), ignoring case and punctuation:
        those whose title has every word first, then their summary, then the rest,
        newest first in each.

        It reads the words columns that save() keeps (search_words): a plain LIKE for
        " brea" in " slow breathing ", which SQLite and PostgreSQL run natively, the same
        on both, where a regex per word on SQLite called back into Python for every row.
        A word typed with punctuation inside ("10.5", "self-care") must appear as those
        words in that order.
        """
        phrases = [search_words(word).rstrip() for word in query.split()[:SEARCH_MAX_WORDS]]
        phrases = [phrase for phrase in phrases if phrase]
        if not phrases:
            return self.none()

        def every_phrase_in(field):
            return Q(*(Q(**{f"{field}__contains": phrase}) for phrase in phrases))

        found = self.for_readers_of(language)
        for phrase in phrases:
            found = found.filter(words__contains=phrase)
        return found.annotate(
            search_rank=Case(
                When(every_phrase_in("title_words"), then=Value(0)),
                When(every_phrase_in("summary_words"), then=Value(1)),
                default=Value(2),
            )
        ).order_by("search_rank", "-publish_at", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=160)
    slug = models.SlugField(
        max_length=160,
        unique=True,
        validators=[ReservedSlugValidator(RESERVED_SLUGS)],
        help_text=_("Part of the web address."),
    )
    summary = models.CharField(
        max_length=400,
        help_text=_(
            "Two or three gentle sentences shown on cards, in search results and to search engines."
        ),
    )
    body = models.TextField(
        # About 15,000 words, several times the longest article: a cap that keeps
        # rendering (on every save) quick whatever is pasted in. A validator, not
        # max_length, whose maxlength attribute would let a browser cut a pasted text short.
        validators=[
            MaxLengthValidator(
                BODY_MAX_LENGTH,
                message=_(
                    "An article can be at most %(limit_value)s characters long (this one has "
                    "%(show_value)s). Please split it into two articles."
                ),
            )
        ],
        help_text=_(
            "The article in Markdown: ## for a section heading, - for a list item, "
            "[words](https://…) for a link. Scripts, styles and embedded frames are removed. "
            "At most 100,000 characters."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    # What search reads (search_words), kept by save(), never edited: every word a reader
    # sees (title, summary and the body's HTML without its tags), and the title's and the
    # summary's apart for ranking.
    words = models.TextField(editable=False, default="", db_default="")
    title_words = models.TextField(editable=False, default="", db_default="")
    summary_words = models.TextField(editable=False, default="", db_default="")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    cover_image = CheckedFileField(
        kind=IMAGE,
        upload_to="library/covers/",
        blank=True,
        help_text=_(
            "Optional picture at the top of the article: JPEG, PNG, WebP or AVIF, "
            "up to 5 MB. The file's contents are checked, and it is stored with the matching "
            "extension."
        ),
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("Required with a picture: what it shows, for people who cannot see it."),
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish from"),
        default=timezone.now,
        help_text=_(
            "A published article appears from this moment; set a future time to schedule it."
        ),
    )
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text=_(
            "Show at the top of the library. If several are featured, the newest wins; "
            "if none is, the newest article is shown."
        ),
    )
    recommended_practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommending_articles",
        help_text=_(
            "The practice offered at the end of the article. Shown only while that "
            "practice is published."
        ),
    )
    shows_red_flags = models.BooleanField(
        _("shows the emergency signs"),
        default=False,
        help_text=_(
            "Show the list of medical emergency signs (chest pain that spreads, "
            "fainting, blue lips...) with the reader's emergency number at the top of the "
            "article. Tick it for articles someone may open during a panic attack."
        ),
    )
    language = language_field()
    translation_of = translation_of_field("self")
    # aira/builtin.py: the built-in version this row was last loaded from.
    builtin_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="article_cover_has_alt",
                condition=Q(cover_image="") | ~Q(cover_alt=""),
            ),
            models.CheckConstraint(
                name="article_reading_minutes_positive", condition=Q(reading_minutes__gte=1)
            ),
            *translation_constraints("article"),
        ]
        indexes = [
            # published().for_readers_of(): a language's published articles, newest first
            # (library home, topic pages, search).
            models.Index(
                fields=["language", "status", "-publish_at"], name="article_lang_status_publish"
            ),
        ]

    def __str__(self):
        return self.title

    # What save() makes from each field an editor writes.
    DERIVED_FIELDS = {
        "title": {"title_words", "words"},
        "summary": {"summary_words", "words"},
        "body": {"body_html", "reading_minutes", "words"},
    }

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = [self.DERIVED_FIELDS.get(name, set()) for name in update_fields]
            kwargs["update_fields"] = set(update_fields).union(*derived)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:article", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Describe the picture for people who cannot see it.")}
            )
        clean_translation(self)

    def fill_derived_fields(self):
        """Sets what save() makes from the fields an editor writes (bulk_create, which
        skips save(), needs it called first)."""
        self.body_html = render_markdown(self.body)
        self.reading_minutes = estimate_reading_minutes(self.body)
        self.title_words = search_words(self.title)
        self.summary_words = search_words(self.summary)
        body_text = html.unescape(strip_tags(self.body_html))
        self.words = search_words(f"{self.title}\n{self.summary}\n{body_text}")

    def start_translation(self, language):
        """A draft translation in `language` to write: a copy of this English article in
        its words until an editor translates them, on the same topic, with the same
        practice and emergency signs."""
        return Article.objects.create(
            title=f"{self.title} ({language})"[:160],
            slug=free_slug(Article, f"{self.slug}-{language}", 160),
            summary=self.summary,
            body=self.body,
            topic=self.topic,
            recommended_practice=self.recommended_practice,
            shows_red_flags=self.shows_red_flags,
            status=Article.Status.DRAFT,
            language=language,
            translation_of=self,
        )

    @cached_property
    def other_version(self):
        """{"language", "url", "label"} of this article's published version in another
        language (the original of a translation, or the translation of an original), for
        the "Read in ..." link; None without one. One query: the article page asks only
        when it makes its kept copy again (library/article.html)."""
        original = self.translation_of_id or self.pk
        found = (
            Article.objects.published()
            .filter(Q(pk=original) | Q(translation_of_id=original))
            .exclude(pk=self.pk)
            .order_by("language")
            .values_list("language", "slug")
            .first()
        )
        if not found:
            return None
        language, slug = found
        return {
            "language": language,
            "url": reverse("library:article", kwargs={"slug": slug}),
            "label": READ_IN.get(language, ""),
        }

    @property
    def is_public(self):
        """True when published() would include this article right now."""
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    def related_articles(self):
        """A few other published articles on the same topic, for "More on ...". A method,
        not a list the view builds: the article page keeps it rendered (library/article.html),
        so most requests never ask."""
        published = Article.objects.published().for_readers_of().filter(topic_id=self.topic_id)
        # Not this article again in its other language either.
        versions = Q(pk=self.pk) | Q(translation_of_id=self.pk)
        if self.translation_of_id:
            versions |= Q(pk=self.translation_of_id)
        return ArticleCard.from_rows(published.exclude(versions).as_cards()[:RELATED_ARTICLES])

    @property
    def offer_version(self):
        """When the practice this article offers last changed: part of the name of the
        article's kept copy (library/article.html), so a renamed or unpublished practice
        shows at once. From ArticleQuerySet.with_offer_version()."""
        if hasattr(self, "offered_practice_changed"):
            changed = self.offered_practice_changed
        else:  # an article read without the annotation
            changed = self.recommended_practice.updated_at if self.recommended_practice else None
        return changed.isoformat() if changed else ""

    @property
    def practice_to_offer(self):
        """The recommended practice, if the public may open it."""
        practice = self.recommended_practice
        return practice if practice is not None and practice.is_published else None


def estimate_reading_minutes(text: str) -> int:
    """About 200 words a minute, never less than one minute."""
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


class Bookmark(models.Model):
    """An article a person saved to read again. Personal data: not in the admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="bookmark_once_per_user"),
        ]
        indexes = [
            # The Saved page: one user's bookmarks, newest first.
            models.Index(fields=["user", "-created_at"], name="bookmark_user_created"),
        ]

    def __str__(self):
        return f"{self.user} saved {self.article}"


# --- Public fragments kept rendered ------------------------------------------------------
# The library home's shelves and each published article's body with its "More on" list are
# the same for every reader and the costliest public parts to build (queries and a dozen
# cards; make bench), so library/home.html and library/article.html keep them in
# `{% cache %}`. Any change an editor makes (saving or deleting an article or topic, or
# the admin's publish and unpublish actions) forgets every copy at once; an article
# scheduled for later appears within PUBLIC_FRAGMENT_SECONDS of its time (in the lists, and
# as the link to a translation scheduled for later), and so does a change to the practice
# an article offers. Nothing personal is inside the fragments.
PUBLIC_FRAGMENT_SECONDS = 300
LIBRARY_HOME_FRAGMENT = "library-home"  # the names in the templates' {% cache %}
ARTICLE_FRAGMENT = "library-article"  # varied on the article's pk
# Under an article's title: its "not yet translated" note and its other version's link.
ARTICLE_LANGUAGES_FRAGMENT = "library-article-languages"
# Both are kept once per interface language (their headings and labels are translated).


def forget_library_fragments():
    """Forget every kept copy of the library's public fragments: now, and again when the
    change commits, since a reader arriving in between may have had the old copy kept."""
    _forget_library_fragments_now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_forget_library_fragments_now)


def _forget_library_fragments_now():
    articles = Article.objects.with_offer_version().only("pk")
    article_keys = [
        key
        for article in articles
        for code, _name in settings.LANGUAGES
        for key in (
            make_template_fragment_key(ARTICLE_FRAGMENT, [article.pk, article.offer_version, code]),
            make_template_fragment_key(ARTICLE_LANGUAGES_FRAGMENT, [article.pk, code]),
        )
    ]
    home_keys = [
        make_template_fragment_key(LIBRARY_HOME_FRAGMENT, [code])
        for code, _name in settings.LANGUAGES
    ]
    cache.delete_many([*home_keys, *article_keys])


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Topic)
def forget_library_fragments_on_change(**kwargs):
    forget_library_fragments()

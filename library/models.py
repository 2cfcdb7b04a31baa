import math
import re

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aira.uploads import IMAGE, CheckedFileField, FileContentValidator
from aira.validators import ReservedSlugValidator
from library.rendering import render_markdown

WORDS_PER_MINUTE = 200
BODY_MAX_LENGTH = 100_000
# Library addresses that an article slug would hide (/library/<slug>/).
RESERVED_SLUGS = {"search", "saved", "topics"}
# Words of a search query beyond this many are ignored (each one is a regex over every
# public article's text).
SEARCH_MAX_WORDS = 6


def validate_cover_image(upload):
    """Kept for migration 0001, which names it; the field's own check replaced it."""
    FileContentValidator(IMAGE)(upload)


class TopicQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Topics that have public articles, each with `article_count`, in editors' order."""
        now = timezone.now()
        return (
            self.annotate(
                article_count=Count(
                    "articles",
                    filter=Q(
                        articles__status=Article.Status.PUBLISHED, articles__publish_at__lte=now
                    ),
                )
            )
            .filter(article_count__gt=0)
            # Meta.ordering is ignored by aggregating queries, so it is spelled out here.
            .order_by("order", "name")
        )


class Topic(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True, help_text="Part of the web address.")
    description = models.CharField(
        max_length=200, help_text="One or two sentences shown under the topic's name."
    )
    order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers come first in the library."
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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and the publish time has come.

        Views ask for public content only through this method.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def search(self, query):
        """Articles where every word of `query` starts a word of the title, summary or
        body ("brea" finds "breathing", not "umbrella"), ignoring case: those whose title
        has every word first, then their summary, then the rest, newest first in each.

        One regex per word and field: the word where no word character comes before it
        (a lookbehind, which SQLite's Python `re` scans twice as fast as the equivalent
        "start of text or a non-word character"). SQLite (through Django) and PostgreSQL
        (`~*`) read it alike, Unicode letters and case included.
        """
        words = query.split()[:SEARCH_MAX_WORDS]
        if not words:
            return self.none()
        patterns = [r"(?<!\w)" + re.escape(word) for word in words]

        def every_word_in(field):
            return Q(*(Q(**{f"{field}__iregex": pattern}) for pattern in patterns))

        found = self
        for pattern in patterns:
            found = found.filter(
                Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(body__iregex=pattern)
            )
        return found.annotate(
            search_rank=Case(
                When(every_word_in("title"), then=Value(0)),
                When(every_word_in("summary"), then=Value(1)),
                default=Value(2),
            )
        ).order_by("search_rank", "-publish_at", "-pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=160)
    slug = models.SlugField(
        max_length=160,
        unique=True,
        validators=[ReservedSlugValidator(RESERVED_SLUGS)],
        help_text="Part of the web address.",
    )
    summary = models.CharField(
        max_length=400,
        help_text="Two or three gentle sentences shown on cards, in search results and "
        "to search engines.",
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
        help_text="The article in Markdown: ## for a section heading, - for a list item, "
        "[words](https://…) for a link. Scripts, styles and embedded frames are removed. "
        "At most 100,000 characters.",
    )
    body_html = models.TextField(editable=False, default="")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    cover_image = CheckedFileField(
        kind=IMAGE,
        upload_to="library/covers/",
        blank=True,
        help_text="Optional picture at the top of the article: JPEG, PNG, WebP or AVIF, "
        "up to 5 MB. The file's contents are checked, and it is stored with the matching "
        "extension.",
    )
    cover_alt = models.CharField(
        "cover image description",
        max_length=200,
        blank=True,
        help_text="Required with a picture: what it shows, for people who cannot see it.",
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish from",
        default=timezone.now,
        help_text="A published article appears from this moment; set a future time to schedule it.",
    )
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Show at the top of the library. If several are featured, the newest wins; "
        "if none is, the newest article is shown.",
    )
    recommended_practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommending_articles",
        help_text="The practice offered at the end of the article. Shown only while that "
        "practice is published.",
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
        ]
        indexes = [
            # published(): status filter, newest first (library home, topic pages, search).
            models.Index(fields=["status", "-publish_at"], name="article_status_publish"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.reading_minutes = estimate_reading_minutes(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "reading_minutes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:article", kwargs={"slug": self.slug})

    def clean(self):
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": "Describe the picture for people who cannot see it."}
            )

    @property
    def is_public(self):
        """True when published() would include this article right now."""
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

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


# --- The library home's shelves, the one public fragment kept rendered -----------------
# They are the same for everyone and the costliest public page to build (three queries
# and a dozen cards; make bench), so library/home.html keeps them in `{% cache %}`. Any
# change an editor makes (saving or deleting an article or topic, or the admin's publish
# and unpublish actions) forgets the copy at once; an article scheduled for later appears
# within PUBLIC_FRAGMENT_SECONDS of its time. Nothing personal is inside the fragment.
PUBLIC_FRAGMENT_SECONDS = 300
LIBRARY_HOME_FRAGMENT = "library-home"  # the name in library/home.html's {% cache %}


def forget_library_home():
    cache.delete(make_template_fragment_key(LIBRARY_HOME_FRAGMENT))


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Topic)
def forget_library_home_on_change(**kwargs):
    forget_library_home()

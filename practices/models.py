import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Count, DurationField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aira.languages import (
    NOT_YET_TRANSLATED,
    READ_IN,
    SOURCE_LANGUAGE,
    clean_translation,
    content_language,
    for_readers_of,
    free_slug,
    language_field,
    translation_constraints,
    translation_of_field,
)
from aira.uploads import AUDIO, CheckedFileField
from aira.validators import ReservedSlugValidator

RATING_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]
# URL segments under /practices/ that a practice slug would shadow.
RESERVED_SLUGS = {"sessions", "breathing-pace", "facing"}
# Short practices offered when someone still feels bad (after a practice, or on the
# progress page), best first: the next one is offered when the first was just done.
SUPPORT_PRACTICES = ("stay-safe", "extended-exhale")


# Named by migration 0003.
validate_not_reserved = ReservedSlugValidator(RESERVED_SLUGS)


class Condition(models.TextChoices):
    """Health conditions the safety screen asks about before the exposure exercises
    (Facing the feelings): each exercise names the ones it is unsuitable for."""

    HEART_LUNG = "heart-lung", _("A heart or lung condition")
    ASTHMA = "asthma", _("Asthma")
    EPILEPSY = "epilepsy", _("Epilepsy, or seizures of any kind")
    FAINTING = "fainting", _("Low blood pressure, or fainting")
    NECK_BACK = "neck-back", _("Neck or back problems")
    PREGNANCY = "pregnancy", _("Being pregnant")
    SURGERY = "surgery", _("An operation or serious injury in the last three months")


def validate_conditions(value):
    if not isinstance(value, list) or not all(v in Condition.values for v in value):
        raise ValidationError(
            _("Choose conditions from the list: %(choices)s."),
            params={"choices": ", ".join(Condition.values)},
        )


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_readers_of(self, language=None):
        """The practices readers of `language` (default: the active one) are shown: those
        written in it, and the English ones with no published translation in it yet."""
        return for_readers_of(self, language, translations=Practice.objects.published)

    def original_slugs(self):
        """{a translation's slug: its English original's slug} for the translations among
        these practices: a choice named by a translation counts as its original's."""
        return dict(
            self.filter(translation_of__isnull=False).values_list("slug", "translation_of__slug")
        )

    def with_other_version(self):
        """Each practice with `other_version_slug` and `other_version_language`: its
        published version in another language (Practice.other_version), in the same query."""
        original = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
        other = (
            Practice.objects.published()
            .exclude(pk=OuterRef("pk"))
            .filter(Q(pk=original) | Q(translation_of_id=original))
            .order_by("language")
        )
        return self.annotate(
            other_version_slug=Subquery(other.values("slug")[:1]),
            other_version_language=Subquery(other.values("language")[:1]),
        )

    def with_reader_version(self, language=None):
        """Each practice with `reader_title` and `reader_slug`: the published version of it
        that readers of `language` (default: the active one) are shown in the list
        (for_readers_of: its translation in their language, else its English original);
        None when they are shown none. In the same query."""
        original = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
        shown = (
            Practice.objects.published()
            .for_readers_of(language)
            .filter(Q(pk=original) | Q(translation_of_id=original))
        )
        return self.annotate(
            reader_title=Subquery(shown.values("title")[:1]),
            reader_slug=Subquery(shown.values("slug")[:1]),
        )

    def to_choose(self, language=None):
        """The practices a person picks from (their plan's, a reminder's): each once, as
        its original, which is what a choice stores, so it holds in any language; labelled
        with the version readers of `language` are shown (with_reader_version), and only
        those they are shown, in the list's order."""
        return (
            self.filter(translation_of__isnull=True)
            .with_reader_version(language)
            .exclude(reader_slug=None)
            .order_by("order", "reader_title")
        )

    def by_english_slug(self, slugs, language=None):
        """{English slug: the version readers of `language` are shown} for the practices
        the code names by their English slugs (SOS, the support offers), in one query."""
        found = (
            self.for_readers_of(language)
            .filter(
                Q(slug__in=slugs, translation_of__isnull=True) | Q(translation_of__slug__in=slugs)
            )
            .annotate(english_slug=Coalesce("translation_of__slug", "slug"))
        )
        return {practice.english_slug: practice for practice in found}

    def calming(self):
        """Everything but the exposure exercises: what may be offered to someone who
        feels bad now (SOS, the support offers). Exposure is for calm moments only."""
        return self.exclude(category=Practice.Category.EXPOSURE)

    def exposure(self):
        return self.filter(category=Practice.Category.EXPOSURE)

    def short_alternative_to(self, practice=None):
        """A short published practice to offer someone who still feels bad: the first of
        SUPPORT_PRACTICES that isn't `practice`, else the shortest other one (a site
        whose editors removed both). None when there is nothing else to offer."""
        others = self.published().calming()
        if practice is not None:
            # Nor the same practice in another language.
            original = practice.original_id
            others = others.exclude(Q(pk=original) | Q(translation_of_id=original))
        found = others.by_english_slug(SUPPORT_PRACTICES)
        others = others.for_readers_of()
        for slug in SUPPORT_PRACTICES:
            if slug in found:
                return found[slug]
        return others.order_by("minutes", "order", "title").first()


class Practice(models.Model):
    class Category(models.TextChoices):
        PANIC = "panic", _("Panic & SOS")
        ANXIETY = "anxiety", _("Anxiety relief")
        SLEEP = "sleep", _("Sleep")
        EVERYDAY = "everyday", _("Everyday calm")
        # Interoceptive exposure: bringing on a sensation on purpose, in a calm moment.
        EXPOSURE = "exposure", _("Facing the feelings")

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("Part of the web address."),
    )
    tagline = models.CharField(
        max_length=160,
        help_text=_("One short line shown on cards, e.g. 'A steady breath to slow down'."),
    )
    description = models.TextField(
        help_text=_(
            "What the practice is, who it suits and what to expect. Blank lines separate paragraphs."
        )
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Honest estimate of how long the practice takes, in minutes."),
    )
    unsuitable_for = models.JSONField(
        _("unsuitable for"),
        default=list,
        # Also in the database, so a release without this field can still add practices
        # while the next one rolls out (tests/test_migration_safety.py).
        db_default=Value([], output_field=models.JSONField()),
        blank=True,
        validators=[validate_conditions],
        help_text=_(
            "Facing the feelings: the health conditions this exercise could harm. "
            "People who tick one of them on the safety screen are not offered it and are "
            "advised to talk to a doctor first."
        ),
    )
    is_published = models.BooleanField(
        "published", default=False, help_text=_("Only published practices are shown to the public.")
    )
    order = models.PositiveSmallIntegerField(
        default=100, help_text=_("Lower numbers come first in the list.")
    )
    audio = CheckedFileField(
        "recording",
        kind=AUDIO,
        upload_to="practices/audio/",
        blank=True,
        help_text=_(
            "Optional recording of the whole practice, following the written steps: "
            "MP3, M4A (AAC), Ogg, Opus, WAV or WebM, up to 20 MB. The file's contents are "
            "checked, and it is stored with the matching extension. People get a "
            "“Play the recording” player instead of the browser's read-aloud voice."
        ),
    )
    language = language_field()
    translation_of = translation_of_field("self")
    # aira/builtin.py: the built-in version this practice and its steps were last loaded
    # from.
    builtin_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1), name="practice_minutes_positive"),
            *translation_constraints("practice"),
        ]
        indexes = [
            # published().for_readers_of(): a language's published practices in order
            # (the practices list, SOS, the offline copy).
            models.Index(
                fields=["language", "is_published", "order", "title"],
                name="practice_lang_published_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self):
        clean_translation(self)

    @property
    def original_id(self):
        """The English original's id: what a person's progress counts sessions under,
        whichever language they practised in."""
        return self.translation_of_id or self.pk

    @property
    def other_version(self):
        """{"language", "url", "label"} of this practice's published version in another
        language, for the "Read in ..." link; None without one (with_other_version)."""
        slug = getattr(self, "other_version_slug", None)
        if not slug:
            return None
        language = self.other_version_language
        return {
            "language": language,
            "url": reverse("practices:detail", kwargs={"slug": slug}),
            "label": READ_IN.get(language, ""),
        }

    @property
    def reader_url(self):
        """The address of the version readers are shown (with_reader_version), else this one's."""
        return reverse(
            "practices:detail", kwargs={"slug": getattr(self, "reader_slug", None) or self.slug}
        )

    @property
    def reader_label(self):
        """Its title as readers see it (with_reader_version), else its own."""
        return getattr(self, "reader_title", None) or self.title

    @property
    def not_translated(self):
        """The "Not yet in Spanish" note when this English practice is shown to a reader of a
        language it has no translation in (for_readers_of); else empty."""
        language = content_language()
        if self.language == language:
            return ""
        return NOT_YET_TRANSLATED.get(language, "")

    def duplicate(self, **fields):
        """An unpublished copy with its steps, for editors to build a variation from;
        `fields` overrides the copy's own (start_translation)."""
        steps = list(self.steps.all())
        base_slug = f"{self.slug}-copy"[:110]
        slug, n = base_slug, 2
        while Practice.objects.filter(slug=slug).exists():
            slug, n = f"{base_slug}-{n}", n + 1
        fields = {"title": f"{self.title} (copy)"[:120], "slug": slug, **fields}
        copy = Practice.objects.create(
            title=fields.pop("title"),
            slug=fields.pop("slug"),
            tagline=self.tagline,
            description=self.description,
            category=self.category,
            minutes=self.minutes,
            unsuitable_for=self.unsuitable_for,
            order=self.order,
            audio=self.audio,
            is_published=False,
            **fields,
        )
        for step in steps:
            step.pk = None
            step.practice = copy
        Step.objects.bulk_create(steps)
        return copy

    def start_translation(self, language):
        """An unpublished translation in `language` to write: a copy of this English
        practice and its steps, in the original's words until an editor translates them
        (the timings and cautions stay as they are)."""
        return self.duplicate(
            title=f"{self.title} ({language})"[:120],
            slug=free_slug(Practice, f"{self.slug}-{language}", 120),
            language=language,
            translation_of=self,
        )

    @property
    def is_exposure(self):
        return self.category == self.Category.EXPOSURE

    def unsuitable_conditions(self):
        """The conditions this exercise is unsuitable for, as Condition members, in the
        screen's order."""
        return [c for c in Condition if c.value in self.unsuitable_for]

    def suits(self, conditions):
        """Whether someone who ticked `conditions` on the safety screen may do it."""
        return not set(self.unsuitable_for) & set(conditions)

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.split("\n\n") if p.strip()]


class Step(models.Model):
    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance (text to read)")
        BREATHING = "breathing", _("Breathing (paced breath)")
        TIMED = "timed", _("Timed pause")
        PROMPT = "prompt", _("Prompt (notice or name things)")
        REFLECTION = "reflection", _("Reflection")
        EXPOSURE = "exposure", _("Facing a feeling (timed exercise, then three ratings)")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text=_(
            "Order within the practice: lower numbers come first. Change the numbers to reorder."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField(max_length=100)
    text = models.TextField(
        help_text=_("What the step says, in a few short sentences. Read aloud when voice is on.")
    )
    # Breathing steps.
    inhale_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Breathing: seconds to breathe in (1-15).")
    )
    top_up_seconds = models.PositiveSmallIntegerField(
        "top-up seconds",
        default=0,
        help_text=_(
            "Breathing: a second, shorter in-breath on top of the first, as in the "
            "double sigh (0-5; 0 for none). The guide says 'Breathe in a little more', never "
            "'Hold', between the two in-breaths."
        ),
    )
    hold_in_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Breathing: seconds to hold after breathing in (0-10).")
    )
    exhale_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Breathing: seconds to breathe out (1-20).")
    )
    hold_out_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Breathing: seconds to rest after breathing out (0-10).")
    )
    cycles = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Breathing: how many rounds (1-20).")
    )
    eases_in = models.BooleanField(
        _("eases in"),
        default=False,
        help_text=_(
            "Breathing: start every person at the gentler pace and slow, round by "
            "round, to the pace they chose by the last round. Meant for practices opened "
            "mid-panic, such as Stay Safe."
        ),
    )
    # Timed pauses.
    duration_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Timed pause or facing a feeling: length in seconds (5-600)."),
    )
    # Prompts.
    input_label = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "Prompt: label over optional boxes the person may type in (never sent anywhere). "
            "Leave empty for no boxes."
        ),
    )
    input_count = models.PositiveSmallIntegerField(
        default=0, help_text=_("Prompt: number of optional boxes (0-5).")
    )
    shows_red_flags = models.BooleanField(
        _("shows the emergency signs"),
        default=False,
        help_text=_(
            "Show the list of medical emergency signs (chest pain that spreads, "
            "fainting, blue lips...) with the person's emergency number under this step's "
            "text, opened. Use it on the step that says what they feel is probably panic."
        ),
    )

    class Meta:
        ordering = ["practice", "position", "pk"]
        constraints = [
            # The database refuses the impossible steps too, so a script or a shell can't
            # save what the admin form would reject.
            models.CheckConstraint(
                name="breathing_step_has_pattern",
                violation_error_message=_(
                    "A breathing step needs breathing in and out of at "
                    "least 1 second, holds of 0 or more, and at least 1 round."
                ),
                condition=~Q(kind="breathing")
                | Q(
                    inhale_seconds__isnull=False,
                    exhale_seconds__isnull=False,
                    hold_in_seconds__isnull=False,
                    hold_out_seconds__isnull=False,
                    cycles__isnull=False,
                    inhale_seconds__gte=1,
                    exhale_seconds__gte=1,
                    hold_in_seconds__gte=0,
                    hold_out_seconds__gte=0,
                    cycles__gte=1,
                ),
            ),
            models.CheckConstraint(
                name="timed_step_has_duration",
                violation_error_message=_("A timed pause needs a length in seconds."),
                condition=~Q(kind="timed")
                | Q(duration_seconds__isnull=False, duration_seconds__gte=1),
            ),
            models.CheckConstraint(
                name="exposure_step_has_duration",
                violation_error_message=_("A facing-a-feeling step needs a length in seconds."),
                condition=~Q(kind="exposure")
                | Q(duration_seconds__isnull=False, duration_seconds__gte=1),
            ),
            models.CheckConstraint(name="step_input_count_max_5", condition=Q(input_count__lte=5)),
            models.CheckConstraint(name="step_top_up_max_5", condition=Q(top_up_seconds__lte=5)),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    BREATHING_LIMITS = {
        "inhale_seconds": (1, 15),
        "top_up_seconds": (0, 5),
        "hold_in_seconds": (0, 10),
        "exhale_seconds": (1, 20),
        "hold_out_seconds": (0, 10),
        "cycles": (1, 20),
    }

    def clean(self):
        errors = {}
        if self.kind == self.Kind.BREATHING:
            labels = {
                "inhale_seconds": _("Breathing in"),
                "top_up_seconds": _("The top-up in-breath"),
                "hold_in_seconds": _("The hold after breathing in"),
                "exhale_seconds": _("Breathing out"),
                "hold_out_seconds": _("The rest after breathing out"),
                "cycles": _("The number of rounds"),
            }
            for name, (low, high) in self.BREATHING_LIMITS.items():
                value = getattr(self, name)
                if value is None:
                    if name in ("top_up_seconds", "hold_in_seconds", "hold_out_seconds"):
                        setattr(self, name, 0)
                        continue
                    errors[name] = f"{labels[name]} is needed for a breathing step."
                elif not low <= value <= high:
                    unit = "" if name == "cycles" else " seconds"
                    errors[name] = f"{labels[name]} must be between {low} and {high}{unit}."
        if self.kind in (self.Kind.TIMED, self.Kind.EXPOSURE):
            what = (
                _("A timed pause") if self.kind == self.Kind.TIMED else _("A facing-a-feeling step")
            )
            if not self.duration_seconds:
                errors["duration_seconds"] = f"{what} needs a length in seconds."
            elif not 5 <= self.duration_seconds <= 600:
                errors["duration_seconds"] = f"{what} must last between 5 and 600 seconds."
        if self.kind == self.Kind.PROMPT:
            if self.input_count > 5:
                errors["input_count"] = _("A prompt can offer at most 5 boxes.")
            if self.input_count and not self.input_label:
                errors["input_label"] = _(
                    "Give the boxes a label, or set the number of boxes to 0."
                )
        elif self.input_count:
            errors["input_count"] = _("Only prompt steps can offer boxes to type in.")
        if errors:
            raise ValidationError(errors)

    @property
    def breath_seconds(self):
        """Length of one breathing round."""
        return (
            (self.inhale_seconds or 0)
            + (self.top_up_seconds or 0)
            + (self.hold_in_seconds or 0)
            + (self.exhale_seconds or 0)
            + (self.hold_out_seconds or 0)
        )

    @property
    def total_seconds(self):
        if self.kind == self.Kind.BREATHING:
            return self.breath_seconds * (self.cycles or 0)
        if self.kind in (self.Kind.TIMED, self.Kind.EXPOSURE):
            return self.duration_seconds or 0
        return 0

    # How each kind is described on a practice's page ("including paced breathing, ...").
    KIND_DESCRIPTIONS = {
        Kind.GUIDANCE: _("gentle guidance"),
        Kind.BREATHING: _("paced breathing"),
        Kind.TIMED: _("quiet pauses"),
        Kind.PROMPT: _("things to notice"),
        Kind.REFLECTION: _("a moment to reflect"),
        Kind.EXPOSURE: _("a short exercise that brings on a feeling, then three ratings"),
    }

    @classmethod
    def describe_kinds(cls, steps):
        """The kinds present in `steps`, in a fixed order, as words for people."""
        present = {step.kind for step in steps}
        return [words for kind, words in cls.KIND_DESCRIPTIONS.items() if kind in present]

    def input_slots(self):
        return range(1, self.input_count + 1)


class BreathingPace(models.TextChoices):
    """How the breathing guide paces a breathing step for one person (practices/pacing.py)."""

    GENTLER = "gentler", _("Gentler start")
    AS_WRITTEN = "as-written", _("As written")
    SLOWER = "slower", _("Slower")


class PracticePreferences(models.Model):
    """How a signed-in person likes the player. Visitors keep the same choice in a
    cookie on their device (practices/pacing.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_preferences"
    )
    # As written by default: the built-in patterns are already moderate, and the practice
    # meant for the worst moments (Stay Safe) eases in by itself.
    breathing_pace = models.CharField(
        _("breathing pace"),
        max_length=20,
        choices=BreathingPace.choices,
        default=BreathingPace.AS_WRITTEN,
    )
    # The safety screen before Facing the feelings: None until it is answered. Kept on
    # the person's account only to leave out the exercises that could harm them.
    exposure_conditions = models.JSONField(
        _("health conditions (safety screen)"),
        null=True,
        blank=True,
        validators=[validate_conditions],
    )

    class Meta:
        verbose_name_plural = _("practice preferences")

    def __str__(self):
        return f"Practice preferences of user {self.user_id}"


class PracticeSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def finished(self):
        return self.filter(finished=True)


def practice_text(field, original_id, original_text):
    """An expression for `field` ("title" or "slug") of a practice in the reader's
    language: that of the published translation of the English original `original_id`
    (an OuterRef) where there is one, else `original_text`, the original's own. For a
    reader of English just `original_text`: no translation is ever into English."""
    language = content_language()
    if language == SOURCE_LANGUAGE:
        return original_text
    version = Practice.objects.published().filter(translation_of_id=original_id, language=language)
    return Coalesce(Subquery(version.values(field)[:1]), original_text)


class PracticeSession(models.Model):
    """One run through a practice, by a signed-in user or (until they sign in) a visitor.

    `uuid` is made on the client's side of the flow (the Begin form carries it, and the
    offline queue reuses it) so a retried or double-submitted save finds the same row.
    Visitor sessions have no user; the browser session remembers their uuids and they
    are attached to the account when the visitor signs up or logs in.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="sessions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practice_sessions",
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    rating_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    steps_completed = models.PositiveSmallIntegerField(default=0)
    finished = models.BooleanField(default=False)
    # Facing the feelings: the three ratings given after the exercise (0-10 each).
    sensation_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    anxiety_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    panic_likeness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )

    objects = PracticeSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                name="session_rating_before_0_10",
                condition=Q(rating_before__isnull=True) | Q(rating_before__lte=10),
            ),
            models.CheckConstraint(
                name="session_rating_after_0_10",
                condition=Q(rating_after__isnull=True) | Q(rating_after__lte=10),
            ),
            *(
                models.CheckConstraint(
                    name=f"session_{name}_0_10",
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": 10}),
                )
                for name in ("sensation_rating", "anxiety_rating", "panic_likeness")
            ),
        ]
        indexes = [
            # Progress and history: one user's sessions, newest first. With `finished`
            # in it, the practice days (finished sessions in the month) read the index
            # alone; with the practice and both ratings too, so does the clinician
            # summary's per-practice table of a period (stats.practices_used). Without
            # them, PostgreSQL fetched each of the period's sessions from the table: for
            # a person with 100,000 sessions, some 700 table pages a request, each on a
            # different page (make bench-scale).
            models.Index(
                fields=[
                    "user",
                    "-started_at",
                    "finished",
                    "practice",
                    "rating_before",
                    "rating_after",
                ],
                name="session_user_started_ratings",
            ),
            # "What helps you" and the totals group a user's sessions by practice: with
            # every column they read in the index, the table itself is never touched.
            models.Index(
                fields=["user", "practice", "finished", "rating_before", "rating_after"],
                name="session_user_practice_ratings",
            ),
        ]

    # An after-rating this high (0-10) is still strong, whatever it was before.
    STILL_STRONG = 7

    def __str__(self):
        return f"{self.practice} session {self.uuid}"

    # The fields PracticeTotals counts: a save touching none of them (a step completed)
    # leaves the totals as they are.
    COUNTED_FIELDS = frozenset({"user", "practice", "finished", "rating_before", "rating_after"})

    def save(self, *args, **kwargs):
        """Saved together with the person's totals for this practice, in one transaction."""
        update_fields = kwargs.get("update_fields")
        counted = update_fields is None or not self.COUNTED_FIELDS.isdisjoint(update_fields)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if counted and self.user_id is not None:
                PracticeTotals.refresh(user_id=self.user_id, practice_id=self.practice_id)

    def delete(self, *args, **kwargs):
        user_id, practice_id = self.user_id, self.practice_id
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            if user_id is not None:
                PracticeTotals.refresh(user_id=user_id, practice_id=practice_id)
        return deleted

    def is_same_record(self, practice, data):
        """Whether `data` (a synced record) is exactly what this session already holds."""
        return (
            self.practice_id == practice.pk
            and self.started_at == data["started_at"]
            and self.rating_before == data["rating_before"]
            and self.rating_after == data["rating_after"]
            and self.steps_completed == data["steps_completed"]
            and self.finished == data["finished"]
            and self.ended_at == (data["ended_at"] if data["finished"] else None)
            and all(getattr(self, name) == data.get(name) for name in self.EXPOSURE_FIELDS)
        )

    @property
    def change(self):
        """After minus before; negative means distress went down."""
        if self.rating_before is None or self.rating_after is None:
            return None
        return self.rating_after - self.rating_before

    @property
    def needs_more_support(self):
        """Whether the summary leads with more support (another short practice, someone
        to reach out to, the crisis lines): distress rose during the practice, or it is
        still strong at the end. Without an after-rating we don't know, so it doesn't."""
        after, before = self.rating_after, self.rating_before
        if after is None:
            return False
        return after >= self.STILL_STRONG or (before is not None and after > before)

    def complete_step(self, position):
        """Record that the step at `position` (1-based) was done; never goes backwards."""
        if position > self.steps_completed:
            self.steps_completed = position
            self.save(update_fields=["steps_completed"])

    EXPOSURE_FIELDS = ("sensation_rating", "anxiety_rating", "panic_likeness")

    def rate_exposure(self, *, sensation, anxiety, panic):
        """Keep the three ratings of a Facing the feelings exercise. Rated again (a
        retry, or Back and rate again) replaces them: one set per session."""
        self.sensation_rating, self.anxiety_rating, self.panic_likeness = sensation, anxiety, panic
        self.save(update_fields=list(self.EXPOSURE_FIELDS))

    def finish(self, *, rating_after=None, step_count=None):
        self.rating_after = rating_after
        self.finished = True
        if step_count is not None:
            self.steps_completed = max(self.steps_completed, step_count)
        if self.ended_at is None:
            self.ended_at = timezone.now()
        self.save(update_fields=["rating_after", "finished", "steps_completed", "ended_at"])


# A session rated both before and after: the ones "what helps" averages.
RATED = Q(rating_before__isnull=False, rating_after__isnull=False)


class PracticeTotals(models.Model):
    """One person's totals for one practice over all their sessions: how many, how many
    finished, how many rated before and after, and the sums of those ratings.

    The progress page's totals and "what helps" read these dozen rows, whatever the
    length of the history, instead of grouping every session on every visit. They are
    counted afresh from the sessions of that person and practice whenever one of those
    sessions is saved or deleted (PracticeSession.save and .delete, in the same
    transaction), and for a whole person after bulk writes that bypass save()
    (`rebuild_for`). Counting afresh, rather than adding the difference, stays right
    when two requests save the same session at once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_totals"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="totals")
    sessions = models.PositiveIntegerField(default=0)  # finished or not
    finished = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)  # with a before and an after rating
    rating_before_sum = models.PositiveIntegerField(default=0)  # over the rated ones
    rating_after_sum = models.PositiveIntegerField(default=0)
    # Time spent in the finished sessions, each capped at the practice's stated length (a
    # session left open for an hour is not an hour of practice).
    time_spent = models.DurationField(default=timedelta(0))

    class Meta:
        verbose_name_plural = _("practice totals")
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="practice_totals_per_user")
        ]

    def __str__(self):
        return f"Totals of user {self.user_id} for practice {self.practice_id}"

    @property
    def average_change(self):
        return self.change_of(self.rated, self.rating_before_sum, self.rating_after_sum)

    @staticmethod
    def change_of(rated, rating_before_sum, rating_after_sum):
        """Average of after minus before over the rated sessions; None if none."""
        if not rated:
            return None
        return (rating_after_sum - rating_before_sum) / rated

    @staticmethod
    def counts(lengths):
        """The totals' fields, counted from a queryset of sessions in one aggregate.
        `lengths`: {practice id: stated length} for the practices counted."""
        stated_length = Case(
            *[When(practice_id=pk, then=Value(length)) for pk, length in lengths.items()],
            output_field=DurationField(),
        )
        # Never below zero either: a device clock that jumped back.
        spent = Greatest(
            Least(F("ended_at") - F("started_at"), stated_length),
            Value(timedelta(0)),
            output_field=DurationField(),
        )
        return {
            # First: after the `finished` count, that name would stand for the count.
            "time_spent": Sum(spent, filter=Q(finished=True, ended_at__isnull=False)),
            "sessions": Count("id"),
            "finished": Count("id", filter=Q(finished=True)),
            "rated": Count("id", filter=RATED),
            "rating_before_sum": Sum("rating_before", filter=RATED, default=0),
            "rating_after_sum": Sum("rating_after", filter=RATED, default=0),
        }

    @staticmethod
    def stated_lengths(practices):
        return {
            pk: timedelta(minutes=minutes) for pk, minutes in practices.values_list("pk", "minutes")
        }

    @classmethod
    def refresh(cls, *, user_id, practice_id):
        """Count one person's sessions of one practice afresh (the session index holds
        every column read). The row is locked first, so a concurrent save of another
        session of theirs waits, then counts with this one included."""
        with transaction.atomic():
            # One practice in every language it is written in counts as one: a Spanish
            # reader's box breathing is the box breathing on their progress page, and so
            # is the English one they did before switching. The totals are the original's.
            its_original = Practice.objects.filter(pk=practice_id).values("translation_of_id")
            versions = Practice.objects.filter(
                Q(pk=practice_id)
                | Q(translation_of_id=practice_id)
                | Q(pk=Subquery(its_original))
                | Q(translation_of_id=Subquery(its_original))
            )
            lengths, original_id = {}, practice_id
            for pk, minutes, translation_of_id in versions.values_list(
                "pk", "minutes", "translation_of_id"
            ):
                lengths[pk] = timedelta(minutes=minutes)
                if translation_of_id is None:
                    original_id = pk
            totals, _ = cls.objects.select_for_update().get_or_create(
                user_id=user_id, practice_id=original_id
            )
            sessions = PracticeSession.objects.filter(user_id=user_id, practice_id__in=lengths)
            values = sessions.aggregate(**cls.counts(lengths))
            values["time_spent"] = values["time_spent"] or timedelta(0)
            if not values["sessions"]:
                totals.delete()  # no session of it left: not a practice they use
                return
            for name, value in values.items():
                setattr(totals, name, value)
            totals.save()

    @classmethod
    def recount_practice(cls, practice_id):
        """Every person's totals for one practice (its English original's id) counted
        afresh, after its stated length changed; returns how many people's."""
        versions = Practice.objects.filter(Q(pk=practice_id) | Q(translation_of_id=practice_id))
        people = (
            PracticeSession.objects.filter(practice__in=versions, user__isnull=False)
            .order_by()
            .values_list("user_id", flat=True)
            .distinct()
        )
        counted = 0
        for user_id in people.iterator():
            cls.refresh(user_id=user_id, practice_id=practice_id)
            counted += 1
        return counted

    @classmethod
    def rebuild_for(cls, user):
        """Count all of one person's totals afresh, after writes that bypass save()
        (bulk_create, a queryset's update or delete)."""
        sessions = PracticeSession.objects.filter(user=user).order_by()
        lengths = cls.stated_lengths(Practice.objects.all())
        # Under each practice's original, as refresh() counts them.
        original = Coalesce("practice__translation_of_id", "practice_id")
        rows = sessions.values(original_id=original).annotate(**cls.counts(lengths))
        rows = [{"practice_id": row.pop("original_id"), **row} for row in rows]
        with transaction.atomic():
            cls.objects.filter(user=user).delete()
            cls.objects.bulk_create(
                cls(user=user, **{**row, "time_spent": row["time_spent"] or timedelta(0)})
                for row in rows
            )

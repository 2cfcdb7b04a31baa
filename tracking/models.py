import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 2000


class Tag(models.TextChoices):
    """The fixed set of tags a check-in may carry (stored comma-separated, in this order)."""

    SLEEP = "sleep", _("Sleep")
    WORK = "work", _("Work")
    RELATIONSHIPS = "relationships", _("Relationships")
    HEALTH = "health", _("Health")
    BODY = "body", _("Body")
    MONEY = "money", _("Money")
    FAMILY = "family", _("Family")
    STUDY = "study", _("Study")


# Tag.choices is built anew on each use: lists of check-ins look labels up here.
TAG_LABELS = dict(Tag.choices)


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


# Labels by value, built once: a choices field's get_FOO_display() builds this dict on
# every call, translating every label to hash it.
MOOD_LABELS = dict(Mood.choices)


def split_tags(value):
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def join_tags(values):
    """Store tags in the fixed order of `Tag`, without duplicates."""
    chosen = set(values)
    return ",".join(tag for tag in Tag.values if tag in chosen)


def validate_tags(value):
    unknown = [tag for tag in split_tags(value) if tag not in Tag.values]
    if unknown:
        raise ValidationError(
            _("Unknown tag: %(tags)s. Tags can be: %(allowed)s."),
            code="unknown_tag",
            params={"tags": ", ".join(unknown), "allowed": ", ".join(Tag.values)},
        )


class CheckInQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def record(self, *, user, uuid, **values):
        """Save the check-in sent with `uuid`: created the first time, updated on a retry.

        The uuid comes from the form (made when the form was rendered), so a double tap
        or a resubmitted POST finds the row it already made. A uuid that belongs to
        someone else raises CheckIn.DoesNotExist: it is never overwritten.
        Returns (checkin, created).
        """
        for _attempt in range(2):
            owner_id = self.filter(uuid=uuid).values_list("user_id", flat=True).first()
            if owner_id is not None and owner_id != user.pk:
                raise self.model.DoesNotExist(_("This check-in belongs to someone else."))
            try:
                with transaction.atomic():
                    return self.update_or_create(uuid=uuid, user=user, defaults=values)
            except IntegrityError:
                # Two identical submits raced; the other one created the row. Look again.
                continue
        raise self.model.DoesNotExist(_("Could not save this check-in."))


class CheckIn(models.Model):
    """How someone felt at one moment: anxiety 0-10, mood 1-5, optional tags and a note.

    Private to its owner: not registered in the admin.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    created_at = models.DateTimeField(
        default=timezone.now, help_text=_("When the check-in was made.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    anxiety = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("0 (calm) to 10 (the most anxious)."),
    )
    mood = models.PositiveSmallIntegerField(
        choices=Mood.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    tags = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_tags],
        help_text=_("Comma-separated, from the fixed set in tracking.models.Tag."),
    )
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="checkin_anxiety_0_10", condition=Q(anxiety__gte=0, anxiety__lte=10)
            ),
            models.CheckConstraint(name="checkin_mood_1_5", condition=Q(mood__gte=1, mood__lte=5)),
            # TextField's max_length is only enforced by forms; the database holds the line.
            models.CheckConstraint(
                name="checkin_note_max_2000",
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
            ),
        ]
        indexes = [
            # Progress (recent check-ins, the trend over 7-90 days), history and the
            # clinician summary: one user's check-ins in a time range, newest first.
            # With the anxiety and mood in it, the trend (a day's average, over up to a
            # few thousand check-ins for a very frequent user) and the summary's averages
            # read the index alone: on PostgreSQL, fetching each check-in of the period
            # from the table cost a table page per row (make bench-scale).
            models.Index(
                fields=["user", "-created_at", "anxiety", "mood"],
                name="checkin_user_created_answers",
            ),
        ]

    def __str__(self):
        return f"Check-in {self.uuid}"

    def get_absolute_url(self):
        return reverse("tracking:checkin_detail", kwargs={"uuid": self.uuid})

    # The progress page's gentle note: this many check-ins in a row, the latest ones,
    # each hard (very low mood, or anxiety at or above HARD_ANXIETY).
    HARD_RUN = 3
    HARD_ANXIETY = 8

    @property
    def is_hard(self):
        return self.mood == Mood.VERY_LOW or self.anxiety >= self.HARD_ANXIETY

    @classmethod
    def hard_run(cls, latest):
        """Whether the latest check-ins (newest first, as the progress page already reads
        them) are HARD_RUN hard ones in a row. Decided from rows in hand: no query."""
        latest = list(latest[: cls.HARD_RUN])
        return len(latest) == cls.HARD_RUN and all(checkin.is_hard for checkin in latest)

    @property
    def mood_label(self):
        """The mood in words, in the reader's language, from MOOD_LABELS rather than
        get_mood_display() (a fifth of the progress page's check-in list, make bench)."""
        return MOOD_LABELS[self.mood]

    @property
    def tag_list(self):
        return split_tags(self.tags)

    @property
    def tag_labels(self):
        return [str(TAG_LABELS[tag]) for tag in self.tag_list if tag in TAG_LABELS]


class TrackingPreferences(models.Model):
    """What the progress page shows. Counts some people find stressful can be hidden."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracking_preferences"
    )
    show_practice_days = models.BooleanField(
        _("Show the days I practised"),
        default=True,
        help_text=_("This week's and this month's practice days, and the calendar."),
    )
    show_totals = models.BooleanField(
        _("Show my totals"), default=True, help_text=_("Sessions and minutes, all time.")
    )
    show_trend = models.BooleanField(
        _("Show my anxiety trend"), default=True, help_text=_("The chart of your check-ins.")
    )

    class Meta:
        verbose_name_plural = _("tracking preferences")

    def __str__(self):
        return f"Progress preferences of user {self.user_id}"

    @classmethod
    def for_user(cls, user):
        """The saved preferences, or unsaved defaults (a GET never writes). A get() on
        the unique user: first() would order the one row by id, a cost on every page."""
        try:
            return cls.objects.get(user=user)
        except cls.DoesNotExist:
            return cls(user=user)


# --- The panic log ---------------------------------------------------------------------


class Sensation(models.TextChoices):
    """What the body did during a panic attack, in plain words (stored comma-separated,
    in this order)."""

    RACING_HEART = "racing_heart", _("Racing heart")
    BREATHLESSNESS = "breathlessness", _("Breathlessness")
    CHEST_TIGHTNESS = "chest_tightness", _("Chest tightness")
    DIZZINESS = "dizziness", _("Dizziness")
    SHAKING = "shaking", _("Shaking")
    SWEATING = "sweating", _("Sweating")
    TINGLING = "tingling", _("Tingling")
    NAUSEA = "nausea", _("Nausea")
    HOT_OR_COLD = "hot_or_cold", _("Hot or cold")
    FEELING_UNREAL = "feeling_unreal", _("Feeling unreal")
    LOSING_CONTROL = "losing_control", _("Fear of losing control")
    FEAR_OF_DYING = "fear_of_dying", _("Fear of dying")


SENSATION_LABELS = dict(Sensation.choices)
# The longest an attack may be logged as lasting: a whole day. Longer is a typing slip.
MAX_ATTACK_MINUTES = 24 * 60
PANIC_TEXT_FIELDS = ("situation", "feared", "happened", "helped_note", "note")


def join_sensations(values):
    """Store sensations in the fixed order of `Sensation`, without duplicates."""
    chosen = set(values)
    return ",".join(value for value in Sensation.values if value in chosen)


def validate_sensations(value):
    unknown = [item for item in split_tags(value) if item not in Sensation.values]
    if unknown:
        raise ValidationError(
            _("Unknown sensation: %(items)s."), code="unknown_sensation", params={"items": unknown}
        )


def _limited_text(verbose_name, help_text):
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text=help_text,
    )


class PanicAttackQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def record(self, *, user, uuid, values, helped_practices=()):
        """Save the attack sent with `uuid`: created the first time, updated on a retry
        (a double tap, a resent form, the offline outbox sending again). A uuid that
        belongs to someone else raises PanicAttack.DoesNotExist: never overwritten.
        Returns (attack, created)."""
        for _attempt in range(2):
            owner_id = self.filter(uuid=uuid).values_list("user_id", flat=True).first()
            if owner_id is not None and owner_id != user.pk:
                raise self.model.DoesNotExist(_("This panic attack belongs to someone else."))
            try:
                with transaction.atomic():
                    attack, created = self.update_or_create(uuid=uuid, user=user, defaults=values)
                    attack.helped_practices.set(helped_practices)
                    return attack, created
            except IntegrityError:
                # Two identical submits raced; the other one created the row. Look again.
                continue
        raise self.model.DoesNotExist(_("Could not save this panic attack."))


class PanicAttack(models.Model):
    """A quick record made after a panic attack: only its time is required.

    Private to its owner: not registered in the admin.
    """

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panic_attacks"
    )
    started_at = models.DateTimeField(default=timezone.now, help_text=_("When the attack started."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTACK_MINUTES)],
        help_text=_("Roughly how long it lasted, in minutes."),
    )
    peak = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("How strong at its peak, 0 to 10."),
    )
    sensations = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_sensations],
        help_text=_("Comma-separated, from the fixed set in tracking.models.Sensation."),
    )
    situation = _limited_text(_("Where I was"), _("Where they were and what was happening."))
    feared = _limited_text(_("What I feared"), _("What they feared would happen."))
    happened = _limited_text(_("What happened"), _("What actually happened."))
    helped_practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="+",
        help_text=_("Aira practices that helped."),
    )
    helped_note = _limited_text(
        _("What else helped"), _("Anything else that helped, in their words.")
    )
    note = _limited_text(_("Private note"), _("A private note."))

    objects = PanicAttackQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                name="panic_peak_0_10",
                condition=Q(peak__isnull=True) | Q(peak__gte=0, peak__lte=10),
            ),
            models.CheckConstraint(
                name="panic_minutes_1_1440",
                condition=Q(minutes__isnull=True)
                | Q(minutes__gte=1, minutes__lte=MAX_ATTACK_MINUTES),
            ),
            # TextField's max_length is only enforced by forms; the database holds the line.
            *(
                models.CheckConstraint(
                    name=f"panic_{name}_max_2000",
                    condition=LessThanOrEqual(Length(name), NOTE_MAX_LENGTH),
                )
                for name in PANIC_TEXT_FIELDS
            ),
        ]
        indexes = [
            # The panic log's list (newest first) and what the log shows back (one
            # person's attacks, counted by week over a time range, and the latest few).
            # With the peak and the length, the summary of a whole log (its counts,
            # averages and longest) reads this index alone, never the table.
            models.Index(
                fields=["user", "-started_at", "peak", "minutes"], name="panic_user_started_sizes"
            ),
        ]

    def __str__(self):
        return f"Panic attack {self.uuid}"

    def get_absolute_url(self):
        return reverse("tracking:panic_detail", kwargs={"uuid": self.uuid})

    @property
    def sensation_list(self):
        return split_tags(self.sensations)

    @property
    def sensation_labels(self):
        return [SENSATION_LABELS[s] for s in self.sensation_list if s in SENSATION_LABELS]

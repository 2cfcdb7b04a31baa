import secrets
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aira.languages import content_language, version_for
from practices.models import Practice

# Monday first, as Python's weekday() counts; the two-letter codes are iCalendar's BYDAY.
WEEKDAYS = [
    (0, _("Monday"), "MO"),
    (1, _("Tuesday"), "TU"),
    (2, _("Wednesday"), "WE"),
    (3, _("Thursday"), "TH"),
    (4, _("Friday"), "FR"),
    (5, _("Saturday"), "SA"),
    (6, _("Sunday"), "SU"),
]
WEEKDAY_NAMES = {number: name for number, name, _code in WEEKDAYS}
WEEKDAY_CODES = {number: code for number, _name, code in WEEKDAYS}
# A reminder not sent within this long of its time (the worker was stopped, say) is
# skipped for the day rather than arriving late in the evening or at night.
LATE_LIMIT = timedelta(hours=2)
# However the days, times and time zones change, two reminders are never this close.
MIN_GAP = timedelta(hours=20)
PAUSE_DAYS = 7


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Choose one from the list."),
            code="unknown_time_zone",
            params={"value": value},
        )


def validate_weekdays(value):
    if any(day not in WEEKDAY_NAMES for day in split_weekdays(value)):
        raise ValidationError(_("Choose days from Monday to Sunday."), code="unknown_day")


def split_weekdays(value):
    return sorted({int(day) for day in (value or "").split(",") if day.strip().isdigit()})


def join_weekdays(days):
    return ",".join(str(day) for day in sorted(set(days)))


def new_nonce():
    return secrets.token_urlsafe(12)


class Reminder(models.Model):
    """A person's gentle nudge: on chosen days at a chosen time in their own time zone,
    to check in or to do a chosen practice. Off until they turn it on.

    Private to its owner: not registered in the admin."""

    class Kind(models.TextChoices):
        CHECK_IN = "checkin", _("Check in: how am I right now?")
        PRACTICE = "practice", _("Do a practice")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder"
    )
    enabled = models.BooleanField(_("Send me reminders by email"), default=False)
    weekdays = models.CharField(
        max_length=13,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("Days of the week, Monday 0 to Sunday 6, comma-separated."),
    )
    at = models.TimeField(_("Time"), default=time(20, 0))
    time_zone = models.CharField(
        _("Time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    kind = models.CharField(
        _("What to be reminded of"), max_length=10, choices=Kind.choices, default=Kind.CHECK_IN
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Practice"),
    )
    paused_until = models.DateField(
        null=True, blank=True, help_text=_("No reminder up to and including this local day.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="reminder_practice_only_for_practice_kind",
                condition=models.Q(kind="practice") | models.Q(practice__isnull=True),
            ),
        ]
        indexes = [
            # The dispatcher reads only the reminders that are on.
            models.Index(fields=["enabled"], name="reminder_enabled"),
        ]

    def __str__(self):
        return f"Reminder of user {self.user_id}"

    @classmethod
    def for_user(cls, user):
        """The saved reminder, or an unsaved one that is off (a GET never writes)."""
        return cls.objects.filter(user=user).select_related("practice").first() or cls(user=user)

    @property
    def weekday_list(self):
        return split_weekdays(self.weekdays)

    @property
    def weekday_names(self):
        return [WEEKDAY_NAMES[day] for day in self.weekday_list]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def suggested_practice(self):
        """The practice to suggest, or None for a check-in (also when the chosen practice
        has since been unpublished or removed)."""
        practice = self.practice
        if self.kind == self.Kind.PRACTICE and practice is not None and practice.is_published:
            # In the language the email or calendar is written in, where there is a
            # published version in it (the choice is kept as the original).
            if practice.language != content_language():
                return version_for(practice, None, translations=Practice.objects.published)
            return practice
        return None

    def is_paused_on(self, day):
        return self.paused_until is not None and day <= self.paused_until

    def due_on(self, now):
        """The person's local date if a reminder is due at `now` (an aware datetime),
        else None: a chosen weekday, at or after the chosen time on the clock on the
        wall, and not more than LATE_LIMIT after it.

        Wall-clock times are compared, so daylight saving needs nothing special: on the
        night the clocks go forward a 01:30 reminder, whose time never comes, is due at
        02:00 (the first minute after the gap), and on the night they go back a time
        that happens twice is still one local date, which ReminderSent allows once."""
        local = now.astimezone(self.zone)
        day = local.date()
        if day.weekday() not in self.weekday_list or self.is_paused_on(day):
            return None
        wall = local.replace(tzinfo=None)
        lateness = wall - datetime.combine(day, self.at)
        if timedelta(0) <= lateness < LATE_LIMIT:
            return day
        return None

    def pause(self, *, today):
        """No reminder for PAUSE_DAYS days, today included; then they start again."""
        self.paused_until = today + timedelta(days=PAUSE_DAYS - 1)
        self.save(update_fields=["paused_until", "updated_at"])

    def stop(self):
        self.enabled = False
        self.save(update_fields=["enabled", "updated_at"])


class ReminderSent(models.Model):
    """One reminder email, for one person's local day. The unique pair is what keeps a
    reminder to one a day, even with two workers dispatching at the same moment.

    Its nonce is in the email's pause and stop links: each works once (its time is
    recorded here) and never for anyone else's reminder."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    local_date = models.DateField(help_text=_("The person's own date the reminder was for."))
    sent_at = models.DateTimeField(default=timezone.now)
    nonce = models.CharField(max_length=32, unique=True, default=new_nonce, editable=False)
    paused_by_link_at = models.DateTimeField(null=True, blank=True)
    stopped_by_link_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="reminder_sent_once_a_day"),
        ]
        indexes = [
            # MIN_GAP: the person's latest reminder.
            models.Index(fields=["user", "-sent_at"], name="reminder_sent_user_latest"),
        ]

    def __str__(self):
        return f"Reminder for user {self.user_id} on {self.local_date}"

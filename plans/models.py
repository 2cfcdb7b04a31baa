"""A person's plan for hard moments and the people they can ask for help.

The plan follows the six parts of safety planning (Stanley and Brown), in the person's
own words, plus what they hold on to. Private to its owner: not in the admin.
"""

import re
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aira.crisis import sms_href
from practices.models import Practice

PART_MAX_LENGTH = 1000
MESSAGE_MAX_LENGTH = 500
MAX_PEOPLE = 5
DEFAULT_MESSAGE = _("I'm having a hard time. Could you call me or sit with me for a bit?")

# What a phone number may be written with; the digits are counted separately.
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]+$")
# E.164 allows at most 15 digits; fewer than 5 is no one's own number (those are short
# codes and emergency numbers, which the crisis lines part already holds).
PHONE_MIN_DIGITS, PHONE_MAX_DIGITS = 5, 15


def validate_phone(value):
    if not value:
        return
    if not PHONE_CHARACTERS.match(value):
        raise ValidationError(
            _(
                "A phone number can hold only digits, spaces, brackets and dashes, with a + "
                "at the start for a country code, e.g. +44 7700 900123."
            ),
            code="phone_characters",
        )
    digits = len(re.sub(r"\D", "", value))
    if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationError(
            _(
                "This number has %(digits)s digits; a phone number that can be called has "
                "between 5 and 15. Please check it."
            ),
            code="phone_length",
            params={"digits": digits},
        )


def dial_digits(value):
    """The number for a tel: or sms: link: digits, with a leading + kept."""
    value = value.strip()
    return ("+" if value.startswith("+") else "") + re.sub(r"\D", "", value)


class Plan(models.Model):
    """One person's plan. Every part is optional; a plan with every part empty is no plan
    (the row may exist only to remember "not now")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.TextField(blank=True, max_length=PART_MAX_LENGTH)
    on_my_own = models.TextField(blank=True, max_length=PART_MAX_LENGTH)
    practices = models.ManyToManyField(Practice, blank=True, related_name="+")
    distractions = models.TextField(blank=True, max_length=PART_MAX_LENGTH)
    clinician_name = models.CharField(blank=True, max_length=100)
    clinician_phone = models.CharField(blank=True, max_length=32, validators=[validate_phone])
    safer_space = models.TextField(blank=True, max_length=PART_MAX_LENGTH)
    worth_holding_on_to = models.TextField(blank=True, max_length=PART_MAX_LENGTH)
    # "Not now" to the gentle offer on the progress page and a practice's summary.
    offer_dismissed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    # The parts written as text, in the plan's order (the practices go with on_my_own).
    TEXT_PARTS = [
        "warning_signs",
        "on_my_own",
        "distractions",
        "clinician_name",
        "clinician_phone",
        "safer_space",
        "worth_holding_on_to",
    ]

    def __str__(self):
        return f"Plan of user {self.user_id}"

    def get_absolute_url(self):
        return reverse("plans:plan")

    @classmethod
    def of(cls, user):
        """The person's plan, or None. A get() on the unique user: first() would order
        the one row by id, a cost on every page that offers or links to the plan."""
        try:
            return cls.objects.get(user=user)
        except cls.DoesNotExist:
            return None

    def has_writing(self):
        return any(getattr(self, name).strip() for name in self.TEXT_PARTS)

    def is_written(self):
        """Anything in it at all (the practices read from a prefetch where there is one)."""
        return self.pk is not None and (self.has_writing() or self.practices.exists())

    @property
    def clinician_tel(self):
        return dial_digits(self.clinician_phone) if self.clinician_phone else ""


class PersonQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def record(self, *, user, uuid, **values):
        """Save the person sent with `uuid` (made when the form was rendered): created the
        first time, updated on a retry, so a double tap adds no one twice. A uuid of
        someone else's raises Person.DoesNotExist and is never overwritten."""
        for _attempt in range(2):
            owner_id = self.filter(uuid=uuid).values_list("user_id", flat=True).first()
            if owner_id is not None and owner_id != user.pk:
                raise self.model.DoesNotExist(_("This person belongs to someone else's list."))
            try:
                with transaction.atomic():
                    return self.update_or_create(uuid=uuid, user=user, defaults=values)
            except IntegrityError:
                continue  # two identical submits raced; the other made the row
        raise self.model.DoesNotExist(_("Could not save this person."))


class Person(models.Model):
    """Someone the person trusts to ask for help: a name, a way to reach them and the
    message Aira puts in the Text and Email links. Aira never contacts them itself."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_people"
    )
    name = models.CharField(max_length=80)
    phone = models.CharField(blank=True, max_length=32, validators=[validate_phone])
    email = models.EmailField(blank=True, max_length=254)
    message = models.TextField(blank=True, max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Checked by the form too (a model form validates constraints), with this
            # message; a phone or email that is itself wrong gets its own message instead.
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="plan_person_has_a_way_to_reach",
                violation_error_message=_(
                    "Add a phone number or an email address, so you can reach them in one tap."
                ),
            )
        ]

    def __str__(self):
        return f"Person {self.uuid} of user {self.user_id}"

    @property
    def message_text(self):
        return self.message.strip() or str(DEFAULT_MESSAGE)

    @property
    def tel_href(self):
        return f"tel:{dial_digits(self.phone)}" if self.phone else ""

    @property
    def sms_href(self):
        return self.sms_href_with(self.message_text)

    @property
    def mailto_href(self):
        return self.mailto_href_with(self.message_text)

    def sms_href_with(self, text):
        return sms_href(dial_digits(self.phone), text) if self.phone else ""

    def mailto_href_with(self, text):
        if not self.email:
            return ""
        # %20 for spaces (RFC 6068): some mail apps show a "+" as it is.
        return f"mailto:{quote(self.email, safe='@')}?body={quote(text, safe='')}"

    def invitation(self, link):
        """Text and Email links to this person with their message followed by `link`
        (a Breathe together link): asking them to breathe with me, in my own words."""
        text = f"{self.message_text} {link}"
        return {
            "name": self.name,
            "sms_href": self.sms_href_with(text),
            "mailto_href": self.mailto_href_with(text),
        }

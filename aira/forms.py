from datetime import UTC, date, datetime, timedelta

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class AiraFormRenderer(TemplatesSetting):
    """Renders every form with Aira's field layout (templates/forms/field.html)."""

    field_template_name = "forms/field.html"


# Records (check-ins, practice sessions) and the periods people ask about fall within
# these years. Far-off values are refused up front: the day after 9999-12-31, or a
# year-1 time with a +14:00 offset in UTC, cannot even be computed.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)
# A device clock a little ahead is fine; a record from the future is not.
CLOCK_SLACK = timedelta(minutes=10)


def validate_day_in_range(value):
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise forms.ValidationError("Choose a date between 2000 and 2100.", code="out_of_range")


def validate_device_moment(value, *, future_message="The time is in the future."):
    """A moment a device says something happened (an offline check-in or session)."""
    if value is None:
        return value
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        raise forms.ValidationError("The time is not a real date and time.") from None
    if moment < datetime.combine(EARLIEST_DAY, datetime.min.time(), tzinfo=UTC):
        raise forms.ValidationError("The time is before 2000: is the device's clock right?")
    if moment > timezone.now() + CLOCK_SLACK:
        raise forms.ValidationError(future_message)
    return value

"""The calendar alternative: an .ics file with the reminder as a weekly repeating event
(RRULE) at the person's time in their time zone (TZID, with the VTIMEZONE that
RFC 5545 requires beside it), so their own calendar app reminds them and no email is
needed. icalendar writes it: escaping, line folding and CRLF line ends."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from reminders.models import WEEKDAY_CODES
from reminders.services import reminder_link


def first_occurrence(reminder, today):
    """The first chosen weekday on or after `today`, at the reminder's time."""
    day = today
    while day.weekday() not in reminder.weekday_list:
        day += timedelta(days=1)
    return datetime.combine(day, reminder.at, tzinfo=reminder.zone)


def as_ics(reminder, *, practice):
    """The reminder as a calendar event; `practice` is its suggested_practice (or None),
    read once by the caller."""
    link = reminder_link(practice)
    if practice is not None:
        summary = _("Aira: a moment for %(practice)s") % {"practice": practice.title}
    else:
        summary = _("Aira: a moment to check in")
    description = _("If you have a moment, Aira is here: %(link)s") % {"link": link}
    calendar = Calendar()
    calendar.add("prodid", "-//Aira//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    # One uid per person's reminder: importing a changed file updates the same event.
    event.add("uid", f"reminder-{reminder.user_id}-{reminder.pk}@aira")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", first_occurrence(reminder, timezone.localdate(timezone=reminder.zone)))
    event.add("duration", timedelta(minutes=5))
    event.add(
        "rrule",
        {"freq": "weekly", "byday": [WEEKDAY_CODES[day] for day in reminder.weekday_list]},
    )
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", link)
    event.add("transp", "TRANSPARENT")  # a nudge, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

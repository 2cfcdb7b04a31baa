"""What the reminders app keeps about a person: their reminder settings and the days a
reminder was sent. Exported and deleted with the account (accounts/personal_data.py)."""

from accounts.personal_data import Table
from reminders.models import Reminder, ReminderSent

SENT_FIELDS = ["local_date", "sent_at"]


def _sent(user):
    rows = ReminderSent.objects.filter(user=user).order_by("local_date").values(*SENT_FIELDS)
    yield from rows.iterator(chunk_size=2000)


TABLES = [Table("reminders_sent", "reminders_sent.csv", SENT_FIELDS, _sent)]


def preferences(user):
    reminder = Reminder.for_user(user)
    return {
        "reminder_enabled": reminder.enabled,
        "reminder_days": ",".join(str(name) for name in reminder.weekday_names),
        "reminder_time": reminder.at.strftime("%H:%M"),
        "reminder_time_zone": reminder.time_zone if reminder.pk else "",
        "reminder_kind": reminder.kind,
        "reminder_practice": reminder.practice.title if reminder.practice else "",
        "reminder_paused_until": reminder.paused_until.isoformat() if reminder.paused_until else "",
    }


def delete(user):
    ReminderSent.objects.filter(user=user).delete()
    Reminder.objects.filter(user=user).delete()

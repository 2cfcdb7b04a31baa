"""What the tracking app keeps about a person: check-ins and progress preferences.
Exported and deleted with the account by the accounts app (accounts/personal_data.py)."""

from accounts.personal_data import Table
from tracking.models import CheckIn, Mood, TrackingPreferences, split_tags

MOOD_WORDS = dict(Mood.choices)
CHECKIN_FIELDS = ["uuid", "created_at", "anxiety", "mood", "mood_words", "tags", "note"]


def _checkins(user):
    rows = (
        CheckIn.objects.for_user(user)
        .order_by("created_at")
        .values("uuid", "created_at", "anxiety", "mood", "tags", "note")
    )
    for row in rows.iterator(chunk_size=2000):
        row["mood_words"] = MOOD_WORDS.get(row["mood"], "")
        row["tags"] = split_tags(row["tags"])
        yield {name: row[name] for name in CHECKIN_FIELDS}


TABLES = [Table("checkins", "checkins.csv", CHECKIN_FIELDS, _checkins)]


def preferences(user):
    saved = TrackingPreferences.for_user(user)
    return {
        "show_practice_days": saved.show_practice_days,
        "show_totals": saved.show_totals,
        "show_trend": saved.show_trend,
    }


def delete(user):
    CheckIn.objects.for_user(user).delete()
    TrackingPreferences.objects.filter(user=user).delete()

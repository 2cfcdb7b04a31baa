"""What the tracking app keeps about a person: check-ins, the panic log and progress
preferences.
Exported and deleted with the account by the accounts app (accounts/personal_data.py)."""

from accounts.personal_data import Table
from tracking.models import MOOD_LABELS, CheckIn, PanicAttack, TrackingPreferences, split_tags

CHECKIN_FIELDS = ["uuid", "created_at", "anxiety", "mood", "mood_words", "tags", "note"]


def _checkins(user):
    rows = (
        CheckIn.objects.for_user(user)
        .order_by("created_at")
        .values("uuid", "created_at", "anxiety", "mood", "tags", "note")
    )
    for row in rows.iterator(chunk_size=2000):
        row["mood_words"] = str(MOOD_LABELS.get(row["mood"], ""))
        row["tags"] = split_tags(row["tags"])
        yield {name: row[name] for name in CHECKIN_FIELDS}


PANIC_FIELDS = [
    "uuid",
    "started_at",
    "minutes",
    "peak",
    "sensations",
    "situation",
    "feared",
    "happened",
    "helped_practices",
    "helped_note",
    "note",
]


def _panic_attacks(user):
    attacks = (
        PanicAttack.objects.for_user(user)
        .order_by("started_at")
        .prefetch_related("helped_practices")
    )
    # Chunks keep memory flat for a long log; each chunk's practices come in one query.
    for attack in attacks.iterator(chunk_size=500):
        yield {
            **{name: getattr(attack, name) for name in PANIC_FIELDS[:4]},
            "sensations": attack.sensation_list,
            "situation": attack.situation,
            "feared": attack.feared,
            "happened": attack.happened,
            "helped_practices": [p.title for p in attack.helped_practices.all()],
            "helped_note": attack.helped_note,
            "note": attack.note,
        }


TABLES = [
    Table("checkins", "checkins.csv", CHECKIN_FIELDS, _checkins),
    Table("panic_attacks", "panic_log.csv", PANIC_FIELDS, _panic_attacks),
]


def preferences(user):
    saved = TrackingPreferences.for_user(user)
    return {
        "show_practice_days": saved.show_practice_days,
        "show_totals": saved.show_totals,
        "show_trend": saved.show_trend,
    }


def delete(user):
    CheckIn.objects.for_user(user).delete()
    PanicAttack.objects.for_user(user).delete()
    TrackingPreferences.objects.filter(user=user).delete()

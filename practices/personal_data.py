"""What the practices app keeps about a person: practice sessions with their ratings (and,
for Facing the feelings, the exercise's three ratings), the breathing pace and the
answers to the exposure safety screen. Exported and deleted with the account by the accounts app
(accounts/personal_data.py)."""

from accounts.personal_data import Table
from practices.models import PracticePreferences, PracticeSession, PracticeTotals

SESSION_FIELDS = [
    "uuid",
    "practice",
    "practice_slug",
    "started_at",
    "ended_at",
    "rating_before",
    "rating_after",
    "steps_completed",
    "finished",
    "sensation_rating",
    "anxiety_rating",
    "panic_likeness",
]


def _sessions(user):
    rows = (
        PracticeSession.objects.for_user(user)
        .order_by("started_at")
        .values(
            "uuid",
            "practice__title",
            "practice__slug",
            "started_at",
            "ended_at",
            "rating_before",
            "rating_after",
            "steps_completed",
            "finished",
            "sensation_rating",
            "anxiety_rating",
            "panic_likeness",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        row["practice"] = row.pop("practice__title")
        row["practice_slug"] = row.pop("practice__slug")
        yield {name: row[name] for name in SESSION_FIELDS}


TABLES = [Table("practice_sessions", "sessions.csv", SESSION_FIELDS, _sessions)]


def preferences(user):
    row = (
        PracticePreferences.objects.filter(user=user)
        .values("breathing_pace", "exposure_conditions")
        .first()
    ) or {}
    return {
        "breathing_pace": row.get("breathing_pace") or "",
        # None: the safety screen was never answered; a list (maybe empty): the answers.
        "exposure_safety_screen": row.get("exposure_conditions"),
    }


def delete(user):
    PracticeSession.objects.for_user(user).delete()
    PracticeTotals.objects.filter(user=user).delete()  # counted from those sessions
    PracticePreferences.objects.filter(user=user).delete()

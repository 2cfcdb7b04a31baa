"""Create a user with a long, realistic synthetic history, for benchmarks and demos.

    manage.py seed_history --email bench@example.com --sessions 10000 --checkins 10000 \
        --attacks 1000

The same --seed gives the same history (relative to today), so benchmarks compare like
with like.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from practices.models import Practice, PracticeSession, PracticeTotals
from tracking.models import CheckIn, PanicAttack, Sensation, Tag, join_sensations, join_tags

BATCH_SIZE = 1000
NOTES = [
    "Busy day, but I took a breath before the meeting.",
    "Woke up with a racing heart. Better after the grounding practice.",
    "Quiet evening. Felt steadier than last week.",
    "Worried about money again.",
    "Talked to a friend, which helped.",
    "Hard to fall asleep.",
    "A walk outside took the edge off.",
]

FEARS_AND_OUTCOMES = [
    ("That I would faint.", "I sat down for a few minutes and stayed upright."),
    ("A heart attack.", "My heart slowed down after about ten minutes."),
    ("Losing control in the meeting.", "I stepped out, breathed, and went back in."),
    ("That I couldn't breathe.", "I kept breathing the whole time; it eased."),
    ("Being sick on the train.", "I felt queasy but wasn't sick, and got off at my stop."),
]


class Command(BaseCommand):
    help = (
        "Create (or reuse) a verified user with synthetic practice sessions and check-ins "
        "spread over past days, for benchmarks and demos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The user's email address.")
        parser.add_argument("--sessions", type=int, default=1000, help="Practice sessions.")
        parser.add_argument("--checkins", type=int, default=1000, help="Check-ins.")
        parser.add_argument("--attacks", type=int, default=0, help="Panic log entries.")
        parser.add_argument("--days", type=int, default=365, help="How far back, in days.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--password",
            default="",
            help="Set this password (otherwise a new user cannot log in with a password).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the user's existing sessions, check-ins and panic log first.",
        )

    def handle(self, *args, **options):
        for name in ("sessions", "checkins", "attacks"):
            if options[name] < 0:
                raise CommandError(f"--{name} must be 0 or more.")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        practices = list(Practice.objects.published().order_by("pk"))
        if not practices:
            raise CommandError(
                "There are no published practices yet. "
                "Run `manage.py load_builtin_content` first, then try again."
            )
        rng = random.Random(options["seed"])  # noqa: S311 (synthetic data, not security)
        # Whole days back from today's midnight (UTC), so the same seed gives the same
        # history all day long.
        end = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        with transaction.atomic():
            user, created = self.get_user(options["email"], options["password"])
            if options["replace"]:
                PracticeSession.objects.for_user(user).delete()
                CheckIn.objects.for_user(user).delete()
                PanicAttack.objects.for_user(user).delete()
            sessions = self.make_sessions(rng, user, practices, options, end)
            checkins = self.make_checkins(rng, user, options, end)
            attacks = self.make_attacks(rng, user, practices, options, end)
            # bulk_create() bypasses PracticeSession.save(), which keeps the totals.
            PracticeTotals.rebuild_for(user)
        self.stdout.write(
            f"{'Created' if created else 'Reused'} {user.email}: "
            f"{sessions} sessions, {checkins} check-ins and {attacks} panic log entries "
            f"over {options['days']} days."
        )

    def get_user(self, email, password):
        from allauth.account.models import EmailAddress

        user_model = get_user_model()
        email = user_model.objects.normalize_email(email)
        user, created = user_model.objects.get_or_create(email=email)
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
        elif created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user, created

    def random_moment(self, rng, end, days):
        """A moment in the past `days` days, more often in the morning and evening."""
        day = end - timedelta(days=rng.randrange(days) + 1)
        hour = rng.choice([7, 8, 8, 9, 12, 13, 17, 18, 19, 20, 21, 21, 22, 22, 23])
        return day + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))

    def make_sessions(self, rng, user, practices, options, end):
        # Some practices suit this person better than others: a fixed effect per practice.
        effect = {p.pk: rng.uniform(-3.5, 0.5) for p in practices}
        weights = [rng.uniform(0.2, 3) for _ in practices]
        batch, total = [], 0
        for _ in range(options["sessions"]):
            practice = rng.choices(practices, weights)[0]
            started_at = self.random_moment(rng, end, options["days"])
            finished = rng.random() < 0.85
            rated = finished and rng.random() < 0.75
            before = rng.randint(3, 9) if rated else None
            after = (
                max(0, min(10, round(before + effect[practice.pk] + rng.gauss(0, 1.2))))
                if rated
                else None
            )
            batch.append(
                PracticeSession(
                    uuid=uuid.uuid4(),  # not from rng: a second user's would collide
                    user=user,
                    practice=practice,
                    started_at=started_at,
                    ended_at=started_at
                    + timedelta(seconds=practice.minutes * 60 + rng.randint(-30, 120))
                    if finished
                    else None,
                    rating_before=before,
                    rating_after=after,
                    steps_completed=rng.randint(3, 8) if finished else rng.randint(0, 2),
                    finished=finished,
                )
            )
            if len(batch) == BATCH_SIZE:
                total += len(PracticeSession.objects.bulk_create(batch))
                batch = []
        return total + len(PracticeSession.objects.bulk_create(batch))

    def make_checkins(self, rng, user, options, end):
        days = options["days"]
        tags = Tag.values  # built anew on each access: once here, not 100,000 times
        batch, total = [], 0
        for _ in range(options["checkins"]):
            created_at = self.random_moment(rng, end, days)
            # Anxiety eases slowly over the period, with ordinary ups and downs.
            progress = 1 - (end - created_at).days / days
            anxiety = max(0, min(10, round(6.5 - 2.5 * progress + rng.gauss(0, 1.8))))
            mood = max(1, min(5, round(4.2 - anxiety / 3.5 + rng.gauss(0, 0.7))))
            chosen = rng.sample(tags, k=rng.choice([0, 0, 1, 1, 1, 2, 3]))
            batch.append(
                CheckIn(
                    uuid=uuid.uuid4(),  # not from rng: a second user's would collide
                    user=user,
                    created_at=created_at,
                    anxiety=anxiety,
                    mood=mood,
                    tags=join_tags(chosen),
                    note=rng.choice(NOTES) if rng.random() < 0.2 else "",
                )
            )
            if len(batch) == BATCH_SIZE:
                total += len(CheckIn.objects.bulk_create(batch))
                batch = []
        return total + len(CheckIn.objects.bulk_create(batch))

    def make_attacks(self, rng, user, practices, options, end):
        sensations = Sensation.values
        batch, created = [], []
        for _ in range(options["attacks"]):
            feared, happened = rng.choice(FEARS_AND_OUTCOMES) if rng.random() < 0.5 else ("", "")
            batch.append(
                PanicAttack(
                    uuid=uuid.uuid4(),  # not from rng: a second user's would collide
                    user=user,
                    started_at=self.random_moment(rng, end, options["days"]),
                    minutes=rng.choice([None, 3, 5, 8, 10, 15, 20, 30, 45]),
                    peak=rng.choice([None, *range(4, 11)]),
                    sensations=join_sensations(rng.sample(sensations, k=rng.randint(0, 5))),
                    feared=feared,
                    happened=happened,
                    note=rng.choice(NOTES) if rng.random() < 0.2 else "",
                )
            )
            if len(batch) == BATCH_SIZE:
                created += PanicAttack.objects.bulk_create(batch)
                batch = []
        created += PanicAttack.objects.bulk_create(batch)
        # What helped, for some: one through-table insert per batch.
        through = PanicAttack.helped_practices.through
        links = [
            through(panicattack_id=attack.pk, practice_id=rng.choice(practices).pk)
            for attack in created
            if rng.random() < 0.3
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return len(created)

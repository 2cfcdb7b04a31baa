"""Aira's built-in practices, written as TOML files in practices/content/practices/.

load() creates the practices that don't exist yet (matched by slug). An existing one,
with its steps, is brought up to the built-in text only while nobody has changed it in
admin; one an editor changed is left as it is and reported (aira/builtin.py explains
how the two are told apart). Whether a practice is published, its order and its
recording are the editors' choice and never changed after it is created.

Translations live in a subfolder per language (practices/content/practices/es/), in the
same format plus `translation_of = "<English slug>"`; they load after the English
files, each linked to its English original and placed where the original is.
"""

import tomllib
from pathlib import Path

from aira.builtin import (
    Outcome,
    content_folders,
    content_values,
    copy_fields,
    fingerprint,
    fingerprinted_fields,
    read_previous_digests,
    sync_existing,
)
from aira.languages import SOURCE_LANGUAGE
from practices.models import Practice, Step, validate_conditions
from practices.services import recount_after_length_change

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "practices"
PREVIOUS_DIGESTS = CONTENT_DIR.parent / "previous_digests.json"
# The editors' own settings, and each row's identity.
PRACTICE_KEPT = {
    "slug", "order", "is_published", "audio", "created_at", "updated_at", "builtin_digest",
}  # fmt: skip
STEP_KEPT = {"practice"}

# Practices appear in this order; the SOS ones first.
ORDER = [
    "stay-safe",
    "physiological-sigh",
    "five-senses-grounding",
    "box-breathing",
    "extended-exhale",
    "orienting-to-the-room",
    "progressive-muscle-relaxation",
    "borrowed-calm",
    "self-compassion-break",
    "hand-on-heart",
    "wind-down-breath",
    "sleep-body-scan",
    "worry-put-down",
    # Facing the feelings, from the gentlest to the strongest for most people.
    "face-tense-the-whole-body",
    "face-stare-at-a-light",
    "face-shake-your-head",
    "face-head-between-knees",
    "face-run-on-the-spot",
    "face-spin-in-a-chair",
    "face-breathe-through-a-straw",
    "face-breathe-fast",
]

STEP_FIELDS = {
    "inhale": "inhale_seconds",
    "top_up": "top_up_seconds",
    "hold_in": "hold_in_seconds",
    "exhale": "exhale_seconds",
    "hold_out": "hold_out_seconds",
    "cycles": "cycles",
    "eases_in": "eases_in",
    "seconds": "duration_seconds",
    "input_label": "input_label",
    "input_count": "input_count",
    "shows_red_flags": "shows_red_flags",
}


def read_practice_files(directory=CONTENT_DIR):
    """Each file's data with its `language`: the English files, then each translated
    language's subfolder (translations point at an English original, loaded first)."""
    for language, folder in content_folders(directory):
        for path in sorted(folder.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if language != SOURCE_LANGUAGE and "translation_of" not in data:
                raise ValueError(f"{language}/{path.name}: no translation_of (an English slug)")
            yield {**data, "language": language}


def build_steps(practice, raw_steps):
    steps = []
    for position, raw in enumerate(raw_steps, start=1):
        step = Step(
            practice=practice,
            position=position,
            kind=raw["kind"],
            title=raw["title"],
            text=raw["text"],
            **{STEP_FIELDS[key]: value for key, value in raw.items() if key in STEP_FIELDS},
        )
        # The same validation the admin applies: a broken script fails loudly here.
        step.full_clean(exclude=["practice"])
        steps.append(step)
    return steps


def practice_digest(practice, steps):
    """The fingerprint of a practice with its steps, in order."""
    step_fields = fingerprinted_fields(Step, STEP_KEPT)
    return fingerprint(
        {
            "practice": content_values(practice, fingerprinted_fields(Practice, PRACTICE_KEPT)),
            "steps": [content_values(step, step_fields) for step in steps],
        }
    )


def build_practice(data, original=None):
    """An unsaved practice from a file's data (its steps come from build_steps);
    `original(slug)` gives the English practice a translation points at."""
    validate_conditions(data.get("unsuitable_for", []))
    translation_of = None
    if data.get("translation_of"):
        translation_of = original(data["translation_of"]) if original else None
        if translation_of is None:
            raise ValueError(
                f"{data['slug']}: translation_of {data['translation_of']!r} is no English practice"
            )
    return Practice(
        language=data.get("language", SOURCE_LANGUAGE),
        translation_of=translation_of,
        title=data["title"],
        slug=data["slug"],
        tagline=data["tagline"],
        description=data["description"].strip(),
        category=data["category"],
        minutes=data["minutes"],
        unsuitable_for=data.get("unsuitable_for", []),
    )


def load(content_dir: Path = CONTENT_DIR) -> dict[str, Outcome]:
    previous = read_previous_digests(PREVIOUS_DIGESTS).get("practices", {})
    existing = {p.slug: p for p in Practice.objects.prefetch_related("steps")}
    fields = fingerprinted_fields(Practice, PRACTICE_KEPT)
    outcome = Outcome()

    def original(slug):
        found = existing.get(slug)
        return found if found is not None and found.language == SOURCE_LANGUAGE else None

    for data in read_practice_files(content_dir):
        built = build_practice(data, original)
        steps = build_steps(built, data["steps"])
        new = practice_digest(built, steps)
        practice = existing.get(built.slug)
        if practice is None:
            # A translation takes its original's place in the list.
            english_slug = built.translation_of.slug if built.translation_of else built.slug
            built.order = ORDER.index(english_slug) + 1 if english_slug in ORDER else 100
            built.is_published = True
            built.builtin_digest = new
            built.full_clean(exclude=["order"])
            built.save()
            existing[built.slug] = built
            Step.objects.bulk_create(steps)  # they take the practice's new id
            outcome.created.append(built.slug)
            continue

        def copy(practice=practice, built=built, steps=steps):
            length_changed = practice.minutes != built.minutes
            copy_fields(practice, built, fields)
            Step.objects.filter(practice=practice).delete()
            for step in steps:
                step.practice = practice
            Step.objects.bulk_create(steps)
            if length_changed:
                recount_after_length_change(practice)

        sync_existing(
            practice,
            current=practice_digest(practice, practice.steps.all()),
            new=new,
            previous=previous.get(practice.slug, ()),
            outcome=outcome,
            copy=copy,
        )
    return {"practices": outcome}

"""Aira's built-in practices, written as TOML files in practices/content/practices/.

load() creates the practices that don't exist yet (matched by slug) and never touches
an existing one, so an editor's changes in the admin survive every later run.
"""

import tomllib
from pathlib import Path

from practices.models import Practice, Step

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "practices"

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
}


def read_practice_files(directory=CONTENT_DIR):
    for path in sorted(directory.glob("*.toml")):
        yield tomllib.loads(path.read_text(encoding="utf-8"))


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


def load():
    existing = set(Practice.objects.values_list("slug", flat=True))
    created = 0
    for data in read_practice_files():
        if data["slug"] in existing:
            continue
        order = ORDER.index(data["slug"]) + 1 if data["slug"] in ORDER else 100
        practice = Practice.objects.create(
            title=data["title"],
            slug=data["slug"],
            tagline=data["tagline"],
            description=data["description"].strip(),
            category=data["category"],
            minutes=data["minutes"],
            order=order,
            is_published=True,
        )
        Step.objects.bulk_create(build_steps(practice, data["steps"]))
        created += 1
    return {"practices": created}

"""Built-in content that reaches existing installs without overwriting an editor's work.

`manage.py load_builtin_content` loads topics, articles and practices from files in the
repository. Each row it loads keeps `builtin_digest`: the fingerprint of the built-in
version it was last loaded from. On every later run, for each row:

- its content still has that fingerprint: nobody changed it in admin, so it takes the new
  built-in text (a correction reaches every install);
- its content has another fingerprint: an editor changed it, so it is left alone and
  the command names it;
- it has no fingerprint (loaded before fingerprints existed): it counts as untouched
  when its content matches a version shipped earlier (`previous_digests.json` beside the
  content files, made from the git history by scripts/builtin_history.py), as edited
  otherwise.

The fingerprint covers what the files say, not what editors decide: whether a row is
published, its order, its picture or recording are never part of it and never changed
after the row is created. Fields another change adds to a model join the fingerprint by
themselves; values equal to the field's default are left out of it, so adding a field
leaves the fingerprints of existing rows (and of earlier versions) as they were.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from aira.languages import SOURCE_LANGUAGE


@dataclass
class Outcome:
    """What one load did to one kind of built-in row, by slug."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{len(self.created)} new, {len(self.updated)} updated"


def content_folders(directory):
    """(language, folder) of the shipped content: English at the top of `directory`,
    every other language of settings.LANGUAGES in its own subfolder (`es/`) if it has
    one. English comes first: translations point at English rows."""
    yield SOURCE_LANGUAGE, directory
    for code, _name in settings.LANGUAGES:
        if code != SOURCE_LANGUAGE and (directory / code).is_dir():
            yield code, directory / code


def fingerprinted_fields(model, kept):
    """The model's fields that come from the built-in files: all but those in `kept`
    (the editor's own settings, values derived on save, and the row's identity)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in kept]


def content_values(obj, fields):
    """`obj`'s values for `fields` in a form that survives an untouched round trip through
    the admin: text without Windows line ends or outer whitespace (forms strip it),
    related rows by slug, and no value equal to the field's default."""
    values = {}
    for f in fields:
        if f.is_relation:
            related = getattr(obj, f.name)
            value = related.slug if related is not None else None
        else:
            value = getattr(obj, f.attname)
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").strip()
        if value != _default(f):
            values[f.name] = value
    return values


def _default(f):
    default = f.get_default()
    return default.strip() if isinstance(default, str) else default


def fingerprint(values):
    """A stable digest of JSON-ready `values`."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def read_previous_digests(path: Path):
    """{kind: {slug: {digest, ...}}} of versions shipped earlier; empty without the file."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: {slug: set(d) for slug, d in rows.items()} for kind, rows in data.items()}


def decide(*, current, stored, new, previous):
    """What to do with an existing row: "same" (already the built-in text), "update" or
    "edited". `current` is the row content's fingerprint, `stored` its builtin_digest,
    `new` the built-in file's, `previous` those of earlier shipped versions of the row."""
    if current == new:
        return "same"
    if stored:
        return "update" if current == stored else "edited"
    return "update" if current in previous else "edited"


def sync_existing(row, *, current, new, previous, outcome, copy):
    """Bring an existing built-in `row` up to the built-in version when nobody changed it
    (see `decide`), recording what happened in `outcome`. `current` and `new` are the
    fingerprints of the row's content and of the built-in file; `copy()` puts the file's
    content on the row. The fingerprint is renewed (and the row saved) only when needed,
    so a second run writes nothing."""
    action = decide(current=current, stored=row.builtin_digest, new=new, previous=previous)
    if action == "edited":
        outcome.left_alone.append(row.slug)
        return
    if action == "update":
        copy()
        outcome.updated.append(row.slug)
    if action == "update" or row.builtin_digest != new:
        row.builtin_digest = new
        row.full_clean()
        row.save()


def copy_fields(target, source, fields):
    for f in fields:
        setattr(target, f.name, getattr(source, f.name))

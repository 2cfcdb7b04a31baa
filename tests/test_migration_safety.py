"""Migrations that a deploy can run while the previous release keeps serving.

With several app servers, a release rolls out one server at a time, and the migration
runs first: for a while the old code and the new share one database. So the database
must suit both, which a migration guarantees by adding before it removes:

- A new column either allows NULL or has a database default (`db_default`), since the
  old code inserts rows without it.
- A column or table is dropped (or renamed) only in the release after the one whose code
  stopped using it. Release N takes the field off the model with
  `SeparateDatabaseAndState` (the state forgets it; the database keeps the column, made
  nullable first if the new code will not fill it), and release N+1 drops it. A rename
  is an added column, copied data, and a later drop.
- A column's type only widens (a longer varchar), and NULL is never forbidden on a
  column the old code may leave empty.

Each migration of ours that breaks one of these rules must be listed below with the
reason it is safe: one that shipped before the rule, or the second half of a two-release
change. The list can only shrink by mistake: an entry for a migration that no longer
breaks a rule fails too.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

# (app label, migration name): why it may break the rule.
# All shipped while Aira ran as one app server, stopped for each deploy.
SINGLE_SERVER = "shipped with a single app server, before this rule"
RELEASED_BEFORE_THE_RULE = {
    ("library", "0004_builtin_digest_shows_red_flags"): (
        f"NOT NULL builtin_digest and shows_red_flags with a Python default only; {SINGLE_SERVER}."
    ),
    ("practices", "0006_breathing_pace_top_up"): (
        f"NOT NULL eases_in and top_up_seconds with a Python default only; {SINGLE_SERVER}."
    ),
    ("practices", "0007_builtin_digest_shows_red_flags"): (
        f"NOT NULL builtin_digest and shows_red_flags with a Python default only; {SINGLE_SERVER}."
    ),
    ("tracking", "0002_preferences_data_version"): (
        f"NOT NULL data_version with a Python default only; {SINGLE_SERVER}."
    ),
    ("tracking", "0003_remove_data_version_and_page_cache"): (
        "Dropped TrackingPreferences.data_version (which 0002 had added) and the "
        f"aira_fragments table of the hand-made page cache in the release that stopped "
        f"using them; {SINGLE_SERVER}."
    ),
}

# Our own apps (folders at the top of the project); Django's and allauth's migrations
# are theirs to keep.
PROJECT_APPS = [
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR
]
DESTRUCTIVE_SQL = re.compile(r"\b(DROP|RENAME)\b", re.IGNORECASE)
VARCHAR = re.compile(r"varchar\((\d+)\)")


def database_operations(operation):
    """The operations that touch the database (a SeparateDatabaseAndState's state-only
    half is the safe first step of a removal)."""
    if isinstance(operation, migrations.SeparateDatabaseAndState):
        for inner in operation.database_operations:
            yield from database_operations(inner)
    else:
        yield operation


def column(field, name):
    """(column name, database type, allows NULL) of a field as a migration states it."""
    field = field.clone()
    field.set_attributes_from_name(name)
    db_type = None if field.is_relation else field.db_parameters(connection)["type"]
    return field.column, db_type, field.null


def type_widens(before, after):
    if before == after:
        return True
    old, new = VARCHAR.fullmatch(before or ""), VARCHAR.fullmatch(after or "")
    return bool(old and new) and int(new[1]) >= int(old[1])


REMOVALS = (
    migrations.RemoveField,
    migrations.RenameField,
    migrations.DeleteModel,
    migrations.RenameModel,
    migrations.AlterModelTable,
)


def problems(app_label, migration, state):
    """What in `migration` the previous release, still serving, could not run against;
    `state` is the project's state just before it."""
    found = []
    created = set()
    for operation in migration.operations:
        for op in database_operations(operation):
            name = type(op).__name__
            if isinstance(op, migrations.CreateModel):
                created.add(op.name_lower)
            elif isinstance(op, REMOVALS):
                found.append(f"{name} {op.describe()}")
            elif isinstance(op, migrations.RunSQL) and DESTRUCTIVE_SQL.search(str(op.sql)):
                found.append(f"RunSQL {str(op.sql)[:60]!r}")
            elif isinstance(op, migrations.AddField) and op.model_name_lower not in created:
                field = op.field
                if not field.many_to_many and not field.null and not field.has_db_default():
                    found.append(f"AddField {op.model_name}.{op.name}: NOT NULL, no db_default")
            elif isinstance(op, migrations.AlterField):
                before = state.models[app_label, op.model_name_lower].fields[op.name]
                old_column, old_type, old_null = column(before, op.name)
                new_column, new_type, new_null = column(op.field, op.name)
                where = f"AlterField {op.model_name}.{op.name}"
                if old_column != new_column:
                    found.append(f"{where}: column renamed")
                elif not type_widens(old_type, new_type):
                    found.append(f"{where}: {old_type} to {new_type}")
                elif old_null and not new_null:
                    found.append(f"{where}: NULL no longer allowed")
        operation.state_forwards(app_label, state)
    return found


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def problems_on_disk(loader, key):
    parents = [parent.key for parent in loader.graph.node_map[key].parents]
    state = loader.project_state(parents, at_end=True)
    return problems(key[0], loader.disk_migrations[key], state)


def test_every_migration_suits_the_release_still_serving(loader):
    ours = sorted(key for key in loader.disk_migrations if key[0] in PROJECT_APPS)
    assert len(ours) > 20  # the walk found the project's migrations

    breaking = {
        key: found
        for key in ours
        if key not in RELEASED_BEFORE_THE_RULE and (found := problems_on_disk(loader, key))
    }

    assert breaking == {}, (
        "These migrations would break the release still serving while a deploy rolls out "
        "(add before removing; drop in the next release: see this file's docstring)"
    )


@pytest.mark.parametrize("key", sorted(RELEASED_BEFORE_THE_RULE))
def test_each_listed_migration_still_needs_its_place_on_the_list(loader, key):
    assert key in loader.disk_migrations
    assert problems_on_disk(loader, key)


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (migrations.RemoveField("checkin", "note"), "RemoveField"),
        (migrations.RenameField("checkin", "note", "words"), "RenameField"),
        (migrations.DeleteModel("TrackingPreferences"), "DeleteModel"),
        (migrations.RunSQL("ALTER TABLE tracking_checkin DROP COLUMN note"), "RunSQL"),
        (
            migrations.AddField("checkin", "energy", models.IntegerField(default=0)),
            "NOT NULL, no db_default",
        ),
        (
            migrations.AlterField("checkin", "note", models.CharField(max_length=10, blank=True)),
            "text to varchar(10)",
        ),
        (
            migrations.AlterField(
                "checkin", "note", models.TextField(blank=True, db_column="words")
            ),
            "column renamed",
        ),
    ],
)
def test_a_removal_rename_narrowing_or_bare_new_column_is_caught(loader, operation, expected):
    migration = migrations.Migration("0099_example", "tracking")
    migration.operations = [operation]

    found = problems("tracking", migration, loader.project_state(at_end=True))

    assert len(found) == 1 and expected in found[0]


@pytest.mark.parametrize(
    "operation",
    [
        # Release N: the model forgets the field, the database keeps the column.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("checkin", "note")]
        ),
        migrations.AddField("checkin", "energy", models.IntegerField(null=True)),
        migrations.AddField("checkin", "energy", models.IntegerField(default=0, db_default=0)),
        migrations.AlterField(
            "checkin", "note", models.TextField(blank=True, help_text="Words of one's own.")
        ),
        migrations.RunSQL("CREATE INDEX example ON tracking_checkin (note)"),
    ],
)
def test_adding_and_forgetting_in_the_state_only_are_allowed(loader, operation):
    migration = migrations.Migration("0099_example", "tracking")
    migration.operations = [operation]

    assert problems("tracking", migration, loader.project_state(at_end=True)) == []

"""Imports run one way (docs: STYLE.md, "Imports run one way").

The project package (aira/) wires the apps together through include() strings and
settings and imports none of their code; each feature app uses aira's small helpers and
the apps below it, in the direction data flows. A page that needs something from an app
above asks through a reverse relation or that app's own function (the practice's done
page asks `practice.recommending_articles`; the export asks each app's personal_data
module). Every .py file of every app is read with `ast`, so an import inside a function,
an `import_module("app.x")` or an `apps.get_model("app", ...)` counts too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may import, besides itself, Django and third-party packages.
ALLOWED = {
    # The project: settings, root URLs, the user model, site pages, shared helpers.
    "aira": set(),
    # Your data: asks each app through settings.PERSONAL_DATA and knows none of them.
    "accounts": {"aira"},
    "practices": {"aira", "accounts"},
    # An article recommends a practice: the library knows practices, never the reverse.
    "library": {"aira", "accounts", "practices"},
    # Progress reads practice sessions; practices know nothing of progress.
    "tracking": {"aira", "accounts", "practices"},
    # Breathe together: reads the practices' breathing patterns and pacing.
    "together": {"aira", "practices"},
    # Reminders read practices (the one to suggest) and progress (whether the person
    # used Aira today); nothing below knows reminders exist.
    "reminders": {"aira", "accounts", "practices", "tracking"},
    # A plan names practices and reads what helps from progress; nothing below knows it.
    "plans": {"aira", "accounts", "practices", "tracking"},
    # Keeps the other apps' pages for offline use: at the top, and nothing imports it.
    "offline": {"aira", "accounts", "library", "practices", "tracking", "plans"},
}
APPS = set(ALLOWED)
# Calls that reach into an app by a dotted string or an app label.
LOOKUPS = {"import_module", "import_string", "get_model", "find_spec"}


def reached(tree):
    """(line, app) for every app of ours this module's code reaches."""
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                called in LOOKUPS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names = [first.value]
        found += [(node.lineno, name.split(".")[0]) for name in names]
    return [(line, app) for line, app in found if app in APPS]


def violations(app, source, filename="<test>"):
    allowed = ALLOWED[app] | {app}
    tree = ast.parse(source, filename)
    return [
        f"{filename}:{line} {app} reaches {other}"
        for line, other in reached(tree)
        if other not in allowed
    ]


def test_every_app_has_a_rule():
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_on_disk == APPS


def test_imports_run_one_way():
    found = []
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            found += violations(app, path.read_text(), str(path.relative_to(ROOT)))
    assert found == []


@pytest.mark.parametrize(
    ("app", "source"),
    [
        ("aira", "from practices.models import Practice"),
        ("aira", "from library import sitemaps"),
        ("aira", "import tracking.models"),
        ("aira", "def f():\n    from offline import views"),
        ("aira", "import_module('library.builtin')"),
        ("aira", "from accounts import export"),
        ("practices", "from library.models import Article"),
        ("practices", "apps.get_model('library', 'Article')"),
        ("practices", "apps.get_model('library.Article')"),
        ("practices", "from tracking.models import CheckIn"),
        ("library", "from tracking.models import CheckIn"),
        ("tracking", "from library.models import Bookmark"),
        ("accounts", "from tracking.models import CheckIn"),
        ("accounts", "importlib.import_module('practices.personal_data')"),
    ],
)
def test_a_forbidden_import_is_caught(app, source):
    assert violations(app, source)


@pytest.mark.parametrize(
    ("app", "source"),
    [
        ("aira", "from aira import crisis\nfrom django.urls import include"),
        ("aira", "from . import views"),
        ("aira", "include('practices.urls')"),
        ("library", "from practices.models import Practice"),
        ("tracking", "from practices.models import PracticeSession"),
        ("practices", "from accounts.personal_data import Table"),
    ],
)
def test_an_allowed_import_passes(app, source):
    assert violations(app, source) == []

"""Each app says what it keeps about a person (its personal_data module); the export and
account deletion take exactly that (accounts/personal_data.py)."""

import csv
import io
import json
import zipfile
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.personal_data import Table
from aira.models import User
from tests.accounts import sample_personal_data

pytestmark = pytest.mark.django_db

# Rows that point at a user but belong to no app of ours: allauth's are exported and
# deleted by accounts itself (accounts/export.py, accounts/services.py); the admin's log
# of a staff member's edits goes with the user by cascade and is no one's personal record.
HANDLED_BY_ACCOUNTS = {"account", "mfa", "usersessions", "admin"}


def test_every_model_pointing_at_a_user_belongs_to_an_app_that_declares_its_data():
    uncovered = set()
    for model in apps.get_models():
        app = model._meta.app_config
        points_at_user = any(
            isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is User
            for f in model._meta.get_fields()
        )
        if not points_at_user or app.label in HANDLED_BY_ACCOUNTS:
            continue
        if f"{app.name}.personal_data" not in settings.PERSONAL_DATA:
            uncovered.add(model._meta.label)
    assert uncovered == set()


@pytest.mark.parametrize("dotted", settings.PERSONAL_DATA)
def test_each_declared_module_lists_tables_and_deletes(dotted):
    module = import_module(dotted)
    assert module.TABLES and all(isinstance(table, Table) for table in module.TABLES)
    assert callable(module.delete)


def test_table_names_and_files_never_collide():
    tables = [t for dotted in settings.PERSONAL_DATA for t in import_module(dotted).TABLES]
    names = [t.name for t in tables] + ["format", "exported_at", "account", "preferences"]
    names += ["signed_in_devices", "two_factor_methods"]
    files = [t.filename for t in tables] + ["account.csv", "devices.csv", "two_factor.csv"]
    assert len(names) == len(set(names))
    assert len(files) == len(set(files))


@pytest.fixture
def with_sample_app(settings):
    settings.PERSONAL_DATA = [*settings.PERSONAL_DATA, "tests.accounts.sample_personal_data"]
    sample_personal_data.deleted_users.clear()


def test_export_holds_what_an_app_declares(owner_client, with_sample_app):
    data = json.loads(owner_client.get(reverse("accounts:export_json")).content)
    assert data["sample_notes"] == [{"text": "A note by owner@example.com", "written": "today"}]
    assert data["preferences"]["sample_colour"] == "green"

    content = owner_client.get(reverse("accounts:export_zip")).content
    archive = zipfile.ZipFile(io.BytesIO(content))
    rows = list(csv.reader(io.StringIO(archive.read("sample_notes.csv").decode("utf-8-sig"))))
    assert rows == [["text", "written"], ["A note by owner@example.com", "today"]]
    account = list(csv.reader(io.StringIO(archive.read("account.csv").decode("utf-8-sig"))))
    assert account[0][-1] == "sample_colour"
    assert account[1][-1] == "green"


def test_deleting_the_account_asks_every_app_to_delete(
    owner_client, user, password, with_sample_app
):
    owner_client.post(reverse("accounts:delete_account"), {"password": password})
    assert sample_personal_data.deleted_users == [user.pk]
    assert not User.objects.filter(pk=user.pk).exists()

"""The "Content editors" group: everything needed to keep topics and articles up to date.

Exactly add/change/delete/view on topics and articles. Nothing on bookmarks (which
articles a person saved is personal data) and nothing on users. The practices app adds
its own permissions to the same group in its own migration.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GROUP_NAME = "Content editors"
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("topic", "article")
]


def grant_library_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations have run (post_migrate);
    # on a fresh database they do not exist yet, so make them here.
    app_config = apps.get_app_config("library")
    app_config.models_module = True  # the migration state's stub app has none
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=GROUP_NAME)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="library", codename__in=EDITOR_PERMISSIONS
        )
    )


def revoke_library_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name=GROUP_NAME).first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="library")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_library_permissions, revoke_library_permissions)]

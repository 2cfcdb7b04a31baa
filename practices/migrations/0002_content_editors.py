from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

EDITOR_PERMISSIONS = [
    f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in ("practice", "step")
]


def grant_practice_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group
    # can be given them on a fresh database.
    app_config = apps.get_app_config("practices")
    app_config.models_module = True  # the migration state's stub has none
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Content editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="practices", codename__in=EDITOR_PERMISSIONS)
    )


def revoke_practice_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Content editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="practices", codename__in=EDITOR_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_practice_permissions, revoke_practice_permissions)]

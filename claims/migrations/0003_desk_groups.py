"""The two desk roles, with exactly the permissions they need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK_MODELS = ["article", "claim", "claimant", "source", "evidence", "reviewnote"]

FACT_CHECKERS = (
    [f"claims.{action}_{model}" for model in DESK_MODELS for action in ("add", "change", "view")]
    + ["claims.view_verdict", "claims.view_correction", "auth.view_user"]
)
EDITORS = (
    FACT_CHECKERS
    + [f"claims.delete_{model}" for model in DESK_MODELS]
    + [f"claims.{action}_verdict" for action in ("add", "change", "delete")]
    + ["claims.publish_claim", "claims.correct_claim"]
)
GROUPS = {"Fact-checkers": FACT_CHECKERS, "Editors": EDITORS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0002_history_and_workflow_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

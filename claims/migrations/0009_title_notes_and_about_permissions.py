"""Move the desk's notes out of source titles, and let the Editors group alone change the About
page (fact-checkers may read it in the admin, like the verdict scale)."""

import re

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

# The research notes found in titles: a bracketed prefix ("[title not shown in excerpt] …") and a
# few known trailing remarks. A trailing parenthesis is otherwise part of the title ("(AFP)").
LEADING_NOTE = re.compile(r"^\[(?P<note>[^\]]+)\]\s*")
TRAILING_NOTE = re.compile(
    r"\s*\((?P<note>title from URL|title truncated in URL|press-conference transcript)\)$"
)


def split_title_note(title):
    """(clean title, note): "Trump says X (title from URL)" -> ("Trump says X", "title from URL")."""
    notes = []
    for pattern in (LEADING_NOTE, TRAILING_NOTE):
        match = pattern.search(title)
        if match and title[: match.start()] + title[match.end() :]:
            notes.append(match["note"])
            title = title[: match.start()] + title[match.end() :]
    return title.strip(), "; ".join(notes)


def move_title_notes(apps, schema_editor):
    Source = apps.get_model("claims", "Source")
    HistoricalSource = apps.get_model("claims", "HistoricalSource")
    fields = [f.attname for f in Source._meta.concrete_fields]
    for source in Source.objects.filter(title_note=""):
        title, note = split_title_note(source.title)
        if not note:
            continue
        source.title, source.title_note = title, note
        source.save(update_fields=["title", "title_note"])
        # A migration's models have no history hooks: record the change as the admin would.
        HistoricalSource.objects.create(
            **{name: getattr(source, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason="Desk note moved from the title to Title note",
        )


def grant_about_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    about = Permission.objects.filter(
        content_type__app_label="claims", codename__endswith="_aboutsection"
    )
    for name, codenames in [
        (
            "Editors",
            ["add_aboutsection", "change_aboutsection", "delete_aboutsection", "view_aboutsection"],
        ),
        ("Fact-checkers", ["view_aboutsection"]),
    ]:
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*about.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0008_source_title_note_and_about_page"),
    ]

    operations = [
        migrations.RunPython(move_title_notes, migrations.RunPython.noop),
        migrations.RunPython(grant_about_permissions, migrations.RunPython.noop),
    ]

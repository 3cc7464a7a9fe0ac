"""Source titles: readers see the title as published; the desk's notes about it ("title from
URL") stay in the admin."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from claims.models import Claim, Source
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("claims.migrations.0009_title_notes_and_about_permissions")
DESK_NOTES = ["title from URL", "title not shown in excerpt", "title truncated in URL"]


def test_claim_page_shows_the_clean_title_and_never_the_desk_note(client):
    claim = ClaimFactory()
    EvidenceFactory(
        claim=claim, source=SourceFactory(title="Trump says X", title_note="title from URL")
    )

    response = client.get(claim.get_absolute_url())

    assertContains(response, ">Trump says X</a>")
    assertNotContains(response, "title from URL")


def test_the_admin_shows_the_title_note_to_the_desk(admin_client):
    source = SourceFactory(title="Trump says X", title_note="title from URL")

    change = admin_client.get(reverse("admin:claims_source_change", args=[source.pk]))
    found = admin_client.get(reverse("admin:claims_source_changelist"), {"q": "from URL"})

    assertContains(change, 'name="title_note"')
    assertContains(change, 'value="title from URL"')
    assertContains(found, "Trump says X")


def test_demo_readers_see_clean_source_titles_and_the_desk_keeps_its_notes(client):
    call_command("loaddata", "verdicts", "demo", verbosity=0)

    titles = dict(Source.objects.values_list("title", "title_note"))
    assert [t for t in titles if t.startswith("[") or any(n in t for n in DESK_NOTES)] == []
    assert sum(1 for note in titles.values() if note) == 26
    pages = "".join(client.get(c.get_absolute_url()).text for c in Claim.objects.published())
    for note in DESK_NOTES:
        assert note not in pages
    assert ">France says 26 nations pledge Ukraine troop deployment if peace agreed</a>" in pages


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Trump says X (title from URL)", ("Trump says X", "title from URL")),
        (
            "Meloni ai Volenterosi: l'Italia non ... (title truncated in URL)",
            ("Meloni ai Volenterosi: l'Italia non ...", "title truncated in URL"),
        ),
        (
            "[title not shown in excerpt] Vingt-six pays (AFP)",
            ("Vingt-six pays (AFP)", "title not shown in excerpt"),
        ),
        (
            "Réunion de la coalition (press-conference transcript)",
            ("Réunion de la coalition", "press-conference transcript"),
        ),
        # A parenthesis that belongs to the title stays.
        (
            "Guerra Ucraina, Macron: 26 Paesi (truppe a Kiev)",
            ("Guerra Ucraina, Macron: 26 Paesi (truppe a Kiev)", ""),
        ),
        # A note alone is not split off: a title is required.
        ("[title not shown in excerpt]", ("[title not shown in excerpt]", "")),
    ],
)
def test_split_title_note(title, expected):
    assert MIGRATION.split_title_note(title) == expected


def test_the_data_migration_moves_notes_out_of_existing_titles_with_a_history_row():
    annotated = SourceFactory(title="Trump says X (title from URL)")
    clean = SourceFactory(title="Macron says Y (AFP)")
    # The models as the migrations leave them: no history hooks, like a real migration run.
    apps = MigrationLoader(connection).project_state().apps

    MIGRATION.move_title_notes(apps, None)

    annotated.refresh_from_db()
    clean.refresh_from_db()
    assert (annotated.title, annotated.title_note) == ("Trump says X", "title from URL")
    assert (clean.title, clean.title_note) == ("Macron says Y (AFP)", "")
    latest = annotated.history.first()
    assert (latest.title, latest.title_note) == ("Trump says X", "title from URL")
    assert latest.history_change_reason == "Desk note moved from the title to Title note"
    assert clean.history.count() == 1  # its creation only

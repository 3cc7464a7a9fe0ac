"""No lost edit on any model: two editors open the same object in the admin, both save, and the
second is refused with who and when, on every model editors change, on inline rows and on the
delete page. Each browser posts back exactly the form it was given (tests/admin_forms.py)."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.admin.versions import VersionGuardAdmin, VersionGuardForm, VersionGuardInlineFormSet
from claims.models import AboutSection, Evidence, ReviewNote, Source, Versioned
from tests.admin_forms import browser_form
from tests.admin_forms import desk_client as browser  # enforces CSRF
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

# Each model editors change, and a text field of its change form to edit.
MODELS = {
    "article": (ArticleFactory, "outlet"),
    "claimant": (ClaimantFactory, "role"),
    "verdict": (VerdictFactory, "definition"),
    "source": (SourceFactory, "title"),
    "evidence": (EvidenceFactory, "note"),
    "review note": (ReviewNoteFactory, "body"),
    "claim": (lambda: ClaimFactory(draft=True), "conclusion"),
    "about section": (
        lambda: AboutSection.objects.create(slug="funding", heading="Funding", body="Grants."),
        "body",
    ),
}

CONFLICT = r"{who} {verb} this {name} on \d{{1,2}} [A-Z][a-z]+ \d{{4}} at \d\d:\d\d UTC"


@pytest.fixture
def alice():
    return EditorFactory(username="alice", first_name="Alice", last_name="Able")


def admin_url(obj, view="change"):
    return reverse(f"admin:claims_{obj._meta.model_name}_{view}", args=[obj.pk])


def open_form(client, obj):
    """The change form as this editor's browser received it, ready to post back."""
    response = client.get(admin_url(obj))
    assert response.status_code == 200
    return browser_form(response.text)


def save(client, obj, data, **changes):
    return client.post(admin_url(obj), {**data, **changes, "_save": "Save"})


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def conflict_message(who, name, verb="changed"):
    return re.compile(CONFLICT.format(who=who, verb=verb, name=name))


@pytest.mark.parametrize("name", MODELS)
def test_second_save_is_refused_with_who_and_when_and_keeps_the_input(name, alice, editor):
    factory, field = MODELS[name]
    obj = factory()
    first, second = browser(alice), browser(editor)
    first_form, second_form = open_form(first, obj), open_form(second, obj)

    assert save(first, obj, first_form, **{field: "Alice's words."}).status_code == 302
    response = save(second, obj, second_form, **{field: "Eddie's words."})

    assert response.status_code == 200
    assert conflict_message("Alice Able", name).search(response.text)
    assert "Eddie&#x27;s words." in response.text  # the second editor's input is still there
    assert getattr(reload(obj), field) == "Alice's words."


@pytest.mark.parametrize("name", MODELS)
def test_saving_again_after_the_refusal_is_a_deliberate_overwrite(name, alice, editor):
    factory, field = MODELS[name]
    obj = factory()
    first, second = browser(alice), browser(editor)
    first_form, second_form = open_form(first, obj), open_form(second, obj)
    save(first, obj, first_form, **{field: "Alice's words."})
    refused = save(second, obj, second_form, **{field: "Eddie's words."})

    again = browser_form(refused.text)
    assert save(second, obj, again).status_code == 302
    assert getattr(reload(obj), field) == "Eddie's words."
    assert reload(obj).version == obj.version + 2


@pytest.mark.parametrize("name", MODELS)
def test_every_admin_save_raises_the_version(name, editor):
    factory, _ = MODELS[name]
    obj = factory()
    client = browser(editor)
    for expected in (obj.version + 1, obj.version + 2):
        assert save(client, obj, open_form(client, obj)).status_code == 302
        assert reload(obj).version == expected


def test_every_model_editors_change_is_versioned_and_guarded_in_the_admin(rf, editor):
    """Whoever registers an admin or an inline later gets the guard: DeskAdmin applies it."""
    request = rf.get("/")
    request.user = editor
    versioned = [m for m in admin.site._registry if issubclass(m, Versioned)]
    assert {m._meta.verbose_name for m in versioned} >= set(MODELS)
    for model in versioned:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, VersionGuardAdmin), model
        assert issubclass(model_admin.get_form(request), VersionGuardForm), model
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            assert issubclass(formset, VersionGuardInlineFormSet), inline
            assert issubclass(formset.form, VersionGuardForm), inline


# Inline rows on the claim form


@pytest.fixture
def claim_with_evidence():
    claim = ClaimFactory(draft=True, conclusion="Original conclusion.")
    EvidenceFactory(claim=claim, note="Original note.")
    return claim


@pytest.fixture
def stale_claim_form(claim_with_evidence, alice, editor):
    """Alice opened the claim; then Eddie changed its evidence in the Evidence screen."""
    claim = claim_with_evidence
    evidence = claim.evidence.get()
    first = browser(alice)
    stale = open_form(first, claim)
    evidence_screen = browser(editor)
    save(evidence_screen, evidence, open_form(evidence_screen, evidence), note="Eddie's note.")
    return first, claim, evidence, stale


def test_a_stale_evidence_row_does_not_overwrite_an_edit_made_in_the_evidence_screen(
    stale_claim_form,
):
    first, claim, evidence, stale = stale_claim_form

    response = save(
        first,
        claim,
        stale,
        conclusion="Alice's conclusion.",
        **{"evidence-0-note": "Alice's note."},
    )

    assert response.status_code == 200
    row_errors = re.search(r'<tr class="row-form-errors">(.*?)</tr>', response.text, re.S)
    assert row_errors and conflict_message("Eddie Editor", "evidence").search(row_errors[1])
    assert "Alice&#x27;s note." in response.text and "Alice&#x27;s conclusion." in response.text
    # Nothing on the page was saved: neither the row nor the claim.
    assert reload(evidence).note == "Eddie's note."
    assert reload(claim).conclusion == "Original conclusion."


def test_an_untouched_stale_row_does_not_overwrite_either(stale_claim_form):
    first, claim, evidence, stale = stale_claim_form

    response = save(first, claim, stale, conclusion="Alice's conclusion.")

    assert response.status_code == 200
    assert reload(evidence).note == "Eddie's note."
    assert reload(claim).conclusion == "Original conclusion."


def test_saving_the_claim_again_after_a_row_refusal_is_deliberate(stale_claim_form):
    first, claim, evidence, stale = stale_claim_form
    refused = save(first, claim, stale, **{"evidence-0-note": "Alice's note."})

    again = browser_form(refused.text)
    assert save(first, claim, again).status_code == 302
    assert reload(evidence).note == "Alice's note."


def test_a_row_deleted_while_someone_changed_it_is_kept(stale_claim_form):
    first, claim, evidence, stale = stale_claim_form

    response = save(first, claim, stale, **{"evidence-0-DELETE": "on"})

    assert response.status_code == 200
    assert conflict_message("Eddie Editor", "evidence").search(response.text)
    assert "so it was not deleted" in response.text
    assert reload(evidence).note == "Eddie's note."


def test_editing_a_row_someone_deleted_meanwhile_says_so(claim_with_evidence, alice, editor):
    claim = claim_with_evidence
    evidence = claim.evidence.get()
    first = browser(alice)
    stale = open_form(first, claim)
    eddie = browser(editor)
    eddie.post(admin_url(evidence, "delete"), delete_form(eddie, evidence))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()

    response = save(
        first,
        claim,
        stale,
        conclusion="Alice's conclusion.",
        **{"evidence-0-note": "Alice's note."},
    )

    assert response.status_code == 200
    assert conflict_message("Eddie Editor", "evidence", "deleted").search(response.text)
    assert "Alice&#x27;s note." in response.text
    assert reload(claim).conclusion == "Original conclusion."


def test_a_stale_note_row_is_refused_too(alice, editor):
    claim = ClaimFactory(draft=True)
    note = ReviewNoteFactory(claim=claim, body="Original note.")
    first = browser(alice)
    stale = open_form(first, claim)
    notes_screen = browser(editor)
    save(notes_screen, note, open_form(notes_screen, note), body="Eddie's note.")

    response = save(first, claim, stale, **{"notes-0-body": "Alice's note."})

    assert response.status_code == 200
    assert conflict_message("Eddie Editor", "review note").search(response.text)
    assert reload(note).body == "Eddie's note."


def test_new_rows_and_current_rows_save_as_usual(claim_with_evidence, editor):
    claim = claim_with_evidence
    evidence = claim.evidence.get()
    client = browser(editor)
    data = open_form(client, claim)
    data |= {"evidence-0-note": "Sharper note.", "notes-TOTAL_FORMS": "1", "notes-0-body": "New."}
    data |= {"notes-0-visibility": ReviewNote.Visibility.INTERNAL}

    assert save(client, claim, data).status_code == 302
    assert reload(evidence).note == "Sharper note." and reload(evidence).version == 2
    assert claim.notes.get().body == "New."


# Deleting


def delete_form(client, obj):
    response = client.get(admin_url(obj, "delete"))
    assert response.status_code == 200
    # Django's confirmation form has no id: take the one with the "post" field.
    form = re.search(r'<form method="post">(.*?)</form>', response.text, re.S)[0]
    return browser_form(
        form.replace('<form method="post">', '<form id="delete_form" method="post">')
    )


def test_deleting_what_someone_changed_meanwhile_is_refused_then_deliberate(alice, editor):
    source = SourceFactory(title="Original title.")
    second = browser(editor)
    stale = delete_form(second, source)
    first = browser(alice)
    save(first, source, open_form(first, source), title="Alice's title.")

    response = second.post(admin_url(source, "delete"), stale, follow=True)

    assert conflict_message("Alice Able", "source").search(response.text)
    assert "it was not deleted" in response.text
    assert reload(source).title == "Alice's title."
    # The page the editor is sent back to carries the new version: confirming again deletes.
    second.post(admin_url(source, "delete"), delete_form(second, source))
    assert not Source.objects.filter(pk=source.pk).exists()


def test_saving_what_someone_deleted_meanwhile_says_who_instead_of_failing(alice, editor):
    source = SourceFactory()
    first = browser(alice)
    stale = open_form(first, source)
    client = browser(editor)
    client.post(admin_url(source, "delete"), delete_form(client, source))

    response = save(first, source, stale, title="Alice's title.")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_source_changelist")
    page = first.get(response["Location"]).text
    assert conflict_message("Eddie Editor", "source", "deleted").search(page)
    assert "Nothing was saved." in page

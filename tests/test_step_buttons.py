"""The claim page's step buttons belong to its form: one click saves the edits and takes the step
(issue 6 §2 and §3), over HTTP with CSRF enforced. Also the editor's review actions, the bulk
confirmation pages and the warnings on submitting an incomplete claim."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Evidence, ReviewNote
from tests.admin_forms import (
    change_url,
    changelist_action,
    click_step,
    csrf_post,
    desk_client,
    existing_claim_data,
    inline_data,
    open_form,
)
from tests.factories import ClaimFactory, EditorFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def reload(claim):
    return Claim.objects.get(pk=claim.pk)


def step_url(claim, name):
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def claim_form(page):
    """The claim's change form, from its opening tag to its end."""
    return re.search(r'<form[^>]*id="claim_form".*?</form>', page, re.S).group(0)


def step_buttons(page):
    """The step buttons of the form's top bar, in order: (name, label, is_primary)."""
    found = re.findall(
        r'<button type="submit" name="_step" value="([a-z_]+)" class="([^"]*)">([^<]+)</button>',
        claim_form(page),
    )
    first = found[: len(found) // 2]  # the same buttons again below the form
    return [(name, label, "default" in classes.split()) for name, classes, label in first]


# One click: the edits, the inlines and the step, saved once


def test_fact_checker_edits_the_conclusion_and_submits_in_one_click(checker):
    claim = ClaimFactory(draft=True, researcher=checker, conclusion="Draft.")
    before = claim.history.count()

    response = click_step(desk_client(checker), claim, "submit_for_review", conclusion="Final.")

    assert response.status_code == 302
    claim = reload(claim)
    assert (claim.status, claim.conclusion) == ("in_review", "Final.")
    # One history row holds both the edit and the step.
    assert claim.history.count() == before + 1
    row = claim.history.first()
    assert (row.conclusion, row.status, row.history_change_reason) == (
        "Final.",
        "in_review",
        "Submitted for review",
    )
    assert row.history_user == checker


def test_a_step_saves_the_inline_rows_clicked_with_it(ready, editor):
    source = SourceFactory()
    data = existing_claim_data(ready) | inline_data(
        "evidence", [{"source": source.pk, "stance": "supports", "order": 2}]
    )
    response = click_step(desk_client(editor), ready, "publish", data=data)
    assert response.status_code == 302
    assert reload(ready).status == "published"
    assert Evidence.objects.filter(claim=ready, source=source).exists()


def test_publish_counts_the_evidence_added_in_the_same_click(editor, checker):
    claim = ClaimFactory(in_review=True, researcher=checker, reviewer=None)
    data = existing_claim_data(claim) | inline_data(
        "evidence", [{"source": SourceFactory().pk, "stance": "contradicts", "order": 1}]
    )
    assert click_step(desk_client(editor), claim, "publish", data=data).status_code == 302
    assert reload(claim).status == "published"


def test_a_form_error_saves_nothing_and_takes_no_step(checker):
    claim = ClaimFactory(draft=True, researcher=checker, conclusion="Draft.")
    response = click_step(
        desk_client(checker),
        claim,
        "submit_for_review",
        conclusion="Final.",
        quote="words that are nowhere in the article",
    )
    assert response.status_code == 200
    assert "Final." in response.text  # the input is still on the form
    claim = reload(claim)
    assert (claim.status, claim.conclusion) == ("researching", "Draft.")


def test_an_inline_error_saves_nothing_and_takes_no_step(checker):
    claim = ClaimFactory(draft=True, researcher=checker, conclusion="Draft.")
    data = existing_claim_data(claim, conclusion="Final.") | inline_data(
        "evidence", [{"source": "", "stance": "supports", "order": 1}]
    )
    response = click_step(desk_client(checker), claim, "submit_for_review", data=data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    claim = reload(claim)
    assert (claim.status, claim.conclusion) == ("researching", "Draft.")


def test_a_refused_step_saves_nothing_and_keeps_the_input(editor):
    claim = ClaimFactory(in_review=True, researcher=editor, reviewer=None, conclusion="Before.")
    source = SourceFactory()
    data = existing_claim_data(claim, conclusion="After.") | inline_data(
        "evidence", [{"source": source.pk, "stance": "supports", "order": 1}]
    )
    before = claim.history.count()

    response = click_step(desk_client(editor), claim, "publish", data=data)

    assert response.status_code == 200
    assert "Publish: It cannot be published" in response.text
    assert "you researched it" in response.text
    assert "After." in response.text
    claim = reload(claim)
    assert (claim.status, claim.conclusion) == ("in_review", "Before.")
    assert claim.history.count() == before
    assert not Evidence.objects.filter(claim=claim).exists()  # the inline row was rolled back


def test_a_step_clicked_on_a_stale_form_is_refused(ready, editor):
    other = EditorFactory(username="olga", first_name="Olga")
    stale = open_form(desk_client(editor), ready)
    client = desk_client(other)
    csrf_post(
        client,
        change_url(ready),
        existing_claim_data(ready, conclusion="Olga's wording.", opened_version=stale),
        page=change_url(ready),
    )

    response = click_step(desk_client(editor), ready, "publish", opened_version=stale)

    assert response.status_code == 200
    assert "Olga changed this claim on" in response.text
    claim = reload(ready)
    assert (claim.status, claim.conclusion) == ("in_review", "Olga's wording.")


def test_a_step_with_edits_refuses_a_claim_saved_since_it_was_read(checker):
    claim = ClaimFactory(draft=True, researcher=checker, conclusion="Draft.")
    mine, theirs = reload(claim), reload(claim)
    theirs.conclusion, theirs.version = "Theirs.", theirs.version + 1
    theirs.save()

    mine.conclusion = "Mine."
    with pytest.raises(services.TransitionError, match="changed after you opened it"):
        services.submit_for_review(claim=mine, user=checker, keep_edits=True)

    claim = reload(claim)
    assert (claim.status, claim.conclusion) == ("researching", "Theirs.")


def test_an_unknown_step_is_a_bad_request(ready, editor):
    response = click_step(desk_client(editor), ready, "explode", conclusion="Changed.")
    assert response.status_code == 400
    assert reload(ready).conclusion != "Changed."


def test_enter_in_a_text_field_saves_rather_than_takes_a_step(ready, editor):
    # Browsers click a form's first submit button on Enter: it must be Save, not Publish.
    form = claim_form(desk_client(editor).get(change_url(ready)).text)
    first = re.search(r'<(?:input|button) type="submit"[^>]*>', form).group(0)
    assert 'name="_save"' in first


# Steps that ask something first: the edits are saved on the way to their page


def test_send_back_saves_the_edits_then_asks_for_the_note(ready, editor):
    client = desk_client(editor)
    response = click_step(client, ready, "send_back", conclusion="Reworded.")
    assert response.status_code == 302
    assert response["Location"] == step_url(ready, "send_back")
    claim = reload(ready)
    assert (claim.status, claim.conclusion) == ("in_review", "Reworded.")
    assert "Your changes to" in client.get(response["Location"]).text

    response = csrf_post(
        client, step_url(ready, "send_back"), {"note": "Which table?"}, page=response["Location"]
    )
    assert response.status_code == 302
    claim = reload(ready)
    assert (claim.status, claim.conclusion) == ("researching", "Reworded.")


def test_a_step_page_opened_without_edits_writes_nothing(ready, editor):
    before = ready.history.count()
    response = click_step(desk_client(editor), ready, "send_back")
    assert response["Location"] == step_url(ready, "send_back")
    assert reload(ready).history.count() == before


def test_a_step_page_refuses_a_claim_changed_since_it_opened(ready, editor):
    client = desk_client(editor)
    page = client.get(step_url(ready, "send_back")).text
    opened = re.search(r'name="opened_version" value="(\d+)"', page).group(1)
    other = desk_client(EditorFactory(username="olga"))
    csrf_post(
        other,
        change_url(ready),
        existing_claim_data(ready, conclusion="Olga's wording."),
        page=change_url(ready),
    )
    response = csrf_post(
        client,
        step_url(ready, "send_back"),
        {"note": "Which table?", "opened_version": opened},
        page=step_url(ready, "send_back"),
    )
    assert response.status_code == 200
    assert "It was changed after you opened it" in response.text
    assert reload(ready).status == "in_review"
    assert not ReviewNote.objects.filter(claim=ready).exists()


def test_a_step_page_that_does_not_apply_saves_no_edits(ready, checker):
    # A fact-checker cannot send back: the click saves nothing and says why.
    response = click_step(desk_client(checker), ready, "send_back", conclusion="Sneaked in.")
    assert response.status_code == 200
    assert "You do not have permission to send claims back." in response.text
    assert reload(ready).conclusion != "Sneaked in."


# An editor reviewing a colleague's claim


def test_editor_reviewing_a_claim_sees_publish_first_as_the_primary_step(ready, editor):
    buttons = step_buttons(desk_client(editor).get(change_url(ready)).text)
    assert buttons[0] == ("publish", "Publish", True)
    assert [name for name, _, _ in buttons] == ["publish", "send_back", "assign"]
    assert [primary for _, _, primary in buttons] == [True, False, False]
    assert ("assign", "Assign to me…", False) in buttons  # it asks before taking over


def test_fact_checker_sees_submit_as_the_primary_step(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    buttons = step_buttons(desk_client(checker).get(change_url(claim)).text)
    assert buttons == [("submit_for_review", "Submit for review", True)]


def test_steps_are_not_among_the_object_tools(ready, editor):
    page = desk_client(editor).get(change_url(ready)).text
    tools = re.search(r'<ul class="object-tools">.*?</ul>', page, re.S).group(0)
    assert "History" in tools and "Publish" not in tools


def test_taking_over_a_colleagues_claim_asks_first(ready, editor, checker):
    client = desk_client(editor)
    response = click_step(client, ready, "assign")
    assert response["Location"] == step_url(ready, "assign")
    assert reload(ready).researcher == checker  # nothing happened yet

    page = client.get(step_url(ready, "assign")).text
    assert "Farah Checker is researching it. Take it over?" in page
    response = csrf_post(
        client, step_url(ready, "assign"), {"confirmed": "True"}, page=step_url(ready, "assign")
    )
    assert response.status_code == 302
    assert reload(ready).researcher == editor


def test_assign_refuses_to_take_a_colleagues_claim_unconfirmed(ready, editor, checker):
    with pytest.raises(services.TransitionError, match="Take it over?"):
        services.assign(claim=ready, user=editor)
    assert reload(ready).researcher == checker
    services.assign(claim=ready, user=editor, confirmed=True)
    assert reload(ready).researcher == editor


def test_assigning_an_unassigned_claim_asks_nothing(checker):
    claim = ClaimFactory(draft=True, status="new", researcher=None)
    response = click_step(desk_client(checker), claim, "assign")
    assert response["Location"] == change_url(claim)
    assert reload(claim).researcher == checker


def test_bulk_assign_of_a_colleagues_claim_asks_first(ready, editor, checker):
    client = desk_client(editor)
    response = changelist_action(client, "assign_to_me", [ready])
    assert "Take over claims" in response.text
    assert "Farah Checker is researching it." in response.text
    assert reload(ready).researcher == checker
    changelist_action(client, "assign_to_me", [ready], apply="1")
    assert reload(ready).researcher == editor


# Bulk publish: a confirmation page first


def test_bulk_publish_shows_the_claims_and_what_blocks_them_before_publishing(ready, editor):
    incomplete = ClaimFactory(in_review=True, claim_reviewed="A claim without sources.")
    client = desk_client(editor)

    response = changelist_action(client, "publish", [ready, incomplete])

    assert response.status_code == 200
    assert "1 of these 2 claims can be published" in response.text
    assert str(ready) in response.text and "A claim without sources." in response.text
    assert "It has no evidence source" in response.text
    assert 'value="Publish 1 claim(s)"' in response.text
    assert reload(ready).status == reload(incomplete).status == "in_review"

    response = changelist_action(client, "publish", [ready, incomplete], apply="1")
    assert reload(ready).status == "published"
    assert reload(incomplete).status == "in_review"
    assert "Publish: done for 1 claim(s)" in response.text
    assert "was left as it was: It cannot be published: it has no evidence source." in (
        response.text.replace("&quot;", '"')
    )


def test_bulk_publish_with_nothing_publishable_offers_no_button(editor, checker):
    own = ClaimFactory(in_review=True, researcher=editor)
    EvidenceFactory(claim=own)
    response = changelist_action(desk_client(editor), "publish", [own])
    assert "None of these claims can be published yet" in response.text
    assert "You researched it, and a second person must review it" in response.text
    assert 'value="Publish' not in response.text


# Submitting an incomplete claim warns


def test_submitting_without_verdict_conclusion_or_evidence_warns(checker):
    claim = ClaimFactory(draft=True, researcher=checker, conclusion="")
    client = desk_client(checker)
    response = click_step(client, claim, "submit_for_review")
    assert reload(claim).status == "in_review"  # it still goes through
    page = client.get(response["Location"]).text
    assert 'class="warning"' in page
    assert "has no verdict, no conclusion, no evidence source yet" in page


def test_submitting_a_complete_claim_does_not_warn(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    EvidenceFactory(claim=claim)
    client = desk_client(checker)
    response = click_step(client, claim, "submit_for_review", verdict=ClaimFactory().verdict_id)
    page = client.get(response["Location"]).text
    assert "Submit for review: done" in page
    assert "yet: an editor cannot publish it" not in page


def test_bulk_submit_warns_claim_by_claim(checker):
    claim = ClaimFactory(draft=True, researcher=checker, claim_reviewed="No sources yet.")
    response = changelist_action(desk_client(checker), "submit_for_review", [claim])
    assert reload(claim).status == "in_review"
    assert "“No sources yet.” has no verdict, no evidence source yet" in response.text

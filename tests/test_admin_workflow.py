"""The workflow in the admin, through real HTTP with CSRF checks on: buttons, bulk actions,
queues, permissions by role, the two-editor conflict and the history trail."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Correction, Evidence, ReviewNote
from tests.admin_forms import (
    browser_form,
    change_url,
    changelist_action,
    click_step,
    csrf_post,
    desk_client,
    existing_claim_data,
    inline_data,
    open_form,
)
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    FactCheckerFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def step_url(claim, name):
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def reload(claim):
    return Claim.objects.get(pk=claim.pk)


# Roles and permissions


def test_anonymous_cannot_take_a_step(ready):
    client = desk_client(None)
    data = existing_claim_data(ready) | {"_step": "publish"}
    for url in [change_url(ready), step_url(ready, "send_back")]:
        response = csrf_post(client, url, data, page=reverse("admin:login"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    assert reload(ready).status == "in_review"


def test_post_without_csrf_token_is_refused(ready, editor):
    data = existing_claim_data(ready) | {"_step": "publish"}
    response = desk_client(editor).post(change_url(ready), data)
    assert response.status_code == 403
    response = desk_client(editor).post(step_url(ready, "send_back"), {"note": "Why?"})
    assert response.status_code == 403
    assert reload(ready).status == "in_review"


def test_fact_checker_sees_submit_but_not_publish(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    page = desk_client(checker).get(change_url(claim)).text
    assert ">Submit for review</button>" in page
    assert ">Publish</button>" not in page
    assert 'name="status"' not in page  # status moves only through the steps


def test_fact_checker_submits_own_claim_through_the_button(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    client = desk_client(checker)
    response = click_step(client, claim, "submit_for_review")
    assert response.status_code == 302
    assert reload(claim).status == "in_review"
    assert "Submit for review: done" in client.get(change_url(claim)).text


def test_fact_checker_cannot_publish_even_by_posting(ready):
    other = FactCheckerFactory()
    response = click_step(desk_client(other), ready, "publish", conclusion="Mine now.")
    assert response.status_code == 200
    assert "You do not have permission to publish claims." in response.text
    assert reload(ready).conclusion != "Mine now."
    assert reload(ready).status == "in_review"


def test_fact_checker_cannot_delete(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    client = desk_client(checker)
    assert client.get(reverse("admin:claims_claim_delete", args=[claim.pk])).status_code == 403
    response = csrf_post(
        client, reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_fact_checker_cannot_add_a_correction_directly(checker, editor):
    assert desk_client(checker).get(reverse("admin:claims_correction_add")).status_code == 403
    assert desk_client(editor).get(reverse("admin:claims_correction_add")).status_code == 403


def test_fact_checker_cannot_manage_the_verdict_scale(checker, editor):
    assert desk_client(checker).get(reverse("admin:claims_verdict_add")).status_code == 403
    assert desk_client(editor).get(reverse("admin:claims_verdict_add")).status_code == 200


def test_editor_publishes_through_the_button(ready, editor):
    client = desk_client(editor)
    assert ">Publish</button>" in client.get(change_url(ready)).text
    response = click_step(client, ready, "publish")
    assert response.status_code == 302
    claim = reload(ready)
    assert (claim.status, claim.reviewer) == ("published", editor)
    assert desk_client(None).get(claim.get_absolute_url()).status_code == 200


def test_editor_cannot_publish_own_research(editor):
    claim = ClaimFactory(in_review=True, researcher=editor, reviewer=None)
    EvidenceFactory(claim=claim)
    response = click_step(desk_client(editor), claim, "publish")
    assert "you researched it, and a second person must review it" in response.text
    assert reload(claim).status == "in_review"


def test_send_back_asks_for_a_note(ready, editor):
    client = desk_client(editor)
    assert client.get(step_url(ready, "send_back")).status_code == 200
    response = csrf_post(
        client, step_url(ready, "send_back"), {"note": ""}, page=step_url(ready, "send_back")
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert reload(ready).status == "in_review"

    response = csrf_post(
        client,
        step_url(ready, "send_back"),
        {"note": "Which table?"},
        page=step_url(ready, "send_back"),
    )
    assert response.status_code == 302
    assert reload(ready).status == "researching"
    assert ReviewNote.objects.get(claim=ready).body == "Which table?"


def test_mark_not_checkable_asks_for_a_reason(editor, checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    client = desk_client(editor)
    url = step_url(claim, "mark_not_checkable")
    response = csrf_post(client, url, {"reason": "A prediction about 2040."}, page=url)
    assert response.status_code == 302
    assert reload(claim).status == "not_checkable"


def test_editor_corrects_a_published_verdict(editor):
    claim = ClaimFactory()
    mostly = VerdictFactory(slug="mostly-false", label="Mostly false", score=2, order=4)
    client = desk_client(editor)
    url = step_url(claim, "correct")
    data = {
        "kind": "correction",
        "text": "The office revised the figure.",
        "new_verdict": mostly.pk,
    }
    response = csrf_post(client, url, data, page=url)
    assert response.status_code == 302
    assert reload(claim).verdict == mostly
    correction = Correction.objects.get(claim=claim)
    assert (correction.previous_verdict.slug, correction.new_verdict, correction.created_by) == (
        "false",
        mostly,
        editor,
    )
    public = desk_client(None).get(claim.get_absolute_url()).text
    assert "The office revised the figure." in public and "Updated on" in public


def test_a_step_that_asks_nothing_has_no_page_of_its_own(ready, editor):
    # It is a button of the claim's form, which carries the version and the edits with it.
    client = desk_client(editor)
    assert client.get(step_url(ready, "publish")).status_code == 404
    response = csrf_post(client, step_url(ready, "publish"), page=change_url(ready))
    assert response.status_code == 404
    assert reload(ready).status == "in_review"


def test_unknown_step_is_a_404(ready, editor):
    assert desk_client(editor).get(step_url(ready, "explode")).status_code == 404


# Bulk actions


def test_bulk_publish_reports_each_claim(ready, editor):
    incomplete = ClaimFactory(in_review=True, claim_reviewed="A claim without sources.")
    response = changelist_action(desk_client(editor), "publish", [ready, incomplete], apply="1")
    assert "Publish: done for 1 claim(s)" in response.text
    assert (
        "“A claim without sources.” was left as it was: It cannot be published: it has no evidence source."
        in (response.text.replace("&quot;", '"'))
    )
    assert reload(ready).status == "published"
    assert reload(incomplete).status == "in_review"


def test_bulk_assign_to_me_and_submit(checker):
    claims = ClaimFactory.create_batch(2, draft=True, status="new", researcher=None)
    client = desk_client(checker)
    changelist_action(client, "assign_to_me", claims)
    assert all(reload(c).researcher == checker for c in claims)
    changelist_action(client, "submit_for_review", claims)
    assert all(reload(c).status == "in_review" for c in claims)


def test_fact_checker_has_no_bulk_publish(checker):
    response = desk_client(checker).get(reverse("admin:claims_claim_changelist"))
    assert 'value="submit_for_review"' in response.text
    assert 'value="publish"' not in response.text


def test_bulk_send_back_asks_for_one_note(ready, editor):
    client = desk_client(editor)
    response = changelist_action(client, "send_back", [ready])
    assert "Send claims back for research" in response.text
    assert reload(ready).status == "in_review"
    response = changelist_action(
        client, "send_back", [ready], apply="1", note="Needs a primary source."
    )
    assert reload(ready).status == "researching"
    assert ReviewNote.objects.get(claim=ready).body == "Needs a primary source."


# Queues


def listed(response):
    return set(re.findall(r"/admin/claims/claim/(\d+)/change/", response.text))


def test_assigned_to_me_queue(checker):
    mine = ClaimFactory(draft=True, researcher=checker)
    ClaimFactory(draft=True)
    response = desk_client(checker).get(reverse("admin:claims_claim_changelist") + "?queue=mine")
    assert listed(response) == {str(mine.pk)}


def test_waiting_for_my_review_queue_leaves_out_my_own_research(ready, editor):
    ClaimFactory(in_review=True, researcher=editor)
    ClaimFactory(draft=True)
    response = desk_client(editor).get(reverse("admin:claims_claim_changelist") + "?queue=review")
    assert listed(response) == {str(ready.pk)}


# No lost edits


def save_form(client, claim, **fields):
    """Submit the claim's change form with these fields changed, as that editor's browser would."""
    return csrf_post(
        client, change_url(claim), existing_claim_data(claim, **fields), page=change_url(claim)
    )


def test_second_editor_cannot_overwrite_the_first(editor):
    claim = ClaimFactory(draft=True, conclusion="Original.")
    alice = EditorFactory(username="alice", first_name="Alice", last_name="Able")
    first, second = desk_client(alice), desk_client(editor)
    first_version, second_version = open_form(first, claim), open_form(second, claim)

    response = save_form(first, claim, conclusion="Alice's text.", opened_version=first_version)
    assert response.status_code == 302

    response = save_form(second, claim, conclusion="Eddie's text.", opened_version=second_version)
    assert response.status_code == 200
    assert "Alice Able changed this claim on" in response.text
    assert "Eddie&#x27;s text." in response.text  # the second editor's input is still on the form
    assert reload(claim).conclusion == "Alice's text."


def test_saving_again_after_the_conflict_message_is_a_deliberate_overwrite(editor):
    claim = ClaimFactory(draft=True, conclusion="Original.")
    alice = EditorFactory(username="alice")
    first, second = desk_client(alice), desk_client(editor)
    stale = open_form(second, claim)
    save_form(first, claim, conclusion="Alice's text.", opened_version=open_form(first, claim))
    response = save_form(second, claim, conclusion="Eddie's text.", opened_version=stale)
    refreshed = int(re.search(r'name="opened_version" value="(\d+)"', response.text).group(1))
    response = save_form(second, claim, conclusion="Eddie's text.", opened_version=refreshed)
    assert response.status_code == 302
    assert reload(claim).conclusion == "Eddie's text."


def test_an_inline_edit_counts_as_an_edit_of_the_claim(editor):
    claim = ClaimFactory(draft=True)
    alice = EditorFactory(username="alice")
    first, second = desk_client(alice), desk_client(editor)
    stale = open_form(second, claim)
    source = SourceFactory()
    data = existing_claim_data(claim, opened_version=open_form(first, claim))
    data |= inline_data("evidence", [{"source": source.pk, "stance": "supports", "order": 1}])
    assert csrf_post(first, change_url(claim), data, page=change_url(claim)).status_code == 302

    response = save_form(second, claim, conclusion="Mine.", opened_version=stale)
    assert response.status_code == 200
    assert Evidence.objects.filter(claim=claim, source=source).exists()
    assert reload(claim).conclusion != "Mine."


def test_a_step_taken_meanwhile_refuses_the_stale_form(ready, editor):
    other = EditorFactory(username="olga", first_name="Olga")
    stale = open_form(desk_client(editor), ready)
    assert click_step(desk_client(other), ready, "publish").status_code == 302
    response = save_form(
        desk_client(editor), ready, conclusion="Changed my mind.", opened_version=stale
    )
    assert response.status_code == 200
    assert "Olga changed this claim on" in response.text
    claim = reload(ready)
    assert claim.status == "published" and claim.conclusion != "Changed my mind."


# History


def test_each_save_and_step_adds_one_history_row_with_the_change(ready, editor):
    client = desk_client(editor)
    before = ready.history.count()
    save_form(client, ready, conclusion="Sharper.", opened_version=open_form(client, ready))
    click_step(client, reload(ready), "publish")
    assert ready.history.count() == before + 2
    # Read by someone else, so that Eddie's name can only come from the history rows.
    reader = desk_client(EditorFactory(username="rita", first_name="Rita"))
    page = reader.get(reverse("admin:claims_claim_history", args=[ready.pk])).text
    assert "Eddie" in page or "eddie" in page
    assert "Sharper." in page
    assert "Published" in page  # the step's change reason
    assert "In review &rarr; Published" in page  # status before and after, as labels


def test_published_claim_is_read_only_for_fact_checkers(checker, editor):
    claim = ClaimFactory(researcher=checker)
    page = desk_client(checker).get(change_url(claim))
    assert page.status_code == 200
    assert 'name="conclusion"' not in page.text
    response = csrf_post(
        desk_client(checker),
        change_url(claim),
        existing_claim_data(claim, conclusion="Quietly changed."),
        page=reverse("admin:index"),
    )
    assert response.status_code == 403
    assert reload(claim).conclusion != "Quietly changed."
    editors_page = desk_client(editor).get(change_url(claim)).text
    assert 'name="claim_reviewed"' in editors_page
    # Editors too change a published conclusion only through a correction.
    assert 'name="conclusion"' not in editors_page


# The claim form as a browser holds it: what the page rendered, posted back


def post_back(client, claim, page, **changes):
    """Post the change form a browser got in `page`, with these fields changed."""
    return client.post(change_url(claim), browser_form(page) | changes)


def test_the_claim_form_a_browser_posts_back_saves_when_nobody_else_did(ready, editor):
    client = desk_client(editor)
    page = client.get(change_url(ready)).text

    response = post_back(client, ready, page, conclusion="Sharper conclusion.")

    assert response.status_code == 302
    assert reload(ready).conclusion == "Sharper conclusion."


def test_the_claim_form_a_browser_posts_back_refuses_a_save_over_a_newer_edit(ready, editor):
    client = desk_client(editor)
    page = client.get(change_url(ready)).text
    other = EditorFactory(username="olga", first_name="Olga")
    services.send_back(claim=ready, user=other, note="More sources.")

    response = post_back(client, ready, page, conclusion="Over Olga's step.")

    assert response.status_code == 200
    assert "Olga changed this claim on" in response.text
    assert reload(ready).conclusion != "Over Olga's step."


def test_a_claim_form_posted_without_its_version_saves_nothing(ready, editor):
    client = desk_client(editor)
    fields = browser_form(client.get(change_url(ready)).text)
    versions = [name for name in fields if "version" in name]
    assert versions  # the form carries the version it was opened at

    without = {k: v for k, v in fields.items() if k not in versions}
    response = client.post(change_url(ready), without | {"conclusion": "Blind overwrite."})

    assert response.status_code == 200
    assert reload(ready).conclusion != "Blind overwrite."


def test_fact_checker_cannot_set_the_researcher_on_the_claim_form(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    colleague = FactCheckerFactory(username="colin")
    client = desk_client(checker)
    page = client.get(change_url(claim)).text

    response = post_back(client, claim, page, researcher=colleague.pk, conclusion="Drafted.")

    assert response.status_code == 302
    claim = reload(claim)
    assert claim.conclusion == "Drafted."  # the save went through, without the researcher
    assert claim.researcher == checker


def test_editor_sets_the_researcher_on_the_claim_form(editor, checker):
    claim = ClaimFactory(draft=True, researcher=None)
    client = desk_client(editor)
    page = client.get(change_url(claim)).text

    response = post_back(client, claim, page, researcher=checker.pk)

    assert response.status_code == 302
    assert reload(claim).researcher == checker


def test_assigned_to_me_leaves_out_claims_already_published_or_set_aside(checker):
    open_claim = ClaimFactory(draft=True, researcher=checker)
    ClaimFactory(researcher=checker)  # published
    ClaimFactory(draft=True, status="not_checkable", researcher=checker)

    response = desk_client(checker).get(reverse("admin:claims_claim_changelist") + "?queue=mine")

    assert listed(response) == {str(open_claim.pk)}


def test_the_correct_step_replaces_the_conclusion_readers_see(client, editor):
    claim = ClaimFactory(conclusion="Official figures show a fall of 1%.")
    response = csrf_post(
        desk_client(editor),
        step_url(claim, "correct"),
        {
            "kind": "correction",
            "text": "We misread the table.",
            "new_verdict": "",
            "new_conclusion": "Official figures show a fall of 2%.",
        },
        page=step_url(claim, "correct"),
    )

    assert response.status_code == 302
    page = client.get(claim.get_absolute_url()).text
    assert "Official figures show a fall of 2%." in page
    assert "We misread the table." in page
    assert "a fall of 1%" not in page

"""Workflow transitions: each rule, allowed and refused; a refused one changes nothing."""

import pytest

from claims import services
from claims.models import Claim, Correction, ReviewNote
from claims.services import TransitionError
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    FactCheckerFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def reload(claim):
    return Claim.objects.get(pk=claim.pk)


def test_user_factory_traits_put_users_in_the_desk_groups(checker, editor):
    assert checker.has_perm("claims.change_claim") and not checker.has_perm("claims.publish_claim")
    assert editor.has_perm("claims.publish_claim") and editor.has_perm("claims.correct_claim")


def test_fact_checker_starts_research_on_a_new_claim_and_owns_it(checker):
    claim = ClaimFactory(draft=True, status="new", researcher=None)
    services.start_research(claim=claim, user=checker)
    claim = reload(claim)
    assert claim.status == "researching"
    assert claim.researcher == checker


def test_fact_checker_submits_own_claim_for_review(checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    services.submit_for_review(claim=claim, user=checker)
    assert reload(claim).status == "in_review"


def test_fact_checker_cannot_submit_a_colleagues_claim(checker):
    claim = ClaimFactory(draft=True, researcher=FactCheckerFactory())
    with pytest.raises(TransitionError, match="assigned to"):
        services.submit_for_review(claim=claim, user=checker)
    assert reload(claim).status == "researching"


def test_editor_publishes_a_claim_researched_by_someone_else(ready, editor):
    services.publish(claim=ready, user=editor)
    claim = reload(ready)
    assert claim.status == "published"
    assert claim.reviewer == editor
    assert claim.published_at is not None


def test_publish_refuses_own_research(ready, checker):
    own_editor = EditorFactory(username="both")
    services.send_back(claim=ready, user=own_editor, note="More to check.")
    services.submit_for_review(claim=ready, user=own_editor)  # a research step: now theirs too
    with pytest.raises(TransitionError, match="you researched it"):
        services.publish(claim=ready, user=own_editor)
    assert reload(ready).status == "in_review"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"verdict": None}, "no verdict"),
        ({"conclusion": ""}, "no conclusion"),
    ],
)
def test_publish_refuses_an_incomplete_claim(ready, editor, change, problem):
    Claim.objects.filter(pk=ready.pk).update(**change)
    with pytest.raises(TransitionError, match=problem):
        services.publish(claim=ready, user=editor)
    claim = reload(ready)
    assert claim.status == "in_review" and claim.published_at is None


def test_publish_refuses_a_claim_without_evidence(editor, checker):
    claim = ClaimFactory(in_review=True, researcher=checker)
    with pytest.raises(TransitionError, match="no evidence source"):
        services.publish(claim=claim, user=editor)


def test_fact_checker_cannot_publish(ready):
    other = FactCheckerFactory()
    with pytest.raises(TransitionError, match="permission to publish"):
        services.publish(claim=ready, user=other)
    assert reload(ready).status == "in_review"


def test_publish_refuses_a_claim_that_is_not_in_review(editor, checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    with pytest.raises(TransitionError, match="no longer applies"):
        services.publish(claim=claim, user=editor)


def test_send_back_needs_a_note_and_keeps_it_internal(ready, editor):
    with pytest.raises(TransitionError, match="needs a note"):
        services.send_back(claim=ready, user=editor, note="  ")
    assert reload(ready).status == "in_review"
    services.send_back(claim=ready, user=editor, note="Find the primary source.")
    assert reload(ready).status == "researching"
    note = ReviewNote.objects.get(claim=ready)
    assert (note.body, note.visibility, note.author) == (
        "Find the primary source.",
        "internal",
        editor,
    )


def test_not_checkable_needs_a_reason(editor, checker):
    claim = ClaimFactory(draft=True, researcher=checker)
    with pytest.raises(TransitionError, match="reason is required"):
        services.mark_not_checkable(claim=claim, user=editor, reason="")
    services.mark_not_checkable(claim=claim, user=editor, reason="An opinion, not a fact.")
    assert reload(claim).status == "not_checkable"
    assert ReviewNote.objects.get(claim=claim).body == "Not checkable: An opinion, not a fact."


def test_published_claim_cannot_be_marked_not_checkable(editor):
    claim = ClaimFactory()
    with pytest.raises(TransitionError, match="published now, so this step no longer applies"):
        services.mark_not_checkable(claim=claim, user=editor, reason="Too late")
    after = reload(claim)
    assert (after.status, after.version) == ("published", claim.version)
    assert not ReviewNote.objects.filter(claim=claim).exists()


def test_correction_changes_the_verdict_and_records_both(editor):
    claim = ClaimFactory()
    old = claim.verdict
    new = VerdictFactory(slug="mostly-false", label="Mostly false", score=2, order=4)
    services.correct(
        claim=claim, user=editor, kind="correction", text="A newer table shows 2%.", new_verdict=new
    )
    claim = reload(claim)
    assert claim.verdict == new
    correction = Correction.objects.get(claim=claim)
    assert (correction.previous_verdict, correction.new_verdict) == (old, new)
    assert correction.created_by == editor and correction.text == "A newer table shows 2%."


def test_correction_needs_public_text_and_changes_nothing_without_it(editor):
    claim = ClaimFactory()
    new = VerdictFactory(slug="true", label="True", score=5, order=1)
    with pytest.raises(TransitionError, match="write what changed"):
        services.correct(claim=claim, user=editor, kind="correction", text="", new_verdict=new)
    assert reload(claim).verdict == claim.verdict
    assert not Correction.objects.exists()


def test_fact_checker_cannot_correct(checker):
    claim = ClaimFactory()
    with pytest.raises(TransitionError, match="permission to correct"):
        services.correct(claim=claim, user=checker, kind="update", text="New figures")


def test_fact_checker_assigns_a_claim_to_themselves_but_not_to_others(checker):
    claim = ClaimFactory(draft=True, status="new", researcher=None)
    with pytest.raises(TransitionError, match="Only editors"):
        services.assign(claim=claim, user=checker, researcher=UserFactory())
    services.assign(claim=claim, user=checker, researcher=checker)
    claim = reload(claim)
    assert (claim.researcher, claim.status) == (checker, "researching")


# Every step, as the admin's buttons and bulk actions take it: (the claim it starts from, who takes
# it, what it asks for, the change reason History shows).
EVERY_STEP = {
    "assign": (
        {"draft": True, "status": "new", "researcher": None},
        "checker",
        {},
        "Assigned to Farah Checker",
    ),
    "start_research": (
        {"draft": True, "status": "new", "researcher": None},
        "checker",
        {},
        "Research started",
    ),
    "submit_for_review": ({"draft": True}, "checker", {}, "Submitted for review"),
    "send_back": (
        {"in_review": True, "reviewer": None},
        "editor",
        {"note": "Find the primary source."},
        "Sent back for more research",
    ),
    "publish": ({"in_review": True, "reviewer": None}, "editor", {}, "Published"),
    "mark_not_checkable": (
        {"draft": True},
        "editor",
        {"reason": "An opinion."},
        "Marked not checkable",
    ),
    "correct": (
        {},
        "editor",
        {"kind": "update", "text": "New figures came out."},
        "Update: New figures came out.",
    ),
}


def test_every_step_of_the_workflow_is_checked_below():
    assert set(EVERY_STEP) == set(services.TRANSITIONS)


@pytest.fixture(params=EVERY_STEP, ids=list(EVERY_STEP))
def step_taken(request, checker, editor):
    """(claim before the step, claim after it, who took it, the expected change reason)."""
    state, who, arguments, reason = EVERY_STEP[request.param]
    claim = ClaimFactory(**{"researcher": checker, **state})
    EvidenceFactory(claim=claim)
    before = reload(claim)
    history_rows = claim.history.count()
    user = {"checker": checker, "editor": editor}[who]
    services.TRANSITIONS[request.param].run(claim=claim, user=user, **arguments)
    return before, history_rows, reload(claim), user, reason


def test_every_transition_adds_exactly_one_history_row(step_taken):
    before, history_rows, after, user, reason = step_taken
    assert after.history.count() == history_rows + 1
    latest = after.history.first()
    assert (latest.history_user, latest.history_change_reason) == (user, reason)
    assert latest.status == after.status


def test_every_transition_raises_the_version(step_taken):
    before, _, after, _, _ = step_taken
    assert after.version == before.version + 1


# Corrections


def test_correction_replaces_the_public_conclusion(client, editor):
    claim = ClaimFactory(conclusion="Official figures show a fall of 1%.")
    services.correct(
        claim=claim,
        user=editor,
        kind="correction",
        text="We misread the table.",
        new_conclusion="Official figures show a fall of 2%.",
    )
    page = client.get(claim.get_absolute_url()).text
    assert "Official figures show a fall of 2%." in page
    assert "a fall of 1%" not in page


def test_clarification_cannot_change_the_verdict(editor):
    claim = ClaimFactory()
    other = VerdictFactory(slug="half-true", label="Half true", score=3, order=3)
    with pytest.raises(TransitionError, match="not a clarification"):
        services.correct(
            claim=claim, user=editor, kind="clarification", text="Wording.", new_verdict=other
        )
    after = reload(claim)
    assert (after.verdict, after.version) == (claim.verdict, claim.version)
    assert not Correction.objects.exists()

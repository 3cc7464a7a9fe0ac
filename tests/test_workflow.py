"""Workflow transitions: each rule, allowed and refused; a refused one changes nothing."""

import pytest

from claims import services
from claims.models import Claim, Correction, ReviewNote
from claims.services import TransitionError
from tests.factories import (
    ClaimFactory,
    EditorFactory,
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
    Claim.objects.filter(pk=ready.pk).update(researcher=own_editor)
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
    with pytest.raises(TransitionError):
        services.mark_not_checkable(claim=claim, user=editor, reason="Too late")


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


def test_every_transition_adds_exactly_one_history_row(ready, editor):
    before = ready.history.count()
    services.publish(claim=ready, user=editor)
    assert ready.history.count() == before + 1
    latest = ready.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Published"
    assert latest.status == "published"


def test_every_transition_raises_the_version(ready, editor):
    services.publish(claim=ready, user=editor)
    assert reload(ready).version == ready.version + 1

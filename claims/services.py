"""Workflow transitions of a claim: each one checks its rules and writes everything or nothing.

Called alike by the admin (buttons and bulk actions), management commands and tests. A refused
transition raises TransitionError with a message an editor can act on; nothing is written.
Each transition saves the claim once, so django-simple-history records exactly one row for it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Correction, ReviewNote
from claims.quotes import QuoteNotFound, locate_quote

PUBLISH_PERMISSION = "claims.publish_claim"
CORRECT_PERMISSION = "claims.correct_claim"
CHANGE_PERMISSION = "claims.change_claim"


class TransitionError(Exception):
    """A transition the user may not make, or whose rules are not met."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _name(user):
    return user.get_full_name() or user.get_username()


def _locked(claim, expected_status):
    """The claim re-read under a row lock, refusing if someone moved it meanwhile."""
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    if current.status not in expected_status:
        raise TransitionError(
            f"It is {current.get_status_display().lower()} now, so this step no longer applies. "
            "Reload the page to see its current state."
        )
    return current


def _save(claim, user, reason):
    claim.version += 1
    claim._history_user = user
    claim._change_reason = reason
    claim.save()


def _require(user, permission, action):
    if not user.has_perm(permission):
        raise TransitionError(f"You do not have permission to {action}.")


def _require_desk_member(user, claim, action):
    """Fact-checkers act on claims that are theirs or unassigned; editors on any claim."""
    _require(user, CHANGE_PERMISSION, action)
    if user.has_perm(PUBLISH_PERMISSION):
        return
    if claim.researcher_id not in (None, user.pk):
        raise TransitionError(
            f"It is assigned to {_name(claim.researcher)}; only they or an editor can {action}."
        )


@transaction.atomic
def assign_to_me(*, claim, user):
    return assign(claim=claim, user=user, researcher=user)


@transaction.atomic
def assign(*, claim, user, researcher):
    """Make `researcher` the claim's fact-checker (a fact-checker may only assign themselves)."""
    claim = _locked(claim, {Claim.Status.NEW, Claim.Status.RESEARCHING, Claim.Status.IN_REVIEW})
    _require(user, CHANGE_PERMISSION, "assign claims")
    if researcher != user and not user.has_perm(PUBLISH_PERMISSION):
        raise TransitionError("Only editors can assign a claim to someone else.")
    if claim.researcher_id not in (None, user.pk) and not user.has_perm(PUBLISH_PERMISSION):
        raise TransitionError(f"It is already assigned to {_name(claim.researcher)}.")
    if claim.researcher_id == researcher.pk:
        raise TransitionError(f"It is already assigned to {_name(researcher)}.")
    claim.researcher = researcher
    if claim.status == Claim.Status.NEW:
        claim.status = Claim.Status.RESEARCHING
    _save(claim, user, f"Assigned to {_name(researcher)}")
    return claim


@transaction.atomic
def start_research(*, claim, user):
    claim = _locked(claim, {Claim.Status.NEW})
    _require_desk_member(user, claim, "start research on it")
    if claim.researcher_id is None:
        claim.researcher = user
    claim.status = Claim.Status.RESEARCHING
    _save(claim, user, "Research started")
    return claim


@transaction.atomic
def submit_for_review(*, claim, user):
    claim = _locked(claim, {Claim.Status.RESEARCHING})
    _require_desk_member(user, claim, "submit it for review")
    if claim.researcher_id is None:
        claim.researcher = user
    claim.status = Claim.Status.IN_REVIEW
    _save(claim, user, "Submitted for review")
    return claim


@transaction.atomic
def send_back(*, claim, user, note):
    claim = _locked(claim, {Claim.Status.IN_REVIEW})
    _require(user, PUBLISH_PERMISSION, "send claims back")
    if not note or not note.strip():
        raise TransitionError("Say what needs more work: sending a claim back needs a note.")
    ReviewNote.objects.create(
        claim=claim, author=user, body=note.strip(), visibility=ReviewNote.Visibility.INTERNAL
    )
    claim.status = Claim.Status.RESEARCHING
    _save(claim, user, "Sent back for more research")
    return claim


def publish_problems(claim, user):
    """What stands between this claim and publication by this user (empty when it can go)."""
    problems = []
    if claim.verdict_id is None:
        problems.append("it has no verdict")
    if not claim.conclusion.strip():
        problems.append("it has no conclusion")
    if not claim.evidence.exists():
        problems.append("it has no evidence source")
    if claim.researcher_id is None:
        problems.append("it has no researcher")
    elif claim.researcher_id == user.pk:
        problems.append("you researched it, and a second person must review it")
    return problems


@transaction.atomic
def publish(*, claim, user):
    claim = _locked(claim, {Claim.Status.IN_REVIEW})
    _require(user, PUBLISH_PERMISSION, "publish claims")
    problems = publish_problems(claim, user)
    if problems:
        raise TransitionError(f"It cannot be published: {'; '.join(problems)}.")
    claim.status = Claim.Status.PUBLISHED
    claim.reviewer = user
    claim.published_at = timezone.now()
    _save(claim, user, "Published")
    return claim


@transaction.atomic
def mark_not_checkable(*, claim, user, reason):
    claim = _locked(claim, {Claim.Status.NEW, Claim.Status.RESEARCHING})
    _require(user, PUBLISH_PERMISSION, "mark claims not checkable")
    if not reason or not reason.strip():
        raise TransitionError("Say why the claim cannot be checked: a reason is required.")
    ReviewNote.objects.create(
        claim=claim,
        author=user,
        body=f"Not checkable: {reason.strip()}",
        visibility=ReviewNote.Visibility.INTERNAL,
    )
    claim.status = Claim.Status.NOT_CHECKABLE
    _save(claim, user, "Marked not checkable")
    return claim


@transaction.atomic
def correct(*, claim, user, kind, text, new_verdict=None, new_conclusion=None):
    """Correct a published claim in public. The only way its verdict can change."""
    claim = _locked(claim, {Claim.Status.PUBLISHED})
    _require(user, CORRECT_PERMISSION, "correct published claims")
    if kind not in Correction.Kind.values:
        raise TransitionError("Choose whether this is a correction, an update or a clarification.")
    if not text or not text.strip():
        raise TransitionError("Readers see the correction: write what changed and why.")
    previous = claim.verdict
    new_verdict = new_verdict or previous
    if new_verdict != previous and kind == Correction.Kind.CLARIFICATION:
        raise TransitionError(
            "A change of verdict is a correction or an update, not a clarification."
        )
    Correction.objects.create(
        claim=claim,
        kind=kind,
        text=text.strip(),
        previous_verdict=previous,
        new_verdict=new_verdict,
        created_by=user,
    )
    claim.verdict = new_verdict
    if new_conclusion is not None and new_conclusion.strip():
        claim.conclusion = new_conclusion.strip()
    _save(claim, user, f"{Correction.Kind(kind).label}: {text.strip()[:80]}")
    return claim


def quotes_broken_by(article, new_body):
    """Messages for the article's claims whose quote the new text would lose (empty if none)."""
    broken = []
    for claim in article.claims.all():
        try:
            locate_quote(new_body, claim.quote, claim.occurrence)
        except QuoteNotFound as exc:
            broken.append(f"“{claim}” ({claim.get_status_display().lower()}): {exc.message}")
    return broken


@transaction.atomic
def relocate_claims(*, article, user):
    """After the article's text was edited, move each claim's span to where its quote now is."""
    moved = 0
    for claim in article.claims.select_for_update():
        span = locate_quote(article.body, claim.quote, claim.occurrence)
        if span != (claim.span_start, claim.span_end):
            claim.span_start, claim.span_end = span
            _save(claim, user, "The article's text was edited; the quote moved")
            moved += 1
    return moved


@dataclass(frozen=True)
class Transition:
    """A step of the workflow as the admin offers it: a button, a bulk action, or a short form."""

    name: str
    label: str
    run: object
    from_statuses: frozenset
    permission: str
    needs: str = ""  # "note", "reason" or "correction": the step asks for text first
    editors_only_for_others: bool = False  # fact-checkers may take it on their own claims only


_ACTIVE = frozenset({Claim.Status.NEW, Claim.Status.RESEARCHING, Claim.Status.IN_REVIEW})

TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "assign_to_me",
            "Assign to me",
            assign_to_me,
            _ACTIVE,
            CHANGE_PERMISSION,
            editors_only_for_others=True,
        ),
        Transition(
            "start_research",
            "Start research",
            start_research,
            frozenset({Claim.Status.NEW}),
            CHANGE_PERMISSION,
            editors_only_for_others=True,
        ),
        Transition(
            "submit_for_review",
            "Submit for review",
            submit_for_review,
            frozenset({Claim.Status.RESEARCHING}),
            CHANGE_PERMISSION,
            editors_only_for_others=True,
        ),
        Transition(
            "publish", "Publish", publish, frozenset({Claim.Status.IN_REVIEW}), PUBLISH_PERMISSION
        ),
        Transition(
            "send_back",
            "Send back",
            send_back,
            frozenset({Claim.Status.IN_REVIEW}),
            PUBLISH_PERMISSION,
            needs="note",
        ),
        Transition(
            "mark_not_checkable",
            "Not checkable",
            mark_not_checkable,
            frozenset({Claim.Status.NEW, Claim.Status.RESEARCHING}),
            PUBLISH_PERMISSION,
            needs="reason",
        ),
        Transition(
            "correct",
            "Correct",
            correct,
            frozenset({Claim.Status.PUBLISHED}),
            CORRECT_PERMISSION,
            needs="correction",
        ),
    ]
}


def available_transitions(claim, user):
    """The steps worth offering this user on this claim; the services still check every rule."""
    offered = []
    for t in TRANSITIONS.values():
        if claim.status not in t.from_statuses or not user.has_perm(t.permission):
            continue
        if t.name == "assign_to_me" and claim.researcher_id == user.pk:
            continue
        others = claim.researcher_id not in (None, user.pk)
        if t.editors_only_for_others and others and not user.has_perm(PUBLISH_PERMISSION):
            continue
        offered.append(t)
    return offered

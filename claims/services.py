"""Workflow transitions of a claim: each one checks its rules and writes everything or nothing.

Called alike by the admin (buttons and bulk actions), management commands and tests. A refused
transition raises TransitionError with a message an editor can act on; nothing is written.
Each transition saves the claim once, so django-simple-history records exactly one row for it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import (
    AboutSection,
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)
from claims.quotes import QuoteNotFound, relocate_quote
from claims.research import QUOTE_MOVED, loaded_researcher_ids, researcher_ids

PUBLISH_PERMISSION = "claims.publish_claim"
CORRECT_PERMISSION = "claims.correct_claim"
CHANGE_PERMISSION = "claims.change_claim"


class TransitionError(Exception):
    """A transition the user may not make, or whose rules are not met."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Who may change what readers see. Everything a reader sees on a published claim changes only with
# the Editors' rights; the admin base class, its inlines and the services below all ask here.

PUBLISHED = Claim.Status.PUBLISHED

# The rows of each model that readers see: on a published claim, or shown with one. The verdict
# scale is always public (the methodology page lists every verdict), and so is the About page.
SHOWN_TO_READERS = {
    Claim: Q(status=PUBLISHED),
    Evidence: Q(claim__status=PUBLISHED),
    ReviewNote: Q(claim__status=PUBLISHED, visibility=ReviewNote.Visibility.PUBLIC),
    Correction: Q(claim__status=PUBLISHED),
    Article: Q(claims__status=PUBLISHED),
    Claimant: Q(claims__status=PUBLISHED),
    Source: Q(evidence__claim__status=PUBLISHED),
    Verdict: Q(),
    AboutSection: Q(),  # the About page
}


def may_change_public(user):
    """Whether the user may change what readers see: the Editors' rights."""
    return user.has_perm(PUBLISH_PERMISSION)


def is_public(obj):
    """Whether readers see this row as it is stored (one query; False for unsaved rows and for
    models readers never see)."""
    scope = SHOWN_TO_READERS.get(type(obj))
    if scope is None or obj.pk is None:
        return False
    return type(obj)._default_manager.filter(scope, pk=obj.pk).exists()


def public_change_refusal(obj):
    """For a row edited but not saved: {field: message} when the edit would put it in front of
    readers, which needs an editor. Empty when it stays on the desk's side."""
    if not isinstance(obj, (Evidence, ReviewNote)) or obj.claim_id is None:
        return {}
    if not obj.claim.is_published:
        return {}
    if isinstance(obj, Evidence):
        return {
            "claim": "This claim is published, so readers would see this evidence at once: "
            "only an editor can add or change its evidence. Ask an editor, or issue a "
            "correction through them."
        }
    if obj.visibility == ReviewNote.Visibility.PUBLIC:
        return {
            "visibility": "This claim is published, so readers would see a public note at "
            "once: only an editor can add one. Save it as internal for the desk, or ask an "
            "editor."
        }
    return {}


def check_may_change(user, obj):
    """Refuse (PermissionDenied) a change by this user to a row readers see."""
    if not may_change_public(user) and is_public(obj):
        raise PermissionDenied(f"Only an editor can change “{obj}”: readers see it.")


def user_label(user):
    return user.get_full_name() or user.get_username()


def _locked(claim, from_statuses, opened_version=None):
    """The claim re-read under a row lock, refusing if someone moved or changed it meanwhile."""
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    if current.status not in from_statuses:
        raise TransitionError(
            f"It is {current.get_status_display().lower()} now, so this step no longer applies. "
            "Reload the page to see its current state."
        )
    if opened_version is not None and opened_version != current.version:
        raise TransitionError(
            "It was changed after you opened it, so nothing was done. "
            "Reload the page to see the current version before taking this step."
        )
    return current


def _save(claim, user, reason):
    claim.version += 1
    claim._history_user = user
    claim._change_reason = reason
    claim.save()


def _internal_note(claim, user, body):
    note = ReviewNote(
        claim=claim, author=user, body=body, visibility=ReviewNote.Visibility.INTERNAL
    )
    note._history_user = user  # the history names who wrote it, in a request or not
    note.save()


@dataclass(frozen=True)
class Transition:
    """A step of the workflow as the admin offers it: a button, a bulk action, or a short form."""

    name: str
    label: str
    run: Callable
    from_statuses: frozenset
    permission: str
    action: str  # what the user does, for refusals: "publish claims"
    needs: str = ""  # "note", "reason" or "correction": the step asks for text first
    own_claims_only: bool = False  # without the publish permission, only on one's own claims
    rank: int = 0  # where the admin offers it among the steps that apply: the lowest is primary
    question: Callable | None = None  # (claim, user) -> what to confirm first, or None
    warnings: Callable | None = None  # claim -> what the user should know once it is done

    def why_not(self, claim, user):
        """Why this user cannot take this step on this claim as it is now, or None."""
        if claim.status not in self.from_statuses:
            return f"It is {claim.get_status_display().lower()}, so “{self.label}” does not apply."
        return self.refusal(claim, user)

    def asks(self, claim, user):
        """What the step asks this user first on this claim: its text, a confirmation, or ""."""
        if self.needs:
            return self.needs
        return "confirmation" if self.question and self.question(claim, user) else ""

    def refusal(self, claim, user):
        """Why this user may not take this step on this claim, or None when they may."""
        if not user.has_perm(self.permission):
            return f"You do not have permission to {self.action}."
        others = claim.researcher_id not in (None, user.pk)
        if self.own_claims_only and others and not user.has_perm(PUBLISH_PERMISSION):
            return (
                f"It is assigned to {user_label(claim.researcher)}; "
                f"only they or an editor can {self.action}."
            )
        return None


TRANSITIONS = {}


def step(
    label,
    *,
    action,
    from_statuses,
    permission,
    rank,
    needs="",
    own_claims_only=False,
    question=None,
    warnings=None,
):
    """Declare a workflow step once: where it applies, who may take it, how the admin offers it.

    The decorated function runs in a transaction, on the claim re-read under a lock, after its
    status and the user's permission have been checked; it checks the step's own rules. Its
    wrapper also takes:
    - keep_edits=True: `claim` carries edits not saved yet (the admin's change form); the step
      saves them with its own change, in one history row, if the claim is still at that version;
    - opened_version: the version the user saw; a claim changed since is refused;
    - confirmed=True: the user answered the step's question (taking over a colleague's claim).
    """

    def register(func):
        @functools.wraps(func)
        @transaction.atomic
        def run(
            *, claim, user, keep_edits=False, opened_version=None, confirmed=False, **arguments
        ):
            if keep_edits:
                opened_version = claim.version
            current = _locked(claim, transition.from_statuses, opened_version)
            if keep_edits:
                current = claim
            refusal = transition.refusal(current, user)
            if refusal:
                raise TransitionError(refusal)
            asked = transition.question and transition.question(current, user)
            if asked and not confirmed:
                raise TransitionError(asked)
            return func(claim=current, user=user, **arguments)

        transition = Transition(
            func.__name__,
            label,
            run,
            frozenset(from_statuses),
            permission,
            action,
            needs,
            own_claims_only,
            rank,
            question,
            warnings,
        )
        TRANSITIONS[transition.name] = transition
        return run

    return register


def taking_over(claim, user):
    """The question to ask before someone takes a colleague's claim, or None."""
    if claim.researcher_id in (None, user.pk):
        return None
    question = f"{user_label(claim.researcher)} is researching it. Take it over?"
    if claim.status == Claim.Status.IN_REVIEW:
        question += " Whoever researched a claim cannot publish it."
    return question


@step(
    "Assign to me",
    action="take claims",
    from_statuses=Claim.IN_PROGRESS,
    permission=CHANGE_PERMISSION,
    own_claims_only=True,
    rank=7,
    question=taking_over,
)
def assign(*, claim, user, researcher=None):
    """Make `researcher` (by default the user) the claim's fact-checker; only editors assign others."""
    researcher = researcher or user
    if researcher != user and not user.has_perm(PUBLISH_PERMISSION):
        raise TransitionError("Only editors can assign a claim to someone else.")
    if claim.researcher_id == researcher.pk:
        raise TransitionError(f"It is already assigned to {user_label(researcher)}.")
    claim.researcher = researcher
    if claim.status == Claim.Status.NEW:
        claim.status = Claim.Status.RESEARCHING
    _save(claim, user, f"Assigned to {user_label(researcher)}")
    return claim


@step(
    "Start research",
    action="start research on it",
    from_statuses=[Claim.Status.NEW],
    permission=CHANGE_PERMISSION,
    own_claims_only=True,
    rank=3,
)
def start_research(*, claim, user):
    if claim.researcher_id is None:
        claim.researcher = user
    claim.status = Claim.Status.RESEARCHING
    _save(claim, user, "Research started")
    return claim


def missing_for_publication(claim, *, has_evidence=None):
    """What publishing needs that the claim does not have yet, e.g. ["verdict", "conclusion"].
    has_evidence: for a claim not written yet (an import), whether it will have evidence."""
    missing = []
    if claim.verdict_id is None:
        missing.append("verdict")
    if not claim.conclusion.strip():
        missing.append("conclusion")
    if not (claim.evidence.exists() if has_evidence is None else has_evidence):
        missing.append("evidence source")
    return missing


def review_warnings(claim):
    """Submitting goes through, but the researcher learns now what the editor would refuse."""
    missing = missing_for_publication(claim)
    if not missing:
        return []
    return [
        f"“{claim}” has no {', no '.join(missing)} yet: an editor cannot publish it "
        "until these are added."
    ]


@step(
    "Submit for review",
    action="submit it for review",
    from_statuses=[Claim.Status.RESEARCHING],
    permission=CHANGE_PERMISSION,
    own_claims_only=True,
    rank=2,
    warnings=review_warnings,
)
def submit_for_review(*, claim, user):
    if claim.researcher_id is None:
        claim.researcher = user
    claim.status = Claim.Status.IN_REVIEW
    _save(claim, user, "Submitted for review")
    return claim


@step(
    "Send back",
    action="send claims back",
    from_statuses=[Claim.Status.IN_REVIEW],
    permission=PUBLISH_PERMISSION,
    rank=5,
    needs="note",
)
def send_back(*, claim, user, note):
    if not note or not note.strip():
        raise TransitionError("Say what needs more work: sending a claim back needs a note.")
    _internal_note(claim, user, note.strip())
    claim.status = Claim.Status.RESEARCHING
    _save(claim, user, "Sent back for more research")
    return claim


def publish_problems(claim, user, *, new=False, has_evidence=None):
    """What stands between this claim and publication by this user (empty when it can go).
    new=True: a claim an import is about to write, with has_evidence; it has no history yet."""
    problems = []
    if claim.status != Claim.Status.IN_REVIEW:
        problems.append(f"it is {claim.get_status_display().lower()}, not in review")
    elif not user.has_perm(PUBLISH_PERMISSION):
        problems.append("you do not have permission to publish claims")
    missing = missing_for_publication(claim, has_evidence=has_evidence)
    problems += [f"it has no {each}" for each in missing]
    # Who researched it is what its history shows, not the "researcher" field (claims/research.py).
    researchers = loaded_researcher_ids(claim) if new else researcher_ids(claim)
    if not researchers:
        problems.append("nobody has researched it yet")
    elif user.pk in researchers:
        problems.append("you researched it, and a second person must review it")
    return problems


@step(
    "Publish",
    action="publish claims",
    from_statuses=[Claim.Status.IN_REVIEW],
    permission=PUBLISH_PERMISSION,
    rank=1,
)
def publish(*, claim, user):
    problems = publish_problems(claim, user)
    if problems:
        raise TransitionError(f"It cannot be published: {'; '.join(problems)}.")
    claim.status = Claim.Status.PUBLISHED
    claim.reviewer = user
    claim.published_at = timezone.now()
    _save(claim, user, "Published")
    return claim


@step(
    "Not checkable",
    action="mark claims not checkable",
    from_statuses=[Claim.Status.NEW, Claim.Status.RESEARCHING],
    permission=PUBLISH_PERMISSION,
    rank=6,
    needs="reason",
)
def mark_not_checkable(*, claim, user, reason):
    if not reason or not reason.strip():
        raise TransitionError("Say why the claim cannot be checked: a reason is required.")
    _internal_note(claim, user, f"Not checkable: {reason.strip()}")
    claim.status = Claim.Status.NOT_CHECKABLE
    _save(claim, user, "Marked not checkable")
    return claim


@step(
    "Correct",
    action="correct published claims",
    from_statuses=[Claim.Status.PUBLISHED],
    permission=CORRECT_PERMISSION,
    rank=4,
    needs="correction",
)
def correct(*, claim, user, kind, text, new_verdict=None, new_conclusion=None):
    """Correct a published claim in public. The only way its verdict can change."""
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
    _save(claim, user, f"{Correction.Kind(kind).label}: {text.strip()}")
    return claim


def quotes_broken_by(article, new_body):
    """Messages for the article's claims whose words the new text would lose, or would no longer
    tell apart from a copy of them (empty if none). article.body is still the old text."""
    broken = []
    for claim in article.claims.all():
        try:
            relocate_quote(article.body, new_body, claim.quote, claim.span_start)
        except QuoteNotFound as exc:
            broken.append(f"“{claim}” ({claim.get_status_display().lower()}): {exc.message}")
    return broken


@transaction.atomic
def relocate_claims(*, article, user, old_body=None):
    """After the article's text was edited (from old_body), keep each claim on the words it
    quoted: its span and, when the quote appears more than once, which appearance it is."""
    check_may_change(user, article)
    old_body = article.body if old_body is None else old_body
    moved = 0
    for claim in article.claims.select_for_update():
        start, end, occurrence, appearances = relocate_quote(
            old_body, article.body, claim.quote, claim.span_start
        )
        if appearances == 1 and claim.occurrence is None:
            occurrence = None  # only asked for when the quote repeats
        if (start, end, occurrence) != (claim.span_start, claim.span_end, claim.occurrence):
            claim.span_start, claim.span_end, claim.occurrence = start, end, occurrence
            _save(claim, user, QUOTE_MOVED)
            moved += 1
    return moved


def available_transitions(claim, user):
    """The steps worth offering this user on this claim, the primary one first (an editor
    reviewing a claim sees Publish before anything else). Each step still checks its rules."""
    steps = [
        t
        for t in TRANSITIONS.values()
        if t.why_not(claim, user) is None
        and not (t.name == "assign" and claim.researcher_id == user.pk)
    ]
    return sorted(steps, key=lambda t: t.rank)

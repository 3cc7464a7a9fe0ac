"""POST data for the claim admin's add and change forms, as a browser would send it."""

from claims.models import Claim

QUOTE = "unemployment fell by 3% last year"  # in every ArticleFactory body, once


def inline_data(prefix, rows):
    """An inline formset's management form and its rows, as the admin's form posts them."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def claim_form_data(*, evidence=(), notes=(), **fields):
    """POST data for the claim add or change form: a new claim in research unless told otherwise."""
    data = {
        "article": "",
        "quote": QUOTE,
        "occurrence": "",
        "claim_reviewed": "Unemployment fell by 3% last year.",
        "slug": "unemployment-fell",
        "claimant": "",
        "claim_type": Claim.Type.NUMBER,
        "verdict": "",
        "conclusion": "",
        "researcher": "",
    }
    data.update({name: "" if value is None else value for name, value in fields.items()})
    # The inline prefixes are the related names: Claim.evidence and Claim.notes.
    return data | inline_data("evidence", evidence) | inline_data("notes", notes)


def existing_claim_data(claim, **fields):
    """The change form of a claim with no evidence or notes yet, as the admin shows it."""
    current = {
        "article": claim.article_id,
        "quote": claim.quote,
        "occurrence": claim.occurrence,
        "claim_reviewed": claim.claim_reviewed,
        "slug": claim.slug,
        "claimant": claim.claimant_id,
        "claim_type": claim.claim_type,
        "status": claim.status,
        "verdict": claim.verdict_id,
        "conclusion": claim.conclusion,
        "researcher": claim.researcher_id,
        "opened_version": claim.version,
    }
    return claim_form_data(**(current | fields))

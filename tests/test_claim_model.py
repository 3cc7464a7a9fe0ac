"""Claim rules: the quote is found in the article, spans follow from it, the database refuses the rest."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim, Evidence
from claims.quotes import locate_quote
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

BODY = "Today prices rose. The minister said prices rose by 3%. Critics said prices rose by 1%."


def test_span_is_computed_from_the_quote():
    start, end = locate_quote(BODY, "said prices rose by 3%")
    assert BODY[start:end] == "said prices rose by 3%"
    assert (start, end) == (32, 54)


def test_repeated_quote_needs_an_occurrence():
    with pytest.raises(Exception, match="appears 3 times"):
        locate_quote(BODY, "prices rose")


def test_repeated_quote_uses_the_chosen_occurrence():
    start, end = locate_quote(BODY, "prices rose", occurrence=2)
    first = BODY.index("prices rose")
    assert start == BODY.index("prices rose", first + 1)
    assert BODY[start:end] == "prices rose"


def test_occurrence_beyond_the_count_is_refused():
    with pytest.raises(Exception, match="from 1 to 3"):
        locate_quote(BODY, "prices rose", occurrence=4)


def test_clean_refuses_a_quote_not_in_the_article():
    article = ArticleFactory(body=BODY)
    claim = Claim(article=article, quote="prices fell by 3%", slug="x", claim_type="number")
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "does not appear in the article" in str(excinfo.value.message_dict["quote"])


def test_clean_asks_which_occurrence_of_a_repeated_quote():
    article = ArticleFactory(body=BODY)
    claim = Claim(article=article, quote="prices rose", slug="x", claim_type="number")
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "Choose which one" in str(excinfo.value.message_dict["occurrence"])


def test_clean_sets_the_span_of_the_chosen_occurrence():
    article = ArticleFactory(body=BODY)
    claim = Claim(article=article, quote="prices rose", occurrence=3, slug="x", claim_type="number")
    claim.full_clean()
    assert claim.span_start == BODY.rindex("prices rose")
    assert claim.span_end == claim.span_start + len("prices rose")


def test_a_quote_that_appears_twice_needs_an_occurrence():
    with pytest.raises(Exception, match="appears 2 times"):
        locate_quote("Prices rose. Then prices rose again.", "rose")


def test_overlapping_appearances_of_a_quote_are_each_counted():
    # "no, no" appears twice in "no, no, no": at 0 and, overlapping the first, at 4.
    article = ArticleFactory(body="Vote\n\nThe answer was no, no, no.")
    claim = Claim(article=article, quote="no, no", slug="x", claim_type="quote")
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "appears 2 times" in str(excinfo.value.message_dict["occurrence"])

    claim.occurrence = 2
    claim.full_clean()
    assert claim.span_start == article.body.index("no, no, no") + 4
    assert article.body[claim.span_start : claim.span_end] == "no, no"


def test_quote_with_curly_quotes_and_accents_is_found():
    body = "Il a dit : « Nous sommes prêts » à Paris."
    claim = ClaimFactory(article=ArticleFactory(body=body), quote="« Nous sommes prêts »")
    assert body[claim.span_start : claim.span_end] == "« Nous sommes prêts »"


def test_database_refuses_published_claim_without_verdict():
    claim = ClaimFactory(draft=True)
    claim.status = Claim.Status.PUBLISHED
    claim.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_database_refuses_span_end_before_start():
    claim = ClaimFactory()
    claim.span_end = claim.span_start
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_database_refuses_duplicate_slug():
    ClaimFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(slug="same")


def test_one_evidence_row_per_claim_and_source():
    evidence = EvidenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=evidence.claim, source=evidence.source, stance="supports")


def test_duplicate_evidence_gets_an_editor_readable_error():
    evidence = EvidenceFactory()
    duplicate = Evidence(claim=evidence.claim, source=evidence.source, stance="supports")
    with pytest.raises(ValidationError, match="already attached to this claim"):
        duplicate.full_clean()


def test_verdict_score_outside_the_scale_is_refused():
    verdict = VerdictFactory.build(slug="odd", label="Odd", score=9)
    with pytest.raises(ValidationError, match="between 1 and 5"):
        verdict.full_clean()


def test_source_url_is_unique():
    SourceFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(url="https://example.org/a")


def test_published_scope_excludes_every_other_status():
    published = ClaimFactory()
    for status in ["new", "researching", "in_review", "not_checkable"]:
        ClaimFactory(draft=True, status=status)
    assert list(Claim.objects.published()) == [published]


def test_verdict_tally_counts_published_claims_in_scale_order():
    true = VerdictFactory(slug="true", label="True", score=5, order=1)
    false = VerdictFactory()
    ClaimFactory.create_batch(2, verdict=false)
    ClaimFactory(verdict=true)
    ClaimFactory(in_review=True, verdict=true)
    assert Claim.objects.published().verdict_tally() == [(true, 1), (false, 2)]


def test_every_model_has_a_readable_str():
    evidence = EvidenceFactory()
    claim = evidence.claim
    assert str(claim) == claim.claim_reviewed
    assert str(claim.article) == claim.article.headline
    assert str(claim.verdict) == "False"
    assert "National Statistics Office" in str(evidence.source)
    assert str(evidence).startswith("Contradicts the claim")

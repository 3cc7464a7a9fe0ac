"""The published-claim counts stored on articles, claimants and verdicts (claims/public_counts.py)
stay equal to a count of the claims, whichever route writes the claim."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from claims import services
from claims.models import Article, Claim, Claimant, Verdict
from tests.admin_forms import existing_claim_data
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def stored_and_counted(model):
    """{pk: (stored counter, published claims counted now)} for every row of the model."""
    rows = model.objects.annotate(
        counted=Count("claims", filter=Q(claims__status=Claim.Status.PUBLISHED))
    )
    return {row.pk: (row.published_claims, row.counted) for row in rows}


def assert_counts_are_true():
    for model in (Article, Claimant, Verdict):
        for pk, (stored, counted) in stored_and_counted(model).items():
            assert stored == counted, f"{model.__name__} {pk}: stored {stored}, counted {counted}"


def published_claims(obj):
    obj.refresh_from_db()
    return obj.published_claims


def test_a_factory_published_claim_counts_and_a_draft_does_not():
    claim = ClaimFactory()
    ClaimFactory(draft=True, article=claim.article, claimant=claim.claimant)

    assert published_claims(claim.article) == 1
    assert published_claims(claim.claimant) == 1
    assert published_claims(claim.verdict) == 1
    assert_counts_are_true()


def test_publishing_counts_the_claim(ready, editor):
    assert published_claims(ready.article) == 0

    services.publish(claim=ready, user=editor)

    assert published_claims(ready.article) == 1
    assert published_claims(ready.claimant) == 1
    assert published_claims(ready.verdict) == 1
    assert_counts_are_true()


def test_a_correction_moves_the_claim_to_its_new_verdict(editor):
    claim = ClaimFactory()
    true = VerdictFactory(slug="true", label="True", score=5, order=1)

    services.correct(claim=claim, user=editor, kind="correction", text="Misread.", new_verdict=true)

    assert published_claims(true) == 1
    assert published_claims(Verdict.objects.get(slug="false")) == 0
    assert_counts_are_true()


def test_moving_a_published_claim_to_another_claimant_in_the_admin_moves_its_count(admin_client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    before, after = claim.claimant, ClaimantFactory()

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, claimant=after.pk),
    )

    assert response.status_code == 302
    assert published_claims(before) == 0
    assert published_claims(after) == 1
    assert_counts_are_true()


def test_deleting_a_published_claim_in_the_admin_uncounts_it(admin_client):
    claim = ClaimFactory()
    ClaimFactory(article=claim.article, quote="Critics said the figure was wrong")

    response = admin_client.post(
        reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert published_claims(claim.article) == 1
    assert_counts_are_true()


def test_bulk_delete_in_the_admin_uncounts_every_claim(admin_client):
    claims = ClaimFactory.create_batch(3, article=ArticleFactory())

    response = admin_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in claims], "post": "yes"},
    )

    assert response.status_code == 302
    assert published_claims(claims[0].article) == 0
    assert_counts_are_true()


def test_saving_an_article_in_the_admin_keeps_its_count(admin_client):
    claim = ClaimFactory()
    article = claim.article
    Article.objects.filter(pk=article.pk).update(published_claims=0)  # as if read before publish

    response = admin_client.post(
        reverse("admin:claims_article_change", args=[article.pk]),
        {
            "headline": article.headline,
            "slug": article.slug,
            "outlet": article.outlet,
            "url": "",
            "published_on": article.published_on.isoformat(),
            "language": "en",
            "body": article.body,
            "opened_version": article.version,
        },
    )

    assert response.status_code == 302
    assert published_claims(article) == 1


def test_loading_the_demo_fixtures_twice_leaves_true_counts():
    call_command("loaddata", "verdicts", "demo", verbosity=0)
    call_command("loaddata", "verdicts", "demo", verbosity=0)

    assert Verdict.objects.filter(published_claims__gt=0).exists()
    assert_counts_are_true()


def test_seed_claims_leaves_true_counts_and_valid_claims():
    call_command("seed_claims", "250", "--seed", "7", verbosity=0)

    published = Claim.objects.published()
    assert published.count() == 250
    assert Claim.objects.in_progress().exists()  # some drafts too
    assert Article.objects.count() == 3  # about 100 claims an article
    assert_counts_are_true()
    for claim in Claim.objects.all():
        claim.full_clean()  # the quote is in the article at its span, the slug is valid...
        assert claim.article.body[claim.span_start : claim.span_end] == claim.quote
    # One baseline history row for each claim, as the desk's own saves would leave.
    assert Claim.history.count() == Claim.objects.count()
    assert {c.history.count() for c in published[:20]} == {1}


def test_seed_claims_twice_adds_instead_of_colliding():
    call_command("seed_claims", "10", verbosity=0)
    call_command("seed_claims", "10", verbosity=0)

    assert Claim.objects.published().count() == 20
    assert_counts_are_true()

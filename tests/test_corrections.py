"""Corrections in public: on the claim's page and on /corrections/, newest first."""

from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Claim, Correction
from claims.public_counts import recount_published_claims
from tests.factories import ClaimFactory, EditorFactory, ReviewNoteFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected():
    claim = ClaimFactory(claim_reviewed="Unemployment fell by 3% last year.")
    new = VerdictFactory(slug="mostly-false", label="Mostly false", score=2, order=4)
    services.correct(
        claim=claim,
        user=EditorFactory(),
        kind="correction",
        text="The statistics office revised its figure to 2.5%.",
        new_verdict=new,
    )
    return claim


def test_corrected_claim_page_shows_published_and_updated_dates(client, corrected):
    page = client.get(corrected.get_absolute_url()).text
    today = timezone.localdate().strftime("%-d %B %Y")
    assert "Published on <time" in page
    assert "Updated on <time" in page and today in page
    assert "The statistics office revised its figure to 2.5%." in page
    assert "verdict changed from False to Mostly false" in page


def test_uncorrected_claim_page_has_no_updated_date(client):
    claim = ClaimFactory()
    assert "Updated on" not in client.get(claim.get_absolute_url()).text


def test_corrections_page_lists_corrections_newest_first(client, corrected):
    older = ClaimFactory(claim_reviewed="An older claim.")
    Correction.objects.create(
        claim=older, kind="clarification", text="We clarified the source's date."
    )
    Correction.objects.filter(claim=older).update(created_at=timezone.now() - timedelta(days=3))
    page = client.get("/corrections/").text
    assert page.index("revised its figure") < page.index("We clarified the source")
    assert corrected.get_absolute_url() in page


def test_corrected_claim_shows_its_public_notes_but_keeps_internal_ones_internal(client, corrected):
    ReviewNoteFactory(claim=corrected, body="Editor-only: the office called us back.")
    ReviewNoteFactory(
        claim=corrected, body="For readers: the office revised it.", visibility="public"
    )

    claim_page = client.get(corrected.get_absolute_url()).text
    assert "For readers: the office revised it." in claim_page
    assert "Editor-only" not in claim_page
    assert "Editor-only" not in client.get("/corrections/").text


def test_corrections_of_unpublished_claims_are_not_listed(client):
    claim = ClaimFactory(in_review=True)
    Correction.objects.create(claim=claim, text="Draft-only correction text")
    assert "Draft-only correction text" not in client.get("/corrections/").text


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_corrections_page_queries_do_not_grow_with_rows(client):
    claim = ClaimFactory()
    for _ in range(10):
        Correction.objects.create(claim=claim, text="Fixed.")
    at_10 = count_queries(client, "/corrections/")
    Correction.objects.bulk_create(Correction(claim=claim, text="Fixed.") for _ in range(190))
    # count for the paginator; one page of corrections with both verdicts; their claims
    assert count_queries(client, "/corrections/") == at_10 == 3


def test_claim_page_announces_the_latest_correction_at_the_top(client, corrected):
    Correction.objects.create(claim=corrected, kind="update", text="An older update.")
    Correction.objects.filter(text="An older update.").update(
        created_at=timezone.now() - timedelta(days=3)
    )

    page = client.get(corrected.get_absolute_url()).text

    top = page.index('<p class="claim__corrected">')
    latest = page.index("The statistics office revised its figure to 2.5%.")
    # Above the quote in context and the evidence, next to the verdict.
    assert page.index('id="verdict-heading"') < top < latest < page.index('id="quote-heading"')
    assert page.index("verdict changed from False to Mostly false") < page.index(
        'id="quote-heading"'
    )
    assert "An older update." not in page[: page.index('id="quote-heading"')]
    assert '<a href="#corrections-heading">All 2 corrections and updates</a>' in page
    # The full list stays at the bottom.
    assert page.index('id="corrections-heading"') < page.index("An older update.")


# /corrections/ reads each correction's own `public` flag: true to its claim's status, whatever
# wrote the correction or the claim.


def listed(client, text):
    return text in client.get("/corrections/").text


def test_a_correction_of_a_claim_in_review_is_listed_once_the_claim_is_published(
    client, ready, editor
):
    Correction.objects.create(claim=ready, text="Written while the claim was in review.")
    assert not listed(client, "Written while the claim was in review.")

    services.publish(claim=ready, user=editor)

    assert listed(client, "Written while the claim was in review.")


def test_a_claim_leaving_publication_takes_its_corrections_off_the_list(client, corrected):
    text = "The statistics office revised its figure to 2.5%."
    assert listed(client, text)

    corrected.status = Claim.Status.IN_REVIEW
    corrected.save()
    assert not listed(client, text)

    # A bulk write sends no signal; its writer recounts afterwards, as seed_claims does.
    Claim.objects.filter(pk=corrected.pk).update(status=Claim.Status.PUBLISHED)
    recount_published_claims()
    assert listed(client, text)


def test_a_correction_moved_to_an_unpublished_claim_leaves_the_list(client, corrected):
    correction = corrected.corrections.get()
    correction.claim = ClaimFactory(in_review=True)
    correction.save()

    assert not listed(client, "The statistics office revised its figure to 2.5%.")


def test_an_old_version_of_a_correction_saved_again_follows_its_claim_as_it_is_now(
    client, corrected
):
    old = corrected.corrections.get().history.earliest()
    assert old.public  # the version kept from when its claim was published
    corrected.status = Claim.Status.IN_REVIEW
    corrected.save()

    old.instance.save()

    assert not listed(client, "The statistics office revised its figure to 2.5%.")


def test_a_fixture_with_corrections_before_their_claims_lists_only_published_ones(
    client, corrected, tmp_path
):
    draft = ClaimFactory(in_review=True, article=corrected.article)
    Correction.objects.create(claim=draft, text="Of a claim in review.")
    corrections = list(Correction.objects.order_by("pk"))
    # Each flag written wrong in the file: loading must not trust it.
    for correction in corrections:
        correction.public = not correction.public
    fixture = tmp_path / "corrections.json"
    fixture.write_text(serializers.serialize("json", [*corrections, corrected, draft]))
    Claim.objects.filter(pk__in=[corrected.pk, draft.pk]).delete()  # their corrections too

    call_command("loaddata", fixture, verbosity=0)

    page = client.get("/corrections/").text
    assert "The statistics office revised its figure to 2.5%." in page
    assert "Of a claim in review." not in page


def test_the_migration_flags_the_corrections_of_published_claims(corrected):
    draft = ClaimFactory(in_review=True)
    Correction.objects.create(claim=draft, text="Of a claim in review.")
    Correction.objects.update(public=Q(claim_id=draft.pk))  # every flag wrong
    migration = import_module("claims.migrations.0021_correction_public")

    migration.flag_public_corrections(django_apps, SimpleNamespace(connection=connection))

    assert list(Correction.objects.public()) == list(corrected.corrections.all())

"""No public output costs more queries as the data grows (issue 9): every entry of PUBLIC_OUTPUTS
(pages, feeds, the API, the CSV export, the sitemap, the embed) is read at two sizes, each past a
full page of every list, with the page cache off so every request renders. The large world has
three times the claims, on the same article, claimant and verdict and on new ones, each with its
evidence, notes and corrections, and drafts beside them.

The sizes stand in for 1,000 and 100,000 claims, which a test cannot afford; `manage.py bench`
prints the same counts at those sizes (docs/perf.md).
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Correction, ReviewNote
from claims.public_cache import change_stamp
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
)
from tests.public_outputs import PUBLIC_OUTPUTS

pytestmark = pytest.mark.django_db


def add_claims(world, how_many):
    """`how_many` published claims with everything readers see, half on the world's own article,
    claimant and verdict (so they land on its pages), half elsewhere; and a draft for every
    five."""
    for i in range(how_many):
        here = i % 2 == 0
        claim = ClaimFactory(
            article=world.article if here else ArticleFactory(),
            claimant=world.claimant if here else ClaimantFactory(),
            verdict=world.verdict,
        )
        EvidenceFactory(claim=claim, source=world.source)
        EvidenceFactory(claim=claim, source=SourceFactory())
        ReviewNoteFactory(claim=claim, visibility=ReviewNote.Visibility.PUBLIC)
        ReviewNoteFactory(claim=claim)
        Correction.objects.create(claim=claim, text=f"Correction {i}.")
        if i % 5 == 0:
            ClaimFactory(draft=True, article=world.article, claimant=world.claimant)
    change_stamp()


def queries_of_every_output(client, world):
    counts = {}
    for output in PUBLIC_OUTPUTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(output.url(world))
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, output.name
        counts[output.name] = len(captured)
    return counts


def test_no_public_output_costs_more_queries_as_the_data_grows(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    claim = ClaimFactory(conclusion="The figures say otherwise.")
    world = SimpleNamespace(
        claim=claim,
        article=claim.article,
        claimant=claim.claimant,
        verdict=claim.verdict,
        source=EvidenceFactory(claim=claim).source,
        correction=Correction.objects.create(claim=claim, text="A date fixed."),
        typed="housing",
    )
    add_claims(world, 25)  # past a full page (20) of every list and feed
    small = queries_of_every_output(client, world)

    add_claims(world, 50)
    large = queries_of_every_output(client, world)

    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert grew == {}, f"queries at 26 → 76 claims: {grew}"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_claim_lists_filter_choices_are_read_without_a_server_side_cursor(client):
    # ModelChoiceField reads its choices with .iterator(), which on PostgreSQL is a server-side
    # cursor: DECLARE, FETCH and CLOSE, three round trips on every render of the list.
    ClaimFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/claims/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]


def test_the_claim_lists_filter_choices_are_read_once_per_stamp(
    client, settings, django_assert_num_queries
):
    """Uncached, /claims/ reads its form's three short lists (verdicts, claimants, articles)
    on its first render after a change, and then no more until the next change."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ClaimFactory.create_batch(3)
    change_stamp()
    # The stamp, the stored count, the page's rows; the verdicts, claimants and articles.
    with django_assert_num_queries(6):
        client.get("/claims/")
    for _ in range(2):
        with django_assert_num_queries(3):  # the stamp, the stored count, the page's rows
            client.get("/claims/")

    ClaimFactory()
    change_stamp()
    with django_assert_num_queries(6):
        client.get("/claims/")
    with django_assert_num_queries(3):
        client.get("/claims/")

"""/claims/export.csv, opened with `csv` as a spreadsheet or a script would open it."""

import csv
import io
import tracemalloc
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "slug",
    "url",
    "quote",
    "claim_reviewed",
    "claimant",
    "article",
    "verdict",
    "conclusion",
    "published_at",
    "updated_at",
]


def content(response):
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def rows(response):
    """The export as dictionaries, read the way Excel-minded tools read it (BOM stripped)."""
    reader = csv.reader(io.StringIO(content(response).decode("utf-8-sig"), newline=""))
    header, *body = list(reader)
    assert header == HEADER
    return [dict(zip(header, row, strict=True)) for row in body]


def test_export_has_one_row_per_published_claim_newest_first(client):
    older = ClaimFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    newer = ClaimFactory(claimant=None, claim_reviewed="", conclusion="Right.")
    ClaimFactory(draft=True)
    ClaimFactory(in_review=True)

    response = client.get("/claims/export.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert rows(response) == [
        {
            "slug": claim.slug,
            "url": f"http://testserver/claims/{claim.slug}/",
            "quote": claim.quote,
            "claim_reviewed": claim.claim_reviewed,
            "claimant": claim.claimant.name if claim.claimant else "",
            "article": claim.article.headline,
            "verdict": claim.verdict.label,
            "conclusion": claim.conclusion,
            "published_at": claim.published_at.isoformat(),
            "updated_at": claim.updated_at.isoformat(),
        }
        for claim in (newer, older)
    ]


def test_export_applies_the_list_filters(client):
    mostly = VerdictFactory(slug="mostly-true", label="Mostly true", score=4, order=2)
    ClaimFactory.create_batch(2)
    wanted = ClaimFactory(verdict=mostly)

    response = client.get("/claims/export.csv?verdict=mostly-true")

    assert [row["slug"] for row in rows(response)] == [wanted.slug]


class ExportLink(HTMLParser):
    @classmethod
    def of(cls, html):
        parser = cls(convert_charrefs=True)
        parser.hrefs = []
        parser.feed(html)
        (href,) = [h for h in parser.hrefs if "export.csv" in h]
        return href

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))


def test_the_list_links_to_the_export_of_what_it_shows(client):
    claimant = ClaimantFactory()
    mostly = VerdictFactory(slug="mostly-true", label="Mostly true", score=4, order=2)
    ClaimFactory.create_batch(3, claimant=claimant)
    ClaimFactory(verdict=mostly, claimant=claimant)
    ClaimFactory(verdict=mostly)
    ClaimFactory.create_batch(21, claimant=claimant)
    query = f"?claimant={claimant.slug}&order=oldest&page=2"

    href = ExportLink.of(client.get(f"/claims/{query}").content.decode())

    assert "page" not in href  # every matching claim, not just the page's
    exported = [row["slug"] for row in rows(client.get(href))]
    expected = Claim.objects.filter(claimant=claimant).order_by("published_at", "pk")
    assert exported == [c.slug for c in expected]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(client, start):
    formula = f'{start}HYPERLINK("https://evil.example","Click")'
    ClaimFactory(
        claim_reviewed=formula,
        conclusion=formula,
        claimant=ClaimantFactory(name=formula),
        article=ArticleFactory(headline=formula),
    )

    (row,) = rows(client.get("/claims/export.csv"))

    for column in ["claim_reviewed", "conclusion", "claimant", "article"]:
        assert row[column] == "'" + formula, column


def test_a_cell_that_only_contains_a_formula_sign_is_kept(client):
    ClaimFactory(claim_reviewed="Prices rose by 3% (+/- 1) in 2024 = a record?")

    (row,) = rows(client.get("/claims/export.csv"))

    assert row["claim_reviewed"] == "Prices rose by 3% (+/- 1) in 2024 = a record?"


def test_export_is_utf8_with_a_byte_order_mark_so_accents_survive(client):
    ClaimFactory(
        claimant=ClaimantFactory(name="Zoë Méloni, présidente"),
        article=ArticleFactory(headline="Perché l'Île-de-France è più cara"),
        conclusion="Les chiffres de l'Insee montrent une baisse de 1 % ; già smentito.",
    )

    response = client.get("/claims/export.csv")
    raw = content(response)

    assert raw.startswith(b"\xef\xbb\xbf")
    (row,) = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert row["claimant"] == "Zoë Méloni, présidente"
    assert row["article"] == "Perché l'Île-de-France è più cara"
    assert row["conclusion"] == "Les chiffres de l'Insee montrent une baisse de 1 % ; già smentito."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("verdict=no-such-verdict", "verdict: Choose a verdict from the list."),
        ("claimant=no-such-claimant", "claimant: Choose who said it from the list."),
        ("published_after=yesterday", "published_after: Enter a date as year-month-day"),
        ("order=random", "order: Choose an order from the list."),
        ("q=" + "x" * 201, "q: Use at most 200 characters (this search has 201)."),
        (
            "published_after=2025-09-02&published_before=2025-09-01",
            "published_before: Choose a date on or after",
        ),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it_never_an_unfiltered_export(client, query, message):
    ClaimFactory()

    response = client.get(f"/claims/export.csv?{query}")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_a_draft_only_article_is_a_bad_filter(client):
    draft = ClaimFactory(draft=True)

    response = client.get(f"/claims/export.csv?article={draft.article.slug}")

    assert response.status_code == 400
    assert b"article: Choose an article from the list." in response.content


@pytest.mark.parametrize("n", [10, 200])
def test_export_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    claimant = ClaimantFactory()
    ClaimFactory.create_batch(n, claimant=claimant)

    # The claimant by slug (the filter's check); the rows with their joins, in one query.
    with django_assert_num_queries(2):
        assert len(rows(client.get(f"/claims/export.csv?claimant={claimant.slug}"))) == n


def test_export_answers_head_and_refuses_post(client):
    assert client.head("/claims/export.csv").status_code == 200
    assert client.post("/claims/export.csv").status_code == 405


def bulk_claims(n, start):
    """n published claims in bulk: one article, claimant and verdict, no history or counts."""
    article = ArticleFactory(slug=f"bulk-{start}")
    claimant, verdict = ClaimantFactory(slug=f"bulk-{start}"), VerdictFactory()
    now = timezone.now()
    Claim.objects.bulk_create(
        (
            Claim(
                slug=f"bulk-{i}",
                article=article,
                quote="unemployment fell by 3% last year",
                span_start=0,
                span_end=33,
                claim_reviewed=f"Bulk claim number {i}, restated for the export test.",
                claimant=claimant,
                claim_type=Claim.Type.NUMBER,
                status=Claim.Status.PUBLISHED,
                verdict=verdict,
                conclusion="Official figures show a fall of 1%, not 3%.",
                published_at=now,
            )
            for i in range(start, start + n)
        ),
        batch_size=5000,
    )


def streamed_peak(client):
    """(rows, peak bytes) while the whole export streams through, one chunk at a time."""
    tracemalloc.start()
    try:
        response = client.get("/claims/export.csv")
        lines = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines - 1, peak


@pytest.mark.big
def test_export_streams_100_000_claims_in_flat_memory(client):
    bulk_claims(10_000, start=0)
    streamed_peak(client)  # once first, so code loaded on first use is not counted
    rows_10k, peak_10k = streamed_peak(client)
    bulk_claims(90_000, start=10_000)
    rows_100k, peak_100k = streamed_peak(client)

    assert (rows_10k, rows_100k) == (10_000, 100_000)
    # Ten times the rows, the same memory: a chunk of rows at a time, never the whole export
    # (which is over 15 MB as text at 100,000 rows).
    assert peak_100k < 1.5 * peak_10k
    assert peak_100k < 16 * 2**20

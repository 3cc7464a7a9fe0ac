"""/sitemap.xml and robots.txt (issue 7 §5), read as a crawler reads them: XML parsed with
ElementTree, following the index to each section."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, Claim, Claimant
from claims.sitemaps import ClaimSitemap, SlugSitemap
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory
from tests.public_outputs import read_sitemap

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"


def xml(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def index(client):
    return [loc.text for loc in xml(client.get("/sitemap.xml")).findall("sm:sitemap/sm:loc", NS)]


def entries(client):
    """{loc: lastmod} of every URL of every section the index lists."""
    found = {}
    for section in index(client):
        assert section.startswith(HOST)
        for url in xml(client.get(section.removeprefix(HOST))).findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            found[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None
    return found


def day(stamp):
    return stamp.astimezone(dt.UTC).date().isoformat()


@pytest.fixture
def desk():
    """A published claim, a draft of another claimant in another article, and a claimant whose
    only claim is in review."""
    claim = ClaimFactory(slug="published-claim")
    draft = ClaimFactory(draft=True, slug="draft-claim")
    waiting = ClaimFactory(in_review=True, slug="waiting-claim", article=claim.article)
    return {"claim": claim, "draft": draft, "waiting": waiting}


def test_sitemap_lists_published_claims_their_articles_and_claimants_with_lastmod(client, desk):
    claim = Claim.objects.get(slug="published-claim")

    assert entries(client) == {
        f"{HOST}/claims/published-claim/": day(claim.updated_at),
        f"{HOST}{claim.article.get_absolute_url()}": day(
            max(claim.article.updated_at, claim.updated_at)
        ),
        f"{HOST}{claim.claimant.get_absolute_url()}": day(claim.updated_at),
    }


def test_sitemap_leaves_out_everything_unpublished(client, desk):
    listed = " ".join(entries(client))

    for claim in [desk["draft"], desk["waiting"]]:
        assert claim.slug not in listed
    # The draft's article and claimant have nothing published: readers cannot see them.
    assert desk["draft"].article.slug not in listed
    assert desk["draft"].claimant.slug not in listed
    assert desk["waiting"].claimant.slug not in listed


def test_sitemap_index_lists_each_section_with_its_latest_change(client, desk):
    claim = desk["claim"]
    root = xml(client.get("/sitemap.xml"))

    sections = {
        s.find("sm:loc", NS).text: s.find("sm:lastmod", NS).text
        for s in root.findall("sm:sitemap", NS)
    }
    claim.refresh_from_db()
    assert sections == {
        f"{HOST}/sitemap-claims.xml": claim.updated_at.isoformat(),
        f"{HOST}/sitemap-articles.xml": max(claim.article.updated_at, claim.updated_at).isoformat(),
        f"{HOST}/sitemap-claimants.xml": claim.updated_at.isoformat(),
    }


def test_article_lastmod_follows_its_latest_published_claim(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(updated_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    claim = ClaimFactory(article=article)
    Claim.objects.filter(pk=claim.pk).update(updated_at=dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    draft = ClaimFactory(article=article, draft=True, quote="Critics said the figure was wrong")
    Claim.objects.filter(pk=draft.pk).update(updated_at=dt.datetime(2025, 5, 6, tzinfo=dt.UTC))

    found = entries(client)

    assert found[f"{HOST}{article.get_absolute_url()}"] == "2025-03-04"  # not the draft's
    assert found[f"{HOST}{claim.claimant.get_absolute_url()}"] == "2025-03-04"


def test_sitemap_pages_a_section_past_its_limit(client, monkeypatch):
    monkeypatch.setattr(ClaimSitemap, "limit", 2)
    ClaimFactory.create_batch(3, claimant=ClaimantFactory(), article=ArticleFactory())

    sections = index(client)

    assert f"{HOST}/sitemap-claims.xml?p=2" in sections
    claims = [url for url in entries(client) if "/claims/" in url]
    assert len(claims) == len(set(claims)) == 3
    assert client.get("/sitemap-claims.xml?p=3").status_code == 404
    assert client.get("/sitemap-claims.xml?p=x").status_code == 404


def test_sitemap_index_numbers_small_sections_without_counting_them(client, desk):
    # Counting the public articles and claimants read an index entry for each (20,000
    # claimants at 1,000,000 claims); while a table's highest key is within one sitemap page,
    # its section has one page, whatever the count.
    with CaptureQueriesContext(connection) as queries:
        sections = index(client)

    assert sections == [
        f"{HOST}/sitemap-claims.xml",
        f"{HOST}/sitemap-articles.xml",
        f"{HOST}/sitemap-claimants.xml",
    ]
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_sitemap_counts_a_section_whose_keys_pass_a_page(client, monkeypatch):
    monkeypatch.setattr(SlugSitemap, "limit", 2)
    for _ in range(3):
        ClaimFactory(article=ArticleFactory())
    ArticleFactory.create_batch(2)  # nothing published: the highest keys, not listed

    sections = index(client)

    # Three public articles are two pages of two, not the three that five keys would make.
    assert f"{HOST}/sitemap-articles.xml?p=2" in sections
    assert f"{HOST}/sitemap-articles.xml?p=3" not in sections
    articles = [url for url in entries(client) if "/articles/" in url]
    assert len(articles) == len(set(articles)) == 3
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-claims.xml"])
def test_sitemap_answers_head_and_refuses_post(client, url):
    ClaimFactory()

    head = client.head(url)

    assert head.status_code == 200 and head.content == b""
    assert client.post(url).status_code == 405


def test_sitemap_reads_only_the_columns_it_prints(client, desk):
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap-claims.xml")

    rows = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]
    assert len(rows) == 1
    selected = rows[0].split(" FROM ")[0]
    assert "slug" in selected and "updated_at" in selected
    assert "quote" not in selected and "conclusion" not in selected and "body" not in selected


@pytest.mark.parametrize("claims", [3, 30])
def test_sitemap_query_count_does_not_grow_with_claims(client, claims, django_assert_num_queries):
    claimant, article = ClaimantFactory(), ArticleFactory()
    ClaimFactory.create_batch(claims, claimant=claimant, article=article)
    Claimant.objects.filter(pk=claimant.pk).update(published_claims=claims)

    # Each section: its count (the paginator; for articles and claimants the table's highest
    # key) and its rows. The index: each section's count and latest change (two for articles:
    # their own text and their claims).
    with django_assert_num_queries(7):
        client.get("/sitemap.xml")
    for section in ["claims", "articles", "claimants"]:
        with django_assert_num_queries(2):
            client.get(f"/sitemap-{section}.xml")


def test_robots_txt_names_the_sitemap(client):
    lines = client.get("/robots.txt").text.splitlines()

    assert f"Sitemap: {HOST}/sitemap.xml" in lines


def test_sitemap_reader_returns_every_loc(client, desk):
    reading = read_sitemap(client.get("/sitemap-claims.xml"))

    assert reading.text == [f"{HOST}/claims/published-claim/"]

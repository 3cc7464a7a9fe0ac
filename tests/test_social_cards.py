"""Open Graph and Twitter cards on claim pages, and the canonical link of every public page
(issue 7 §5), read from the <head> as a link-preview bot or a search engine reads them."""

import pytest

from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.test_embed import Elements
from tests.test_public_pages import PAGES

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def head_of(response):
    assert response.status_code == 200
    page = Elements(response.content.decode())
    meta = {}
    for attrs in page.find("meta"):
        key = attrs.get("property") or attrs.get("name")
        if key and key.startswith(("og:", "twitter:", "article:")):
            assert key not in meta, f"{key} twice"
            meta[key] = attrs["content"]
    canonicals = [a["href"] for a in page.find("link", rel="canonical")]
    return meta, canonicals


def test_claim_page_has_open_graph_and_twitter_cards(client):
    claim = ClaimFactory(
        slug="unemployment-fell",
        claim_reviewed="Unemployment fell by 3% last year.",
        verdict=VerdictFactory(slug="mostly-false", label="Mostly false", score=2),
        conclusion="Official figures show a fall of 1%, not 3%.",
    )

    meta, canonicals = head_of(client.get(claim.get_absolute_url()))

    claim.refresh_from_db()
    url = f"{HOST}/claims/unemployment-fell/"
    description = "Mostly false: Official figures show a fall of 1%, not 3%."
    assert meta == {
        "og:type": "article",
        "og:site_name": "ClaimTracker",
        "og:title": "Unemployment fell by 3% last year.",
        "og:description": description,
        "og:url": url,
        "article:published_time": claim.published_at.isoformat(),
        "article:modified_time": claim.updated_at.isoformat(),
        "twitter:card": "summary",
        "twitter:title": "Unemployment fell by 3% last year.",
        "twitter:description": description,
    }
    assert canonicals == [url]


def test_card_description_is_cut_to_what_cards_show(client):
    claim = ClaimFactory(claim_reviewed="", conclusion="Long. " * 100)

    meta, _ = head_of(client.get(claim.get_absolute_url()))

    assert meta["og:title"] == claim.quote
    assert len(meta["og:description"]) == 200
    assert meta["og:description"].startswith("False: Long. Long.")
    assert meta["og:description"].endswith("…")


def test_card_text_is_escaped_once(client):
    claim = ClaimFactory(claim_reviewed='"Jobs" <up> & away', conclusion="It's <b>false</b>.")

    response = client.get(claim.get_absolute_url())

    meta, _ = head_of(response)
    assert meta["og:title"] == '"Jobs" <up> & away'
    assert meta["og:description"] == "False: It's <b>false</b>."
    assert 'content="&quot;Jobs&quot; &lt;up&gt; &amp; away"' in response.content.decode()


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_every_public_page_has_one_canonical_link_to_itself(client, page):
    claim = ClaimFactory()
    path = page(claim)

    _, canonicals = head_of(client.get(path))

    assert canonicals == [HOST + path]


def test_other_pages_have_no_social_cards(client):
    claim = ClaimFactory()

    for path in ["/", "/claims/", claim.article.get_absolute_url()]:
        meta, _ = head_of(client.get(path))
        assert meta == {}, path


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("?page=2", "/claims/?page=2"),
        ("?page=1", "/claims/"),
        ("?verdict=false", "/claims/"),
        ("?verdict=false&page=2", "/claims/"),
        ("?order=oldest", "/claims/"),
    ],
)
def test_list_canonical_keeps_only_the_page_number(client, query, canonical):
    article = ArticleFactory()
    ClaimFactory.create_batch(21, article=article)

    _, canonicals = head_of(client.get("/claims/" + query))

    assert canonicals == [HOST + canonical]

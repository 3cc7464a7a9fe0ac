"""The embed card other sites frame (/claims/<slug>/embed/, issue 7 §5), the snippet the claim
page offers for it, and the one relaxation of the anti-framing headers it needs."""

from html.parser import HTMLParser

import pytest
from django.templatetags.static import static

from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, VerdictFactory
from tests.test_public_pages import PAGES, InlineCode

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


class Elements(HTMLParser):
    """[(tag, attributes)] of a page, and the text of its textareas by id."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.textareas, self._textarea = [], {}, None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "textarea":
            self._textarea = dict(attrs).get("id")
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.textareas[self._textarea] += data

    def find(self, tag, **attrs):
        return [a for t, a in self.elements if t == tag and attrs.items() <= a.items()]


def embed_url(claim):
    return f"/claims/{claim.slug}/embed/"


def directives(response):
    csp = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}


@pytest.fixture
def claim():
    return ClaimFactory(
        slug="unemployment-fell",
        claim_reviewed="Unemployment fell by 3% last year.",
        claimant=ClaimantFactory(name="Ana Ruiz"),
        verdict=VerdictFactory(slug="false", label="False", score=1),
        conclusion="Official figures show a fall of 1%, not 3%. " + "More detail follows. " * 20,
    )


def test_embed_card_shows_claim_verdict_conclusion_and_links_back(client, claim):
    response = client.get(embed_url(claim))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Unemployment fell by 3% last year." in html
    assert '<span class="verdict verdict-red">False</span>' in html
    assert "Ana Ruiz" in html
    page = Elements(html)
    # One line: the conclusion's first sentence.
    conclusion = html.split('class="embed-card__conclusion">')[1].split("</p>")[0]
    assert conclusion == "Official figures show a fall of 1%, not 3%."
    # Back to the full fact-check, in a new tab: a frame's own link would open inside the frame.
    [link] = page.find("a", href=f"{HOST}/claims/unemployment-fell/")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    [canonical] = page.find("link", rel="canonical")
    assert canonical["href"] == f"{HOST}/claims/unemployment-fell/"


@pytest.mark.parametrize(
    ("conclusion", "line"),
    [
        ("Wrong. The office says 1%.", "Wrong."),
        ("Is it? Nobody knows.", "Is it?"),
        ("No full stop at all", "No full stop at all"),
        ("x" * 200, "x" * 119 + "…"),
        ("  The 3.5% figure is right.\nSee table 4.", "The 3.5% figure is right."),
    ],
)
def test_embed_card_shows_one_line_of_the_conclusion(client, conclusion, line):
    claim = ClaimFactory(conclusion=conclusion)

    html = client.get(embed_url(claim)).content.decode()

    assert html.split('class="embed-card__conclusion">')[1].split("</p>")[0] == line


def test_embed_card_styles_come_from_static_files_only(client, claim):
    response = client.get(embed_url(claim))

    page = Elements(response.content.decode())
    sheets = [a["href"] for a in page.find("link", rel="stylesheet")]
    assert sheets == [static("css/site.css"), static("css/embed.css")]
    assert InlineCode(response.content.decode()).found == []
    assert page.find("script") == []


def test_only_the_embed_card_may_be_framed_by_other_sites(client, claim):
    response = client.get(embed_url(claim))

    assert "X-Frame-Options" not in response.headers
    csp = directives(response)
    assert csp["frame-ancestors"] == ["*"]
    # Nothing else is relaxed: the card runs no script and loads only this site's files.
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]


EVERY_OTHER_PAGE = {
    **PAGES,
    "sitemap": lambda claim: "/sitemap.xml",
    "robots.txt": lambda claim: "/robots.txt",
    "admin login": lambda claim: "/admin/login/",
    "a draft's embed (404)": lambda claim: embed_url(ClaimFactory(draft=True, slug="draft")),
    "an unknown embed (404)": lambda claim: "/claims/no-such-claim/embed/",
}


@pytest.mark.parametrize("page", EVERY_OTHER_PAGE.values(), ids=EVERY_OTHER_PAGE.keys())
def test_every_other_page_still_refuses_to_be_framed(client, claim, page):
    response = client.get(page(claim))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("trait", ["draft", "in_review"])
def test_embed_of_an_unpublished_claim_is_404(client, trait):
    claim = ClaimFactory(**{trait: True}, slug="not-yet")

    response = client.get(embed_url(claim))

    assert response.status_code == 404
    assert b"Unemployment fell" not in response.content


def test_embed_answers_head_and_refuses_post(client, claim):
    assert client.head(embed_url(claim)).status_code == 200
    assert client.post(embed_url(claim)).status_code == 405


def test_claim_page_offers_the_embed_snippet_with_a_label(client, claim):
    response = client.get(claim.get_absolute_url())

    page = Elements(response.content.decode())
    [textarea] = page.find("textarea", id="embed-code")
    assert "readonly" in textarea
    assert page.find("label", **{"for": "embed-code"})
    snippet = Elements(page.textareas["embed-code"])
    [iframe] = snippet.find("iframe")
    assert iframe["src"] == f"{HOST}/claims/unemployment-fell/embed/"
    assert iframe["title"] == "Fact-check by ClaimTracker"
    assert client.get(iframe["src"].removeprefix(HOST)).status_code == 200


def many_claims(n):
    article, claimant = ArticleFactory(), ClaimantFactory()
    ClaimFactory.create_batch(n, article=article, claimant=claimant)


@pytest.mark.parametrize("others", [0, 25])
def test_embed_query_count_does_not_grow_with_claims(
    client, claim, others, django_assert_num_queries
):
    many_claims(others)

    # The claim with its article, claimant and verdict.
    with django_assert_num_queries(1):
        assert client.get(embed_url(claim)).status_code == 200


@pytest.mark.parametrize("others", [0, 25])
def test_claim_page_query_count_does_not_grow_with_claims(
    client, claim, others, django_assert_num_queries
):
    many_claims(others)

    # The claim with article, claimant and verdict; its evidence; its public notes; its
    # corrections. The JSON-LD, the cards and the snippet add none.
    with django_assert_num_queries(4):
        assert client.get(claim.get_absolute_url()).status_code == 200

"""The public pages other than the claim list (tests/test_claim_list.py): what readers see, what
they never see (drafts, internal notes), the annotated article, the CSP and query counts."""

import itertools
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from claims.models import (
    AboutSection,
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Verdict,
)
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class PageStructure(HTMLParser):
    """Checks that every tag is closed in order, and records the claim marks and claim links."""

    def __init__(self, html):
        super().__init__()
        self.open = []  # [(tag, data-claim or None)]
        self.mismatched = []
        self.marks = []  # [(slug, slugs of the marks around it)]
        self.marked_text = {}  # slug -> the text inside its marks, link text left out
        self.claim_links = []  # hrefs of the links that follow each marked claim
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark" and "data-claim" in attrs:
            self.marks.append((attrs["data-claim"], tuple(s for _, s in self.open if s)))
        if tag == "a" and "claim-ref" in attrs.get("class", "").split():
            self.claim_links.append(attrs["href"])
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, attrs.get("data-claim") if tag == "mark" else None))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
        else:
            self.mismatched.append((tag, [t for t, _ in self.open]))

    def handle_data(self, data):
        if any(tag == "a" for tag, _ in self.open):
            return
        for _, slug in self.open:
            if slug:
                self.marked_text[slug] = self.marked_text.get(slug, "") + data

    @property
    def well_formed(self):
        return not self.mismatched and not self.open


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.fixture
def site():
    """A published claim with evidence and both kinds of note, beside drafts of the same
    article and claimant: enough for every public page to have something to show or hide."""
    claim = ClaimFactory(slug="published-claim")
    EvidenceFactory(claim=claim, source=SourceFactory(archive_url="https://archive.example/r"))
    ReviewNoteFactory(
        claim=claim, body="Public note: we added the 2024 table.", visibility="public"
    )
    ReviewNoteFactory(claim=claim, body="INTERNAL: ask Maria about table 4.")
    ClaimFactory(
        draft=True,
        slug="unpublished-draft",
        article=claim.article,
        claimant=claim.claimant,
        quote="Critics said the figure was wrong",
        conclusion="DRAFT conclusion nobody outside the desk may read.",
    )
    ClaimFactory(
        in_review=True,
        slug="unpublished-in-review",
        article=claim.article,
        claimant=claim.claimant,
        quote="A second paragraph closes the story",
        conclusion="IN-REVIEW conclusion nobody outside the desk may read.",
    )
    return claim


PAGES = {
    "home": lambda claim: "/",
    "claim list": lambda claim: "/claims/",
    "claim": lambda claim: claim.get_absolute_url(),
    "article list": lambda claim: "/articles/",
    "article": lambda claim: claim.article.get_absolute_url(),
    "claimant list": lambda claim: "/claimants/",
    "claimant": lambda claim: claim.claimant.get_absolute_url(),
    "methodology": lambda claim: "/methodology/",
    "corrections": lambda claim: "/corrections/",
    "about": lambda claim: "/about/",
}


# What each page shows of the published claim beside the drafts, so that hiding them is not
# merely showing nothing. The methodology page shows no claims at all, so it is left out.
SHOWS_THE_PUBLISHED_CLAIM = {
    "home": lambda claim: claim.get_absolute_url(),
    "claim list": lambda claim: claim.get_absolute_url(),
    "claim": lambda claim: "Public note: we added the 2024 table.",
    "article list": lambda claim: "1 claim checked",
    "article": lambda claim: claim.get_absolute_url(),
    "claimant list": lambda claim: "1 claim checked",
    "claimant": lambda claim: claim.get_absolute_url(),
}


@pytest.mark.parametrize("name", SHOWS_THE_PUBLISHED_CLAIM)
def test_public_pages_never_show_drafts_or_internal_notes(client, site, name):
    response = client.get(PAGES[name](site))

    assert response.status_code == 200
    assert SHOWS_THE_PUBLISHED_CLAIM[name](site) in response.text
    for secret in [
        "unpublished-draft",
        "unpublished-in-review",
        "DRAFT conclusion",
        "IN-REVIEW conclusion",
        "INTERNAL: ask Maria",
    ]:
        assert secret not in response.text


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_public_pages_have_no_inline_script_or_style_and_send_a_csp(client, site, page):
    # The desk's text may hold markup; it must not become a script or a style on the page.
    # (tests/test_escaping.py puts markup in every field and reads every public output.)
    site.conclusion = 'Figures differ. <script>alert(1)</script><b style="color:red">1%</b>'
    site.save()
    site.claimant.name = '<script src="https://evil.example/x.js"></script>Minister'
    site.claimant.save()
    response = client.get(page(site))

    assert response.status_code == 200
    assert InlineCode(response.text).found == []
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


class InlineCode(HTMLParser):
    """Script and style elements, style and on* attributes: what the CSP would have to block.
    A JSON-LD data block is not code: browsers never run it, and the CSP lets it be."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        data_block = tag == "script" and attrs == [("type", "application/ld+json")]
        if tag in ("script", "style") and not data_block:
            self.found.append(f"<{tag}>")
        self.found += [
            f"{name}= on <{tag}>" for name, _ in attrs if name == "style" or name.startswith("on")
        ]


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_public_pages_are_well_formed_html(client, site, page):
    structure = PageStructure(client.get(page(site)).text)

    assert structure.well_formed, structure.mismatched


class Headings(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.levels = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.levels.append(int(tag[1]))


HEADED_PAGES = {
    **PAGES,
    "claim list, filtered": lambda claim: "/claims/?verdict=false",
    "claim list, invalid filter": lambda claim: "/claims/?verdict=nope",
    "not found": lambda claim: "/no-such-page/",
}


@pytest.mark.parametrize("page", HEADED_PAGES.values(), ids=HEADED_PAGES.keys())
def test_public_pages_have_one_h1_and_never_skip_a_heading_level(client, site, page):
    Correction.objects.create(claim=site, text="Fixed a figure.")
    AboutSection.objects.create(slug="contact", heading="Contact", body="Write to us.")

    levels = Headings(client.get(page(site)).text).levels

    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("state", [{"draft": True}, {"in_review": True}])
def test_unpublished_claim_page_is_404(client, state):
    claim = ClaimFactory(**state)

    assert client.get(claim.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("page", ["/claims/", "/articles/", "/claimants/"])
def test_detail_page_of_unknown_slug_is_404(client, page):
    assert client.get(page + "no-such-thing/").status_code == 404


# HEAD: uptime monitors, CDNs and link checkers send it (HAZARDS.md #12).

EVERY_URL = {
    **PAGES,
    "claim list, filtered": lambda claim: f"/claims/?verdict={claim.verdict.slug}&page=1",
    "claim list, invalid filter": lambda claim: "/claims/?verdict=nope",
    "robots.txt": lambda claim: "/robots.txt",
    "health": lambda claim: "/health/",
}


@pytest.mark.parametrize("page", EVERY_URL.values(), ids=EVERY_URL.keys())
def test_every_public_url_answers_head_like_get_without_a_body(client, site, page):
    url = page(site)
    get = client.get(url)

    head = client.head(url)

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_favicon_answers_head_with_its_redirect(client):
    assert client.head("/favicon.ico").status_code == client.get("/favicon.ico").status_code == 301


@pytest.mark.parametrize("page", EVERY_URL.values(), ids=EVERY_URL.keys())
def test_public_urls_still_refuse_post(client, site, page):
    assert client.post(page(site)).status_code == 405


# Page not found: one plain wording for every kind of 404


NOT_FOUND = {
    "unknown address": lambda claim: "/no-such-page/",
    "unknown claim": lambda claim: "/claims/no-such-claim/",
    "unpublished claim": lambda claim: "/claims/unpublished-draft/",
    "unknown article": lambda claim: "/articles/no-such-article/",
    "unknown claimant": lambda claim: "/claimants/no-such-person/",
    "claim list page out of range": lambda claim: "/claims/?page=99",
    "claim list page not a number": lambda claim: "/claims/?page=abc",
    "article list page out of range": lambda claim: "/articles/?page=99",
    "claimant page out of range": lambda claim: claim.claimant.get_absolute_url() + "?page=99",
    "corrections page out of range": lambda claim: "/corrections/?page=99",
}


@pytest.mark.parametrize("page", NOT_FOUND.values(), ids=NOT_FOUND.keys())
def test_every_kind_of_404_says_plainly_there_is_nothing_here(client, site, page):
    response = client.get(page(site))

    assert response.status_code == 404
    assertContains(response, "<h1>Page not found</h1>", status_code=404)
    assertContains(response, "There is nothing at this address.", status_code=404)
    # Nothing hints that a claim exists but is kept from readers.
    assertNotContains(response, "not been published", status_code=404)
    assert client.head(page(site)).status_code == 404


# Home


def test_home_shows_latest_verdicts_tally_and_checked_articles(client):
    claim = ClaimFactory()
    ClaimFactory(draft=True, article=ArticleFactory(headline="Only drafts here"))

    response = client.get("/")

    assertContains(response, f'<a href="{claim.get_absolute_url()}">“{claim.quote}”</a>')
    assertContains(
        response,
        '<li><span class="verdict verdict-red">False</span>'
        '<span class="tally__count">1</span></li>',
        html=True,
    )
    assertContains(response, f'<a href="{claim.article.get_absolute_url()}">')
    assertContains(response, "1 claim checked")
    assertNotContains(response, "Only drafts here")


def test_home_shows_the_six_latest_verdicts(client):
    claims = [ClaimFactory(published_at=datetime(2025, 1, d, tzinfo=UTC)) for d in range(1, 8)]

    response = client.get("/")

    assertNotContains(response, claims[0].get_absolute_url())
    for claim in claims[1:]:
        assertContains(response, claim.get_absolute_url())


# Claim page


def test_claim_page_shows_the_quote_marked_in_its_context(client):
    claim = ClaimFactory()

    assertContains(
        client.get(claim.get_absolute_url()),
        'The minister said <mark class="claim-mark verdict-red">unemployment fell by 3% last year'
        "</mark>. Critics said the figure was wrong.",
    )


def test_claim_page_shows_one_sentence_either_side_of_the_quote(client):
    article = ArticleFactory(
        body="Jobs\n\nThe report came out on Monday. Its author met U.S. President Joe Biden. "
        "The minister said unemployment fell by 3% last year. Critics said the figure was wrong. "
        "The debate went on all week."
    )
    claim = ClaimFactory(article=article)

    page = client.get(claim.get_absolute_url()).text

    # "U.S." ends no sentence: the one before the quote is shown whole, and no more.
    assert "Its author met U.S. President Joe Biden. " in page
    assert "Critics said the figure was wrong." in page
    assert "The report came out on Monday" not in page
    assert "The debate went on all week" not in page


def test_claim_page_leads_with_the_claim_the_verdict_and_the_conclusion(client):
    claim = ClaimFactory(conclusion="Official figures show a fall of 1%, not 3%.")
    EvidenceFactory(claim=claim)

    page = client.get(claim.get_absolute_url()).text

    order = [
        f"<h1>{claim.claim_reviewed}</h1>",
        '<span class="verdict verdict-red">False</span>',
        "<p>Official figures show a fall of 1%, not 3%.</p>",
        'id="quote-heading"',  # then the quote in context
        "<mark ",
        'id="evidence-heading"',  # then the evidence
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_claim_page_names_the_claimant_with_role_and_links_to_the_article(client):
    claim = ClaimFactory(claimant=ClaimantFactory(name="Ana Ruiz", role="Minister of Labour"))

    response = client.get(claim.get_absolute_url())

    assertContains(
        response,
        f'Claim by <a href="{claim.claimant.get_absolute_url()}">Ana Ruiz</a>, Minister of Labour',
    )
    assertContains(response, f'<a href="{claim.article.get_absolute_url()}">')
    assertContains(response, f'href="{claim.article.get_absolute_url()}#claim-{claim.slug}"')


def test_claim_page_shows_verdict_label_definition_and_conclusion(client):
    claim = ClaimFactory(conclusion="Official figures show a fall of 1%, not 3%.")

    response = client.get(claim.get_absolute_url())

    assertContains(response, '<span class="verdict verdict-red">False</span>')
    assertContains(response, "<strong>False</strong> means: The statement is not accurate.")
    assertContains(response, "<p>Official figures show a fall of 1%, not 3%.</p>")


def test_claim_page_groups_evidence_by_stance_with_publisher_date_and_archive_link(client):
    claim = ClaimFactory()
    for stance, title in [
        (Evidence.Stance.CONTEXT, "Methodology notes"),
        (Evidence.Stance.CONTRADICTS, "Labour force survey"),
        (Evidence.Stance.SUPPORTS, "Minister's press release"),
    ]:
        EvidenceFactory(claim=claim, stance=stance, source=SourceFactory(title=title))
    EvidenceFactory(
        claim=claim,
        stance=Evidence.Stance.CONTRADICTS,
        source=SourceFactory(
            title="Quarterly bulletin",
            publisher="Statistics Office",
            published_on=date(2025, 3, 3),
            archive_url="https://web.archive.org/web/2025/https://stats.example.org/q1",
        ),
    )

    response = client.get(claim.get_absolute_url())

    order = [
        "Sources that support the claim",
        escape("Minister's press release"),
        "Sources that contradict the claim",
        "Labour force survey",
        "Quarterly bulletin",
        "Sources that give context",
        "Methodology notes",
    ]
    positions = [response.text.index(text) for text in order]
    assert positions == sorted(positions)
    assertContains(
        response,
        'Statistics Office · <time datetime="2025-03-03">3 March 2025</time> · Government · '
        '<a href="https://web.archive.org/web/2025/https://stats.example.org/q1" '
        'rel="noopener noreferrer external">Archived copy</a>',
    )


def test_claim_page_leaves_out_stances_without_evidence(client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, stance=Evidence.Stance.CONTRADICTS)

    response = client.get(claim.get_absolute_url())

    assertContains(response, "Sources that contradict the claim")
    assertNotContains(response, "Sources that support the claim")
    assertNotContains(response, "Sources that give context")


def test_claim_page_shows_public_notes_but_never_internal_ones(client):
    claim = ClaimFactory()
    ReviewNoteFactory(claim=claim, body="Desk only: the minister's office did not reply.")
    ReviewNoteFactory(
        claim=claim, body="We added the 2024 figures.", visibility=ReviewNote.Visibility.PUBLIC
    )

    response = client.get(claim.get_absolute_url())

    assertContains(response, "We added the 2024 figures.")
    assertNotContains(response, "did not reply")


def test_claim_page_query_count_does_not_grow_with_evidence_and_notes(
    client, django_assert_num_queries
):
    claim = ClaimFactory()
    EvidenceFactory.create_batch(5, claim=claim)
    ReviewNoteFactory.create_batch(3, claim=claim, visibility=ReviewNote.Visibility.PUBLIC)

    # The claim with article, claimant and verdict; its evidence with sources; its public
    # notes; its corrections with their verdicts.
    with django_assert_num_queries(4):
        assert client.get(claim.get_absolute_url()).status_code == 200


# Articles


def test_article_list_counts_only_published_claims(client):
    article = ArticleFactory(headline="Minister hails jobs figures")
    ClaimFactory(article=article)
    ClaimFactory(draft=True, article=article, quote="Critics said the figure was wrong")

    response = client.get("/articles/")

    assertContains(
        response, f'<a href="{article.get_absolute_url()}">Minister hails jobs figures</a>'
    )
    assertContains(response, "· 1 claim checked")


def test_article_page_shows_the_full_text_with_each_published_claim_marked_and_linked(client):
    article = ArticleFactory()
    first = ClaimFactory(article=article)
    second = ClaimFactory(article=article, quote="Critics said the figure was wrong")

    response = client.get(article.get_absolute_url())
    structure = PageStructure(response.text)

    assertContains(response, f"<p>{article.headline}</p>")
    assertContains(response, "<p>A second paragraph closes the story.</p>")
    assertContains(
        response,
        f'<mark class="claim-mark verdict-red" data-claim="{first.slug}" id="claim-{first.slug}">'
        "unemployment fell by 3% last year</mark>",
    )
    assert structure.marks == [(first.slug, ()), (second.slug, ())]
    assert structure.claim_links == [first.get_absolute_url(), second.get_absolute_url()]
    assertContains(response, "2 claims checked.")


def test_article_page_hides_drafts_but_says_how_many_are_still_being_checked(client):
    article = ArticleFactory()
    published = ClaimFactory(article=article)
    ClaimFactory(draft=True, article=article, quote="Critics said the figure was wrong")
    ClaimFactory(in_review=True, article=article, quote="A second paragraph closes the story")

    response = client.get(article.get_absolute_url())
    structure = PageStructure(response.text)

    assert structure.marks == [(published.slug, ())]
    assert structure.claim_links == [published.get_absolute_url()]
    assertContains(response, "1 claim checked; 2 more are still being checked.")


def test_article_page_does_not_count_claims_set_aside_as_still_being_checked(client):
    article = ArticleFactory()
    ClaimFactory(article=article)
    ClaimFactory(
        draft=True,
        status="not_checkable",
        article=article,
        quote="Critics said the figure was wrong",
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, "1 claim checked.")
    assertNotContains(response, "still being checked")


MELONI = (
    "Meloni and Trump speak\n\n"
    "Italian Prime Minister Giorgia Meloni and former U.S. President Donald Trump held a phone "
    "conversation on Monday, her office said."
)


def test_article_page_nests_a_claim_inside_the_claim_that_contains_it(client):
    article = ArticleFactory(body=MELONI)
    outer = ClaimFactory(
        article=article,
        claim_type=Claim.Type.EVENT,
        quote="Italian Prime Minister Giorgia Meloni and former U.S. President Donald Trump held "
        "a phone conversation",
    )
    inner = ClaimFactory(
        article=article,
        claim_type=Claim.Type.TITLE_ROLE,
        quote="former U.S. President Donald Trump",
    )

    structure = PageStructure(client.get(article.get_absolute_url()).text)

    assert structure.well_formed, structure.mismatched
    assert structure.marks == [(outer.slug, ()), (inner.slug, (outer.slug,))]
    assert structure.marked_text == {outer.slug: outer.quote, inner.slug: inner.quote}
    assert structure.claim_links == [inner.get_absolute_url(), outer.get_absolute_url()]


def test_article_page_nests_the_shorter_of_two_claims_that_start_together(client):
    article = ArticleFactory(body=MELONI)
    inner = ClaimFactory(article=article, quote="Italian Prime Minister Giorgia Meloni")
    outer = ClaimFactory(
        article=article,
        quote="Italian Prime Minister Giorgia Meloni and former U.S. President Donald Trump",
    )

    structure = PageStructure(client.get(article.get_absolute_url()).text)

    assert structure.well_formed, structure.mismatched
    assert structure.marks == [(outer.slug, ()), (inner.slug, (outer.slug,))]
    assert structure.marked_text == {outer.slug: outer.quote, inner.slug: inner.quote}
    assert structure.claim_links == [inner.get_absolute_url(), outer.get_absolute_url()]


def test_article_page_stays_well_formed_when_two_claims_cross(client):
    article = ArticleFactory(
        body="Jobs\n\nThe minister said unemployment fell by 3% last year, the lowest in a decade."
    )
    left = ClaimFactory(article=article, quote="The minister said unemployment fell")
    right = ClaimFactory(article=article, quote="unemployment fell by 3% last year, the lowest")

    structure = PageStructure(client.get(article.get_absolute_url()).text)

    assert structure.well_formed, structure.mismatched
    assert {slug for slug, _ in structure.marks} == {left.slug, right.slug}
    assert structure.marked_text == {left.slug: left.quote, right.slug: right.quote}
    assert structure.claim_links == [left.get_absolute_url(), right.get_absolute_url()]


def test_article_page_gives_each_claim_one_anchor_when_claims_cross(client):
    article = ArticleFactory(
        body="Jobs\n\nThe minister said unemployment fell by 3% last year, the lowest in a decade."
    )
    left = ClaimFactory(article=article, quote="The minister said unemployment fell")
    right = ClaimFactory(article=article, quote="unemployment fell by 3% last year, the lowest")

    ids = re.findall(r' id="(claim-[^"]+)"', client.get(article.get_absolute_url()).text)

    assert sorted(ids) == sorted([f"claim-{left.slug}", f"claim-{right.slug}"])


# Claimants


def test_claimant_list_is_alphabetical_and_paged_by_20(client):
    for n in range(21):
        ClaimFactory(claimant=ClaimantFactory(name=f"Speaker {n:02}"))

    first, second = client.get("/claimants/"), client.get("/claimants/", {"page": 2})

    names = [f"Speaker {n:02}" for n in range(21)]
    positions = [first.text.index(f">{name}</a>") for name in names[:20]]
    assert positions == sorted(positions)
    assertNotContains(first, names[20])
    assertContains(first, '<a href="?page=2" rel="next">Next</a>')
    assertContains(second, f">{names[20]}</a>")
    for name in names[:20]:
        assertNotContains(second, f">{name}</a>")


def test_claimant_list_shows_only_claimants_with_published_claims(client):
    claim = ClaimFactory(claimant=ClaimantFactory(name="Ana Ruiz"))
    ClaimFactory(draft=True, claimant=ClaimantFactory(name="Not Yet Checked"))

    response = client.get("/claimants/")

    assertContains(response, f'<a href="{claim.claimant.get_absolute_url()}">Ana Ruiz</a>')
    assertContains(response, "· Minister of Labour · 1 claim checked")
    assertNotContains(response, "Not Yet Checked")


def test_claimant_page_lists_published_claims_with_a_tally(client):
    claimant = ClaimantFactory(name="Ana Ruiz", role="Minister of Labour")
    true = VerdictFactory(slug="true", label="True", colour=Verdict.Colour.GREEN, order=1)
    claims = [ClaimFactory(claimant=claimant), ClaimFactory(claimant=claimant, verdict=true)]
    draft = ClaimFactory(draft=True, claimant=claimant)

    response = client.get(claimant.get_absolute_url())

    assertContains(response, "<h1>Ana Ruiz</h1>")
    assertContains(response, "Person · Minister of Labour")
    assertContains(response, "Claims checked (2)")
    for claim in claims:
        assertContains(response, claim.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())
    for colour, label in [("green", "True"), ("red", "False")]:
        assertContains(
            response,
            f'<li><span class="verdict verdict-{colour}">{label}</span>'
            '<span class="tally__count">1</span></li>',
            html=True,
        )


# Methodology, health, robots.txt


def test_methodology_lists_every_verdict_with_its_definition(client):
    call_command("loaddata", "verdicts", verbosity=0)
    verdicts = list(Verdict.objects.all())
    assert len(verdicts) >= 7

    response = client.get("/methodology/")

    for verdict in verdicts:
        assertContains(response, f'id="verdict-{verdict.slug}"')
        assertContains(response, f">{escape(verdict.label)}</span>")
        assertContains(response, f"<dd>{escape(verdict.definition)}</dd>")


def test_health_says_ok(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.text.splitlines()


# Query counts: 10 rows, then 200, must cost the same queries.


def test_home_query_count_does_not_grow_with_claims(client):
    ClaimFactory.create_batch(10)
    at_10 = count_queries(client, "/")
    ClaimFactory.create_batch(190)
    at_200 = count_queries(client, "/")

    # 1. the 6 latest claims with article, claimant and verdict
    # 2. the verdict tally: the verdicts with their stored published-claim counts
    # 3. the 5 latest articles with published claims (their counts are stored on them)
    assert at_10 == at_200 == 3


def test_article_list_query_count_does_not_grow_with_articles(client):
    ClaimFactory.create_batch(10)
    at_10 = count_queries(client, "/articles/")
    ClaimFactory.create_batch(190)
    at_200 = count_queries(client, "/articles/")

    # 1. COUNT of the articles (paginator)
    # 2. the page's 20 articles with their published-claim counts
    assert at_10 == at_200 == 2


def test_claimant_list_query_count_does_not_grow_with_claimants(client):
    ClaimFactory.create_batch(10)
    at_10 = count_queries(client, "/claimants/")
    ClaimFactory.create_batch(190)
    at_200 = count_queries(client, "/claimants/")

    # 1. COUNT of the claimants with published claims (paginator)
    # 2. the page's 20 claimants with their published-claim counts
    assert at_10 == at_200 == 2


def test_claimant_page_query_count_does_not_grow_with_claims(client):
    claimant = ClaimantFactory()
    ClaimFactory.create_batch(10, claimant=claimant)
    at_10 = count_queries(client, claimant.get_absolute_url())
    ClaimFactory.create_batch(190, claimant=claimant)
    at_200 = count_queries(client, claimant.get_absolute_url())

    # 1. the claimant, with the stored count of their published claims (so no COUNT)
    # 2. the page's 20 claims with article, claimant and verdict
    # 3-4. the verdict tally: counts per verdict, then the verdicts in scale order
    assert at_10 == at_200 == 4


def test_article_page_query_count_does_not_grow_with_claims(client):
    sentences = [f"Statement number {n} is checked." for n in range(1, 201)]
    article = ArticleFactory(body="Two hundred statements\n\n" + " ".join(sentences))
    for sentence in sentences[:10]:
        ClaimFactory(article=article, quote=sentence.removesuffix("."))
    at_10 = count_queries(client, article.get_absolute_url())
    for sentence in sentences[10:]:
        ClaimFactory(article=article, quote=sentence.removesuffix("."))
    at_200 = count_queries(client, article.get_absolute_url())

    # 1. the article
    # 2. its published claims with verdict and claimant
    # 3. COUNT of its claims still being checked
    # 4-5. the verdict tally: counts per verdict, then the verdicts in scale order
    assert at_10 == at_200 == 5


def test_article_with_only_drafts_is_not_public(client):
    draft = ClaimFactory(draft=True)
    assert client.get(draft.article.get_absolute_url()).status_code == 404
    assert draft.article.headline not in client.get("/articles/").text


def test_claimant_with_only_drafts_is_not_public(client):
    draft = ClaimFactory(in_review=True)
    assert client.get(draft.claimant.get_absolute_url()).status_code == 404
    assert draft.claimant.name not in client.get("/claimants/").text


def test_counts_of_thousands_are_grouped_as_readers_write_them(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the counters below change without a stamp
    claim = ClaimFactory()
    # The stored counters the pages read: as a large archive has them.
    Verdict.objects.filter(pk=claim.verdict_id).update(published_claims=12345)
    Article.objects.filter(pk=claim.article_id).update(published_claims=1234)
    Claimant.objects.filter(pk=claim.claimant_id).update(published_claims=2000)

    assertContains(client.get("/claims/"), "12,345 claims match.")
    assertContains(client.get("/"), '<span class="tally__count">12,345</span>', html=False)
    assertContains(client.get("/"), "· 1,234 claims checked")
    assertContains(client.get("/articles/"), "· 1,234 claims checked")
    assertContains(client.get("/claimants/"), "· 2,000 claims checked")
    assertContains(client.get(f"/claims/?verdict={claim.verdict.slug}"), "12,345 claims match.")

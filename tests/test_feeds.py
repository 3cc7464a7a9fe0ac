"""Atom and RSS feeds, read back with feedparser as a feed reader reads them."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest

from claims import services
from claims.feeds import FEED_ITEMS
from claims.models import Claim, Correction, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

FEEDS = {
    "verdicts": "/feeds/claims.{}",
    "corrections": "/feeds/corrections.{}",
    "article": "/feeds/articles/{slug}.{}",
    "claimant": "/feeds/claimants/{slug}.{}",
}
DAY = timedelta(days=1)
T0 = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)


def dated(claim, published_at):
    """Give a claim a publication (and last change) date in the past: update() skips auto_now."""
    Claim.objects.filter(pk=claim.pk).update(published_at=published_at, updated_at=published_at)
    claim.refresh_from_db()
    return claim


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def three():
    """Three published claims a day apart (published out of order), and the desk's open work."""
    article, claimant = ArticleFactory(), ClaimantFactory()
    mostly = VerdictFactory(slug="mostly-true", label="Mostly true", score=4, order=2)
    claims = [
        dated(ClaimFactory(article=article, claimant=claimant, claim_reviewed="Middle."), T0),
        dated(
            ClaimFactory(
                article=article,
                claimant=claimant,
                claim_reviewed="",
                quote="Critics said the figure was wrong",
                verdict=mostly,
                conclusion="Newest conclusion.",
            ),
            T0 + DAY,
        ),
        dated(ClaimFactory(article=article, claimant=claimant, claim_reviewed="Oldest."), T0 - DAY),
    ]
    ClaimFactory(article=article, claimant=claimant, draft=True, claim_reviewed="A draft.")
    ClaimFactory(article=article, claimant=claimant, in_review=True, claim_reviewed="In review.")
    return claims


@pytest.mark.parametrize("kind", ["atom", "rss"])
@pytest.mark.parametrize("name", ["verdicts", "article", "claimant"])
def test_verdict_feeds_list_published_claims_newest_first(client, three, name, kind):
    middle, newest, oldest = three
    slug = {"article": middle.article.slug, "claimant": middle.claimant.slug}.get(name)
    url = FEEDS[name].format(kind, slug=slug)

    feed = parse(client, url)

    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    assert [e.title for e in feed.entries] == [
        "Mostly true: Critics said the figure was wrong",  # the quote when no restatement
        "False: Middle.",
        "False: Oldest.",
    ]
    assert [e.summary for e in feed.entries] == [c.conclusion for c in (newest, middle, oldest)]
    assert [e.link for e in feed.entries] == [
        f"http://testserver{c.get_absolute_url()}" for c in (newest, middle, oldest)
    ]
    assert [datetime(*e.published_parsed[:6], tzinfo=UTC) for e in feed.entries] == [
        T0 + DAY,
        T0,
        T0 - DAY,
    ]


def test_a_correction_bumps_the_entry_and_the_feed_updated_date(client, three):
    middle, newest, _ = three
    before = parse(client, "/feeds/claims.atom")
    assert datetime(*before.feed.updated_parsed[:6], tzinfo=UTC) == T0 + DAY

    corrected = services.correct(
        claim=middle,
        user=EditorFactory(),
        kind=Correction.Kind.CORRECTION,
        text="The table was misread.",
        new_verdict=Verdict.objects.get(slug="mostly-true"),
    )

    after = parse(client, "/feeds/claims.atom")
    entry = next(e for e in after.entries if e.link.endswith(middle.get_absolute_url()))
    assert entry.title == "Mostly true: Middle."
    updated = datetime.fromisoformat(entry.updated)
    assert updated == corrected.updated_at > T0 + DAY
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == T0  # published stays
    assert datetime.fromisoformat(after.feed.updated) == corrected.updated_at
    # Still in publication order: a correction does not move a verdict to the top.
    assert [e.link for e in after.entries] == [e.link for e in before.entries]


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_corrections_feed_lists_corrections_of_published_claims_newest_first(client, kind):
    editor = EditorFactory()
    claim = dated(ClaimFactory(claim_reviewed="Checked."), T0)
    mostly = VerdictFactory(slug="mostly-true", label="Mostly true", score=4, order=2)
    services.correct(claim=claim, user=editor, kind="clarification", text="Reworded.")
    services.correct(claim=claim, user=editor, kind="correction", text="Wrong.", new_verdict=mostly)
    draft = ClaimFactory(draft=True)
    Correction.objects.create(claim=draft, text="On a draft, never shown.")
    first, second = Correction.objects.filter(claim=claim).order_by("pk")

    feed = parse(client, f"/feeds/corrections.{kind}")

    assert [e.title for e in feed.entries] == [
        "Correction, verdict Mostly true: Checked.",
        "Clarification, verdict False: Checked.",
    ]
    assert [e.summary for e in feed.entries] == ["Wrong.", "Reworded."]
    assert [e.link for e in feed.entries] == [
        f"http://testserver{claim.get_absolute_url()}#correction-{c.pk}" for c in (second, first)
    ]
    # Each entry is its own, though both are about one claim.
    assert len({e.id for e in feed.entries}) == 2


def test_each_correction_link_lands_on_its_place_on_the_claim_page(client):
    claim = ClaimFactory()
    services.correct(claim=claim, user=EditorFactory(), kind="update", text="New figures.")
    (entry,) = parse(client, "/feeds/corrections.atom").entries

    page = client.get(claim.get_absolute_url()).content.decode()

    assert f'id="{entry.link.split("#")[1]}"' in page


def test_summaries_are_text_not_markup(client):
    ClaimFactory(
        claim_reviewed='Is <b>this</b> & "that" true?',
        conclusion="<script>x()</script> & <i>no</i>",
    )

    feed = parse(client, "/feeds/claims.atom")

    (entry,) = feed.entries
    assert entry.title == 'False: Is <b>this</b> & "that" true?'
    assert entry.title_detail.type == "text/plain"
    # The summary is HTML that shows the conclusion as typed.
    assert entry.summary_detail.type == "text/html"
    shown = HTMLText.of(entry.summary)
    assert shown == "<script>x()</script> & <i>no</i>"


class HTMLText(HTMLParser):
    @classmethod
    def of(cls, html):
        parser = cls(convert_charrefs=True)
        parser.parts = []
        parser.feed(html)
        parser.close()
        return "".join(parser.parts)

    def handle_starttag(self, tag, attrs):
        self.parts.append(f"<{tag}>")

    def handle_data(self, data):
        self.parts.append(data)


@pytest.mark.parametrize("name", ["article", "claimant"])
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feed_of_an_unknown_or_unpublished_article_or_claimant_is_404(client, name, kind):
    unpublished = ClaimFactory(draft=True)

    for slug in ["no-such-slug", getattr(unpublished, name).slug]:
        assert client.get(FEEDS[name].format(kind, slug=slug)).status_code == 404


def test_feeds_hold_the_latest_entries_only(client):
    article = ArticleFactory()
    claims = [dated(ClaimFactory(article=article), T0 + i * DAY) for i in range(FEED_ITEMS + 3)]

    feed = parse(client, f"/feeds/articles/{article.slug}.atom")

    assert len(feed.entries) == FEED_ITEMS
    assert feed.entries[0].link.endswith(claims[-1].get_absolute_url())
    assert feed.entries[-1].link.endswith(claims[3].get_absolute_url())


@pytest.mark.parametrize("rows", [10, FEED_ITEMS + 10])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # The claims with their verdicts, in one query.
        ("verdicts", 1),
        # The article (or claimant) by slug; its claims with their verdicts.
        ("article", 2),
        ("claimant", 2),
        # The corrections with their claims and new verdicts.
        ("corrections", 1),
    ],
)
def test_feed_queries_do_not_grow_with_entries(
    client, django_assert_num_queries, rows, name, queries
):
    article, claimant = ArticleFactory(), ClaimantFactory()
    for _ in range(rows):
        claim = ClaimFactory(article=article, claimant=claimant)
        Correction.objects.create(claim=claim, text="Fixed.", new_verdict=claim.verdict)
    slug = {"article": article.slug, "claimant": claimant.slug}.get(name)

    with django_assert_num_queries(queries):
        response = client.get(FEEDS[name].format("atom", slug=slug))

    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_a_repeat_request_gets_304_until_a_correction(client, three, kind):
    middle = three[0]
    url = f"/feeds/claims.{kind}"
    first = client.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    services.correct(claim=middle, user=EditorFactory(), kind="update", text="New figures.")

    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_pages_advertise_their_feeds(client, three):
    claim = three[0]
    correction_pages = ["/corrections/"]
    pages = {
        "/": ["/feeds/claims.atom", "/feeds/claims.rss"],
        "/claims/": ["/feeds/claims.atom", "/feeds/claims.rss"],
        **dict.fromkeys(correction_pages, ["/feeds/corrections.atom", "/feeds/corrections.rss"]),
        claim.article.get_absolute_url(): [
            f"/feeds/articles/{claim.article.slug}.atom",
            f"/feeds/articles/{claim.article.slug}.rss",
        ],
        claim.claimant.get_absolute_url(): [
            f"/feeds/claimants/{claim.claimant.slug}.atom",
            f"/feeds/claimants/{claim.claimant.slug}.rss",
        ],
    }
    for page, feeds in pages.items():
        links = AlternateLinks.of(client.get(page).content.decode())
        assert [href for _, href in links] == feeds, page
        assert [kind for kind, _ in links] == ["application/atom+xml", "application/rss+xml"]
        for _, href in links:
            assert parse(client, href).feed.title.startswith("ClaimTracker: "), href


class AlternateLinks(HTMLParser):
    @classmethod
    def of(cls, html):
        parser = cls()
        parser.links = []
        parser.feed(html)
        return parser.links

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "xml" in attrs.get("type", ""):
            self.links.append((attrs["type"], attrs["href"]))


def test_feeds_answer_head_and_refuse_post(client, three):
    assert client.head("/feeds/claims.atom").status_code == 200
    assert client.post("/feeds/claims.atom").status_code == 405

"""The public claim list, /claims/: drafts hidden, filters, search, order, paging, bad input."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from claims import paging
from claims.filters import SHORT_LIST_LENGTH
from claims.models import Claim, Verdict
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

URL = "/claims/"


def listed(response):
    """Slugs of the claims listed on the page, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'class="claim-row__quote"><a href="/claims/([^/"]+)/"', response.text)


def day(month, d):
    return datetime(2025, month, d, 12, tzinfo=UTC)


@pytest.fixture
def verdicts():
    return {
        "true": VerdictFactory(slug="true", label="True", colour=Verdict.Colour.GREEN, order=1),
        "half-true": VerdictFactory(
            slug="half-true", label="Half true", colour=Verdict.Colour.YELLOW, order=3
        ),
        "false": VerdictFactory(),  # order 5
    }


def test_claim_list_shows_published_claims_and_how_many_match(client):
    claims = ClaimFactory.create_batch(3)

    response = client.get(URL)

    assert sorted(listed(response)) == sorted(c.slug for c in claims)
    assertContains(response, "3 claims match.")
    assertContains(response, claims[0].article.headline)
    assertContains(response, f"{claims[0].claimant.name}, Minister of Labour")


def test_claim_list_says_one_claim_matches(client):
    ClaimFactory()

    assertContains(client.get(URL), "1 claim matches.")


def test_claim_list_hides_drafts(client):
    published = ClaimFactory()
    ClaimFactory(draft=True, slug="still-researching")
    ClaimFactory(in_review=True, slug="waiting-for-review")

    response = client.get(URL)

    assert listed(response) == [published.slug]
    assertContains(response, "1 claim matches.")
    assert "still-researching" not in response.text
    assert "waiting-for-review" not in response.text


def test_claim_list_filter_choices_leave_out_claimants_and_articles_with_only_drafts(client):
    ClaimFactory()
    ClaimFactory(
        draft=True,
        claimant=ClaimantFactory(name="Secret Source"),
        article=ArticleFactory(headline="Story still being checked"),
    )

    response = client.get(URL)

    assert "Secret Source" not in response.text
    assert "Story still being checked" not in response.text


def test_a_claimant_or_article_known_only_from_drafts_is_refused_from_the_url_unnamed(client):
    # Any public claimant or article is accepted from the URL (not only the short lists'); one
    # that only drafts mention is refused, and its name is not shown as the chosen option.
    ClaimFactory()
    draft = ClaimFactory(
        draft=True,
        claimant=ClaimantFactory(name="Secret Source"),
        article=ArticleFactory(headline="Story still being checked"),
    )
    for name, value, error in [
        ("claimant", draft.claimant.slug, "Choose who said it from the list."),
        ("article", draft.article.slug, "Choose an article from the list."),
    ]:
        response = client.get(URL, {name: value})

        assertContains(response, error)
        assert listed(response) == []
        assert "Secret Source" not in response.text
        assert "Story still being checked" not in response.text


def test_claim_list_filters_by_verdict(client, verdicts):
    true = ClaimFactory(verdict=verdicts["true"])
    ClaimFactory(verdict=verdicts["false"])
    ClaimFactory(in_review=True, verdict=verdicts["true"])

    assert listed(client.get(URL, {"verdict": "true"})) == [true.slug]


def test_claim_list_filters_by_claimant(client):
    mine = ClaimFactory()
    ClaimFactory()

    assert listed(client.get(URL, {"claimant": mine.claimant.slug})) == [mine.slug]


def test_claim_list_filters_by_article(client):
    mine = ClaimFactory()
    ClaimFactory()

    assert listed(client.get(URL, {"article": mine.article.slug})) == [mine.slug]


def test_claim_list_filters_by_claim_type(client):
    article = ArticleFactory()
    event = ClaimFactory(
        article=article, quote="Critics said the figure was wrong", claim_type=Claim.Type.EVENT
    )
    ClaimFactory(article=article, claim_type=Claim.Type.NUMBER)

    assert listed(client.get(URL, {"claim_type": "event"})) == [event.slug]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"published_after": "2025-02-01"}, ["march-late", "march", "february"]),
        ({"published_before": "2025-02-28"}, ["february", "january", "january-early"]),
        ({"published_after": "2025-02-01", "published_before": "2025-02-28"}, ["february"]),
        # Both ends are inclusive: a claim published on the day itself matches.
        ({"published_after": "2025-02-15", "published_before": "2025-02-15"}, ["february"]),
        # A day is the whole day: from its first second to the last one.
        ({"published_after": "2025-03-16"}, ["march-late"]),
        ({"published_before": "2025-01-14"}, ["january-early"]),
        # The ends of the calendar are a filter like any other, not an error.
        (
            {"published_after": "0001-01-01"},
            ["march-late", "march", "february", "january", "january-early"],
        ),
        (
            {"published_before": "9999-12-31"},
            ["march-late", "march", "february", "january", "january-early"],
        ),
        ({"published_after": "9999-12-31"}, []),
        ({"published_before": "0001-01-01"}, []),
    ],
)
def test_claim_list_filters_by_published_date_range(client, query, expected):
    ClaimFactory(slug="january", published_at=day(1, 15))
    ClaimFactory(slug="february", published_at=day(2, 15))
    ClaimFactory(slug="march", published_at=day(3, 15))
    # Midnight's first and last second of the days around them.
    ClaimFactory(
        slug="january-early", published_at=day(1, 14).replace(hour=23, minute=59, second=59)
    )
    ClaimFactory(slug="march-late", published_at=day(3, 16).replace(hour=0, minute=0, second=0))

    response = client.get(URL, query)
    assert response.status_code == 200
    assert listed(response) == expected


SEARCHABLE = {
    "quote": lambda: {
        "article": ArticleFactory(body="Headline\n\nThe mayor said a zeppelin landed on Tuesday."),
        "quote": "a zeppelin landed on Tuesday",
    },
    "claim_reviewed": lambda: {"claim_reviewed": "A zeppelin landed in the square."},
    "conclusion": lambda: {"conclusion": "No zeppelin landed that day."},
    "claimant name": lambda: {"claimant": ClaimantFactory(name="Zeppelin Fan Club")},
}


@pytest.mark.parametrize("field", SEARCHABLE.keys())
def test_claim_list_search_matches_quote_claim_reviewed_conclusion_and_claimant(client, field):
    match = ClaimFactory(**SEARCHABLE[field]())
    ClaimFactory()

    response = client.get(URL, {"q": "ZEPPELIN"})

    assert listed(response) == [match.slug]
    assertContains(response, "1 claim matches.")


ORDERINGS = {
    "": ["march-half-true", "february-false", "january-true"],
    "newest": ["march-half-true", "february-false", "january-true"],
    "oldest": ["january-true", "february-false", "march-half-true"],
    "verdict": ["january-true", "march-half-true", "february-false"],
    "-verdict": ["february-false", "march-half-true", "january-true"],
}


@pytest.mark.parametrize(("order", "expected"), ORDERINGS.items())
def test_claim_list_orders_newest_first_or_as_asked(client, verdicts, order, expected):
    ClaimFactory(slug="january-true", published_at=day(1, 15), verdict=verdicts["true"])
    ClaimFactory(slug="february-false", published_at=day(2, 15), verdict=verdicts["false"])
    ClaimFactory(slug="march-half-true", published_at=day(3, 15), verdict=verdicts["half-true"])

    assert listed(client.get(URL, {"order": order})) == expected


def test_claim_list_pages_by_20_and_the_page_links_keep_the_filters(client, verdicts):
    ClaimFactory.create_batch(21, verdict=verdicts["false"])
    ClaimFactory(verdict=verdicts["true"])

    first = client.get(URL, {"verdict": "false"})

    assert len(listed(first)) == 20
    assertContains(first, "21 claims match.")
    assertContains(first, "Page 1 of 2")
    assertContains(first, '<a href="?verdict=false&amp;page=2" rel="next">Next</a>')

    second = client.get(URL, {"verdict": "false", "page": "2"})

    assert len(listed(second)) == 1
    assert set(listed(first)).isdisjoint(listed(second))
    assertContains(second, '<a href="?verdict=false&amp;page=1" rel="prev">Previous</a>')


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_claim_list_page_that_is_not_a_number_or_does_not_exist_is_404(client, page):
    ClaimFactory()

    assert client.get(URL, {"page": page}).status_code == 404


@pytest.mark.parametrize(
    ("query", "label", "error"),
    [
        ({"verdict": "nope"}, "Verdict", "Choose a verdict from the list."),
        ({"claimant": "nobody"}, "Claimant", "Choose who said it from the list."),
        ({"article": "no-such-article"}, "Article", "Choose an article from the list."),
        ({"claim_type": "rumour"}, "Claim type", "Choose a type of claim from the list."),
        ({"order": "random"}, "Order by", "Choose an order from the list."),
        (
            {"published_after": "not-a-date"},
            "Published from",
            "Enter a date as year-month-day, for example 2025-09-04.",
        ),
        (
            {"published_before": "2025-13-45"},
            "Published until",
            "Enter a date as year-month-day, for example 2025-09-04.",
        ),
        (
            {"published_after": "2025-03-01", "published_before": "2025-02-01"},
            "Published until",
            "Choose a date on or after the “Published from” date.",
        ),
        ({"q": "x" * 201}, "Search", "Use at most 200 characters (this search has 201)."),
    ],
)
def test_claim_list_invalid_filter_says_which_filter_to_fix(client, query, label, error):
    ClaimFactory()

    response = client.get(URL, query)

    assert listed(response) == []
    field = next(f for f in response.context["filter"].form if f.label == label)
    # A summary at the top names the filter and links to it; the filters are unfolded.
    assertContains(response, "to see claims</h2>")
    assertContains(
        response,
        f'<li><a href="#{field.id_for_label}">{label}</a>: {escape(error)}</li>',
        html=True,
    )
    assertContains(response, '<details class="filters-panel" open>')
    assertContains(
        response, f'<p class="field-error" id="{field.auto_id}_error">{escape(error)}</p>'
    )
    # Not "0 claims match": the list is not empty, the filter is wrong.
    assertNotContains(response, "claims match")
    assertNotContains(response, "No published claim matches")


def test_claim_list_shows_the_results_first_with_the_filters_folded_under_one_button(client):
    ClaimFactory.create_batch(2)

    response = client.get(URL)
    filtered = client.get(URL, {"q": "unemployment", "claim_type": "number", "order": "oldest"})

    assertContains(response, '<details class="filters-panel">')
    assertContains(response, "<summary>Filter and sort</summary>", html=True)
    assertContains(response, '<form class="filters"')
    text = response.text
    assert text.index("<h1>Claims</h1>") < text.index("<summary>") < text.index("2 claims match.")
    assert text.index("2 claims match.") < text.index('class="claim-row__quote"')
    # The button says how many filters are on (the order is not a filter).
    assertContains(filtered, '<span class="filters-panel__count">(2 filters on)</span>')
    assertContains(filtered, '<details class="filters-panel">')


def test_claim_list_accepts_a_search_of_200_characters(client):
    ClaimFactory()

    response = client.get(URL, {"q": "x" * 200})

    assert listed(response) == []
    assert 'class="field-error"' not in response.text
    assertContains(response, "No published claim matches these filters.")


def test_claim_list_refuses_a_nul_byte_with_400(client):
    assert client.get(URL + "?q=%00").status_code == 400


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_claim_list_query_count_does_not_grow_with_claims(client):
    ClaimFactory.create_batch(10)
    at_10 = count_queries(client, URL)
    ClaimFactory.create_batch(190)
    at_200 = count_queries(client, URL)

    # 1. how many claims match: the sum of the verdicts' stored counts, not a COUNT(*)
    # 2. the page's 20 claims, joined to article, claimant and verdict
    # 3-5. the filter form's <select>s: verdicts, the most-checked claimants, the latest
    #      articles (each a short list: SHORT_LIST_LENGTH at most)
    assert at_10 == at_200 == 5


def options(response, name):
    """The (value, selected) options of the filter form's <select name=…>, after its empty one."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', response.text, re.S)
    found = re.findall(r'<option value="([^"]*)"( selected)?', select.group(1))
    return [(value, bool(selected)) for value, selected in found if value]


def test_claim_list_offers_the_latest_articles_and_most_checked_claimants_only(client):
    oldest = ClaimFactory(article=ArticleFactory(published_on=day(1, 1).date()))
    claims = ClaimFactory.create_batch(SHORT_LIST_LENGTH)
    busiest = ClaimFactory(claimant=claims[-1].claimant)

    response = client.get(URL)

    articles = [value for value, _ in options(response, "article")]
    claimants = [value for value, _ in options(response, "claimant")]
    assert len(articles) == len(claimants) == SHORT_LIST_LENGTH
    assert oldest.article.slug not in articles
    assert articles[0] == busiest.article.slug  # the latest first
    assert claimants[0] == busiest.claimant.slug  # the most-checked first


def test_claim_list_accepts_and_shows_an_article_or_claimant_beyond_the_short_list(client):
    oldest = ClaimFactory(article=ArticleFactory(published_on=day(1, 1).date()))
    ClaimFactory.create_batch(SHORT_LIST_LENGTH)

    by_article = client.get(URL, {"article": oldest.article.slug})
    by_claimant = client.get(URL, {"claimant": oldest.claimant.slug})

    assert listed(by_article) == listed(by_claimant) == [oldest.slug]
    assert (oldest.article.slug, True) in options(by_article, "article")
    assert (oldest.claimant.slug, True) in options(by_claimant, "claimant")
    assertContains(by_article, "1 claim matches.")


def test_claim_list_refuses_an_article_with_only_drafts_in_the_url(client):
    ClaimFactory()
    draft = ClaimFactory(draft=True)

    response = client.get(URL, {"article": draft.article.slug})

    assert listed(response) == []
    assertContains(response, "Choose an article from the list.")


def queries_of(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("field", ["verdict", "claimant", "article", None])
def test_claim_list_takes_the_number_of_matches_from_the_stored_counts(client, field):
    claims = ClaimFactory.create_batch(3, claimant=ClaimantFactory(), article=ArticleFactory())
    ClaimFactory(verdict=VerdictFactory(slug="true", label="True", order=1))
    query = {field: getattr(claims[0], field).slug} if field else {}

    sql = queries_of(client, URL, query)

    # One lookup of the chosen row by its slug and the page itself; no COUNT over the claims.
    assert not [q for q in sql if "COUNT(" in q.upper()]
    assertContains(client.get(URL, query), "3 claims match." if field else "4 claims match.")


def test_claim_list_stops_at_max_pages_and_its_last_page_costs_what_the_first_does(
    client, monkeypatch
):
    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    ClaimFactory.create_batch(45)

    first = client.get(URL)
    last = client.get(URL, {"page": "2"})

    assertContains(first, "45 claims match.")
    assertContains(first, "Page 1 of 2")
    assert len(listed(last)) == 20
    assert client.get(URL, {"page": "3"}).status_code == 404
    assert len(queries_of(client, URL, {"page": "2"})) == len(queries_of(client, URL, {}))


def test_claim_list_last_page_query_count_does_not_grow_with_claims(client):
    ClaimFactory.create_batch(30)
    at_30 = queries_of(client, URL, {"page": "2"})
    ClaimFactory.create_batch(170)
    at_200 = queries_of(client, URL, {"page": "10"})

    assert len(at_30) == len(at_200) == 5


@pytest.mark.parametrize("extra", [{}, {"verdict": "true"}])
def test_a_count_no_stored_counter_knows_stops_past_the_last_page(client, monkeypatch, extra):
    """The claim type (or several filters at once) has no stored count: the list counts its
    matches only as far as its last page, so a large archive is never counted whole."""
    monkeypatch.setattr(paging, "MAX_PAGES", 1)
    true = VerdictFactory(slug="true", label="True", order=1)
    ClaimFactory.create_batch(21, claim_type=Claim.Type.NUMBER, verdict=true)
    ClaimFactory(claim_type=Claim.Type.QUOTE, verdict=true)
    query = {"claim_type": Claim.Type.NUMBER, **extra}

    response = client.get(URL, query)

    assertContains(response, "More than 20 claims match.")
    assert len(listed(response)) == 20
    (count,) = [q for q in queries_of(client, URL, query) if "COUNT(" in q.upper()]
    assert "LIMIT 21" in count.upper()
    # Below the cap, the exact number.
    assertContains(client.get(URL, {"claim_type": Claim.Type.QUOTE}), "1 claim matches.")


@pytest.fixture
def across_verdicts(verdicts):
    """25 true, 3 half-true and 20 false claims: the pages of the verdict order straddle them.
    Also a quarter of them quotes (another claim type) and a draft of each verdict."""
    made = []
    for slug, how_many in [("true", 25), ("half-true", 3), ("false", 20)]:
        for n in range(how_many):
            made.append(
                ClaimFactory(
                    slug=f"{slug}-{n:02}",
                    verdict=verdicts[slug],
                    published_at=day(1 + n % 12, 1 + n % 28),
                    claim_type=Claim.Type.QUOTE if n % 4 == 0 else Claim.Type.NUMBER,
                )
            )
        ClaimFactory(draft=True, verdict=verdicts[slug])
    return made


def in_verdict_order(claims, descending=False):
    by_newest = sorted(claims, key=lambda c: (c.published_at, c.pk), reverse=True)
    return [c.slug for c in sorted(by_newest, key=lambda c: c.verdict.order, reverse=descending)]


def every_page(client, query):
    slugs, page = [], 1
    while (response := client.get(URL, {**query, "page": page})).status_code == 200:
        slugs += listed(response)
        page += 1
    assert response.status_code == 404  # past the last page
    return slugs


@pytest.mark.parametrize("order", ["verdict", "-verdict"])
@pytest.mark.parametrize(
    "query", [{}, {"claim_type": "quote"}, {"claim_type": "number"}, {"verdict": "true"}]
)
def test_claim_list_by_verdict_pages_through_every_claim_once_in_order(
    client, across_verdicts, order, query
):
    # Pages are read one verdict at a time (filters.ByVerdict): a page that straddles two or
    # three verdicts has their claims in order, none twice, none missing, drafts never.
    wanted = [
        c
        for c in across_verdicts
        if query.get("claim_type", c.claim_type) == c.claim_type
        and query.get("verdict", c.verdict.slug) == c.verdict.slug
    ]

    slugs = every_page(client, {**query, "order": order})

    assert slugs == in_verdict_order(wanted, descending=order == "-verdict")


def test_claim_list_by_verdict_with_a_claimant_is_in_verdict_order_too(client, verdicts):
    # A claimant's claims are few: the database sorts them (ClaimFilter.pages).
    claimant = ClaimantFactory()
    claims = [
        ClaimFactory(claimant=claimant, verdict=verdicts[slug], published_at=day(month, 1))
        for month, slug in enumerate(["false", "true", "half-true", "true"], start=1)
    ]
    ClaimFactory(verdict=verdicts["true"])

    for order in ["verdict", "-verdict"]:
        response = client.get(URL, {"claimant": claimant.slug, "order": order})
        assert listed(response) == in_verdict_order(claims, descending=order == "-verdict")


def test_claim_list_by_verdict_queries_do_not_grow_with_claims(client, across_verdicts):
    # The stored counters locate the page: the verdicts, then one read per verdict it spans
    # (page 2 of 20: true 21-25, half-true 1-3, false 1-12).
    first = queries_of(client, URL, {"order": "verdict"})
    straddling = queries_of(client, URL, {"order": "verdict", "page": "2"})
    ClaimFactory.create_batch(30, verdict=across_verdicts[0].verdict)
    more = queries_of(client, URL, {"order": "verdict", "page": "2"})

    assert len(straddling) == len(first) + 2
    assert len(more) == len(first)

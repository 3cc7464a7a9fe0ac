"""The read-only JSON API, /api/: the public scope only, the HTML list's filters, keyset paging,
405 for every write, JSON errors, the throttle, and the docs page under the CSP (issue 7 §3)."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.filters import ClaimFilter
from claims.models import Claim, Correction, ReviewNote
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

CLAIMS = "/api/claims/"

# Every path of the schema (tests/test_api_schema.py runs schemathesis on each).
PATHS = [
    "/api/claims/",
    "/api/claims/{slug}/",
    "/api/articles/",
    "/api/articles/{slug}/",
    "/api/claimants/",
    "/api/claimants/{slug}/",
    "/api/sources/",
    "/api/sources/{id}/",
    "/api/verdicts/",
    "/api/verdicts/{slug}/",
]


def get(client, url, data=None, status=200):
    response = client.get(url, data)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def every_page(client, url, data=None):
    """The results of every page, following `next` to the end (a next link that goes round in
    circles fails, rather than looping forever)."""
    results, page = [], get(client, url, data)
    results += page["results"]
    while page["next"]:
        assert len(results) <= 1000, "the next links never end"
        page = get(client, page["next"])
        results += page["results"]
    return results


def slugs(results):
    return [r["slug"] for r in results]


def day(month, d):
    return datetime(2025, month, d, 12, tzinfo=UTC)


# The public scope.


def test_claim_list_shows_published_claims_only(client):
    published = ClaimFactory()
    draft = ClaimFactory(draft=True)
    in_review = ClaimFactory(in_review=True)
    not_checkable = ClaimFactory(draft=True, status=Claim.Status.NOT_CHECKABLE)

    assert slugs(every_page(client, CLAIMS)) == [published.slug]
    for hidden in [draft, in_review, not_checkable]:
        assert get(client, f"{CLAIMS}{hidden.slug}/", status=404)["detail"]


def test_claim_shows_its_verdict_claimant_article_evidence_public_notes_and_corrections(
    client, editor
):
    claim = ClaimFactory(slug="unemployment", conclusion="Figures show 1%.")
    source = SourceFactory(title="Labour report", title_note="title from URL")
    EvidenceFactory(claim=claim, source=source, stance="contradicts", excerpt="fell by 1%")
    ReviewNoteFactory(claim=claim, body="We asked the ministry.", visibility="public")
    ReviewNoteFactory(claim=claim, body="Desk only: call Marc back.")
    mostly = VerdictFactory(slug="mostly-false", label="Mostly false", score=2, order=4)
    services.correct(
        claim=claim, user=editor, kind="update", text="New figures.", new_verdict=mostly
    )

    data = get(client, f"{CLAIMS}unemployment/")

    assert data["url"] == "http://testserver/api/claims/unemployment/"
    assert data["html_url"] == "http://testserver/claims/unemployment/"
    assert data["verdict"]["slug"] == "mostly-false"
    assert data["conclusion"] == "Figures show 1%."
    assert data["claimant"]["name"] == claim.claimant.name
    assert data["article"]["headline"] == claim.article.headline
    assert "body" not in data["article"]
    [evidence] = data["evidence"]
    assert evidence["stance"] == "contradicts"
    assert evidence["excerpt"] == "fell by 1%"
    assert evidence["source"]["title"] == "Labour report"
    assert evidence["source"]["url"] == f"http://testserver/api/sources/{source.pk}/"
    assert [n["body"] for n in data["notes"]] == ["We asked the ministry."]
    [correction] = data["corrections"]
    assert correction["kind"] == "update"
    assert correction["previous_verdict"]["slug"] == "false"
    assert correction["new_verdict"]["slug"] == "mostly-false"
    # Nothing of the desk's side.
    text = str(data)
    for secret in ["Desk only", "title from URL", "researcher", "reviewer", "status", "version"]:
        assert secret not in text


def test_claim_without_claimant_says_so(client):
    ClaimFactory(slug="own-statement", claimant=None)

    assert get(client, f"{CLAIMS}own-statement/")["claimant"] is None


def test_articles_claimants_and_sources_of_drafts_stay_hidden(client):
    shown = EvidenceFactory(claim=ClaimFactory())
    hidden = EvidenceFactory(claim=ClaimFactory(draft=True))
    # A source cited by a draft and by a published claim is public through the published one.
    EvidenceFactory(claim=ClaimFactory(in_review=True), source=shown.source)

    for kind, attribute in [("articles", "article"), ("claimants", "claimant")]:
        listed = slugs(every_page(client, f"/api/{kind}/"))
        assert listed == [getattr(shown.claim, attribute).slug]
        get(client, f"/api/{kind}/{getattr(hidden.claim, attribute).slug}/", status=404)
    assert [s["id"] for s in every_page(client, "/api/sources/")] == [shown.source.pk]
    get(client, f"/api/sources/{hidden.source.pk}/", status=404)
    assert get(client, f"/api/sources/{shown.source.pk}/")["title"] == shown.source.title


def test_article_detail_has_the_text_and_a_link_to_its_claims(client):
    claim = ClaimFactory()
    ClaimFactory(article=claim.article, draft=True, quote="Critics said the figure was wrong")

    data = get(client, f"/api/articles/{claim.article.slug}/")

    assert data["body"] == claim.article.body
    assert data["published_claims"] == 1
    assert slugs(every_page(client, data["claims_url"])) == [claim.slug]


def test_verdict_scale_is_listed_whole_in_scale_order(client):
    VerdictFactory(slug="true", label="True", order=1)
    VerdictFactory()  # false, order 5
    VerdictFactory(slug="half-true", label="Half true", order=3)

    data = get(client, "/api/verdicts/")

    assert slugs(data) == ["true", "half-true", "false"]
    assert get(client, "/api/verdicts/half-true/")["label"] == "Half true"


# Filters: exactly the HTML list's.


def html_listed(client, query):
    """The slugs the HTML claim list shows for these parameters (one page is enough here)."""
    response = client.get("/claims/", query)
    assert response.status_code == 200
    return re.findall(r'class="claim-row__quote"><a href="/claims/([^/"]+)/"', response.text)


@pytest.fixture
def archive():
    """Claims that differ in every filtered column."""
    true = VerdictFactory(slug="true", label="True", order=1)
    false = VerdictFactory()
    macron = ClaimantFactory(slug="macron", name="Emmanuel Macron")
    article = ArticleFactory(slug="summit")
    ClaimFactory(slug="jan-true", verdict=true, published_at=day(1, 10), claimant=macron)
    ClaimFactory(slug="feb-false", verdict=false, published_at=day(2, 10), article=article)
    ClaimFactory(
        slug="mar-event",
        verdict=true,
        published_at=day(3, 10),
        claim_type=Claim.Type.EVENT,
        article=article,
        quote="Critics said the figure was wrong",
        conclusion="A zeppelin never landed.",
    )
    ClaimFactory(slug="apr-nobody", verdict=false, published_at=day(4, 10), claimant=None)
    ClaimFactory(slug="draft", draft=True, claimant=macron, article=article)


PARITY = [
    {},
    {"verdict": "true"},
    {"claimant": "macron"},
    {"article": "summit"},
    {"claim_type": "event"},
    {"published_after": "2025-02-01"},
    {"published_before": "2025-02-28"},
    {"published_after": "2025-02-01", "published_before": "2025-03-31"},
    {"q": "zeppelin"},
    {"q": "MACRON"},
    {"order": "oldest"},
    {"order": "verdict"},
    {"order": "-verdict"},
    {"verdict": "false", "order": "oldest"},
    {"article": "summit", "claim_type": "number", "q": "unemployment"},
]


@pytest.mark.parametrize("query", PARITY, ids=[str(q) for q in PARITY])
def test_claim_list_filters_give_the_claims_the_html_list_gives(client, archive, query):
    html = html_listed(client, query)

    assert slugs(every_page(client, CLAIMS, query)) == html
    assert "draft" not in html


INVALID = [
    ({"verdict": "no-such-verdict"}, "verdict", "Choose a verdict from the list."),
    ({"claimant": "nobody"}, "claimant", "Choose who said it from the list."),
    ({"article": "draft-only"}, "article", "Choose an article from the list."),
    ({"claim_type": "poem"}, "claim_type", "Choose a type of claim from the list."),
    ({"published_after": "2025-02-30"}, "published_after", "Enter a date as year-month-day"),
    ({"order": "random"}, "order", "Choose an order from the list."),
    ({"q": "x" * 201}, "q", "Use at most 200 characters"),
    (
        {"published_after": "2025-03-01", "published_before": "2025-02-01"},
        "published_before",
        "on or after",
    ),
]


@pytest.mark.parametrize(("query", "field", "message"), INVALID, ids=[i[1] for i in INVALID])
def test_invalid_filter_is_a_400_naming_the_filter_and_what_to_fix(client, query, field, message):
    ClaimFactory(draft=True, article=ArticleFactory(slug="draft-only"))

    errors = get(client, CLAIMS, query, status=400)

    assert list(errors) == [field]
    assert message in errors[field][0]


# Paging.


def test_claim_list_pages_to_the_last_page_and_back_without_repeats_or_gaps(client):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    claims = [
        ClaimFactory(slug=f"claim-{i:02}", published_at=start + timedelta(hours=i))
        for i in range(45)
    ]
    newest_first = [c.slug for c in reversed(claims)]

    pages = [get(client, CLAIMS)]
    while pages[-1]["next"] and len(pages) < 10:
        pages.append(get(client, pages[-1]["next"]))

    assert [len(p["results"]) for p in pages] == [20, 20, 5]
    assert [s for p in pages for s in slugs(p["results"])] == newest_first
    assert pages[0]["previous"] is None
    # Back from the last page: the same pages, in the same order.
    back = get(client, pages[-1]["previous"])
    assert slugs(back["results"]) == slugs(pages[1]["results"])
    first = get(client, back["previous"])
    assert slugs(first["results"]) == slugs(pages[0]["results"])
    assert first["previous"] is None


@pytest.mark.parametrize("order", ["verdict", "-verdict", "oldest"])
def test_claim_list_pages_through_ties_in_any_order(client, order):
    """Many claims share a verdict (and a publication time): the cursor keys on every ordering
    field down to the id, so no page repeats or skips one."""
    same_time = day(5, 1)
    true, false = VerdictFactory(slug="true", label="True", order=1), VerdictFactory()
    for i in range(7):
        ClaimFactory(verdict=true if i % 2 else false, published_at=same_time)
    expected = html_listed(client, {"order": order})

    assert slugs(every_page(client, CLAIMS, {"order": order, "page_size": 2})) == expected


@pytest.mark.parametrize("order", ["verdict", "-verdict"])
def test_claim_list_in_verdict_order_pages_back_across_verdicts(client, order):
    """Pages in the verdicts' order are read one verdict at a time: following `previous` from
    the last page gives the same pages again, across each verdict's boundary."""
    verdicts = [
        VerdictFactory(slug="true", label="True", order=1),
        VerdictFactory(slug="mixed", label="Mixed", order=3),
        VerdictFactory(slug="false", label="False", order=5),
    ]
    for i in range(7):
        ClaimFactory(verdict=verdicts[i % 3], published_at=day(4, 1 + i % 2))
    forward = [get(client, CLAIMS, {"order": order, "page_size": 2})]
    while forward[-1]["next"] and len(forward) < 10:
        forward.append(get(client, forward[-1]["next"]))
    assert [s for p in forward for s in slugs(p["results"])] == html_listed(
        client, {"order": order}
    )

    back = [forward[-1]]
    while back[-1]["previous"] and len(back) < 10:
        back.append(get(client, back[-1]["previous"]))

    assert [slugs(p["results"]) for p in reversed(back)] == [slugs(p["results"]) for p in forward]


def test_a_search_pages_through_every_match_best_first_and_back(client):
    """A search is ordered by its rank: the cursor holds each row's rank, so following `next`
    gives every match once, in the HTML list's order, with ranks tied and not (it was a 500
    once a search had more than a page of matches)."""
    for i in range(9):
        ClaimFactory(
            conclusion=f"Housing starts rose {i}" + (" housing housing" if i % 3 == 0 else ""),
            published_at=day(3, 1 + i % 2),
        )
    ClaimFactory(conclusion="Nothing about homes")
    expected = html_listed(client, {"q": "housing"})
    assert len(expected) == 9

    pages = [get(client, CLAIMS, {"q": "housing", "page_size": 2})]
    while pages[-1]["next"] and len(pages) < 10:
        pages.append(get(client, pages[-1]["next"]))

    assert [s for p in pages for s in slugs(p["results"])] == expected
    back = get(client, pages[-1]["previous"])
    assert slugs(back["results"]) == slugs(pages[-2]["results"])


def test_claim_list_deep_page_reads_from_the_cursor_not_an_offset(client):
    ClaimFactory.create_batch(5)
    second = get(client, CLAIMS, {"page_size": 2})["next"]

    with CaptureQueriesContext(connection) as queries:
        get(client, second)

    sql = queries.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql
    assert '"PUBLISHED_AT" <' in sql or '"PUBLISHED_AT" <=' in sql


def test_a_forged_or_foreign_cursor_is_a_404(client):
    ClaimFactory.create_batch(3)
    next_link = get(client, CLAIMS, {"page_size": 1})["next"]
    [cursor] = parse_qs(urlsplit(next_link).query)["cursor"]
    assert get(client, CLAIMS, {"cursor": cursor, "page_size": 1})["results"]

    get(client, CLAIMS, {"cursor": "not-a-cursor"}, status=404)
    get(client, CLAIMS, {"cursor": cursor[:-2] + "xx"}, status=404)
    # Made for the claim list newest first: not valid in another order.
    get(client, CLAIMS, {"cursor": cursor, "order": "verdict"}, status=404)
    get(client, CLAIMS, {"cursor": cursor, "order": "oldest"}, status=404)
    assert get(client, CLAIMS, {"cursor": cursor, "order": "newest"})["results"]


@pytest.mark.parametrize(
    "url",
    ["/api/articles/", "/api/claimants/", "/api/sources/"],
)
def test_other_lists_page_to_the_end(client, url):
    for _ in range(5):
        EvidenceFactory()

    assert len(every_page(client, url, {"page_size": 2})) == 5


# Query counts: a page costs the same whatever the archive's size.


def fill(n):
    editor = EditorFactory()
    for claim in ClaimFactory.create_batch(n):
        EvidenceFactory.create_batch(2, claim=claim)
        ReviewNoteFactory(claim=claim, visibility="public")
        ReviewNoteFactory(claim=claim)
        services.correct(claim=claim, user=editor, kind="clarification", text="Reworded.")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries)


API_LISTS = ["/api/claims/", "/api/articles/", "/api/claimants/", "/api/sources/"]


@pytest.mark.parametrize("url", API_LISTS)
def test_list_queries_do_not_grow_with_the_archive(client, url):
    fill(10)
    at_10 = queries_for(client, url)
    fill(190)
    at_200 = queries_for(client, url)

    # /api/claims/: the claims with verdict, claimant and article; their evidence with sources;
    # their public notes; their corrections with verdicts (4). Other lists: the rows (1).
    assert at_10 == at_200 == (4 if url == CLAIMS else 1)


def test_claim_detail_queries_do_not_grow_with_its_evidence(client):
    claim = ClaimFactory(slug="checked")
    EvidenceFactory(claim=claim)
    at_1 = queries_for(client, f"{CLAIMS}checked/")
    EvidenceFactory.create_batch(9, claim=claim)
    ReviewNoteFactory.create_batch(3, claim=claim, visibility=ReviewNote.Visibility.PUBLIC)

    assert queries_for(client, f"{CLAIMS}checked/") == at_1 == 4


# Read-only: every write method, every endpoint.


def endpoints():
    claim = ClaimFactory(slug="c")
    source = EvidenceFactory(claim=claim).source
    return [
        CLAIMS,
        f"{CLAIMS}c/",
        "/api/articles/",
        f"/api/articles/{claim.article.slug}/",
        "/api/claimants/",
        f"/api/claimants/{claim.claimant.slug}/",
        "/api/sources/",
        f"/api/sources/{source.pk}/",
        "/api/verdicts/",
        f"/api/verdicts/{claim.verdict.slug}/",
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_write_method_on_every_endpoint_is_a_405(method, editor):
    # With CSRF checks on, as a browser would meet them, and logged in as an editor: still 405.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    urls = endpoints()
    before = Claim.objects.count(), Correction.objects.count()

    for url in urls:
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code == 405, (method, url)
        assert response.json()["detail"] == f'Method "{method.upper()}" not allowed.'
        assert "GET" in response["Allow"] and method.upper() not in response["Allow"]
    assert (Claim.objects.count(), Correction.objects.count()) == before


def test_head_and_options_are_answered(client):
    for url in endpoints():
        assert client.head(url).status_code == 200, url
        assert client.options(url).status_code == 200, url


# Errors are JSON, never a page or a 500.


def test_unknown_address_under_api_is_a_json_404(client):
    assert get(client, "/api/nothing-here/", status=404) == {"detail": "Not found."}
    assert get(client, "/api/claims/a/b/", status=404) == {"detail": "Not found."}


def test_nul_byte_is_a_json_400(client):
    data = get(client, CLAIMS, {"q": "a\x00b"}, status=400)

    assert data == {"detail": "NUL characters are not allowed in a request."}
    # The site's pages keep their own refusal.
    page = client.get("/claims/", {"q": "a\x00b"})
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_api_answers_json_only(client):
    ClaimFactory()

    response = client.get(CLAIMS, HTTP_ACCEPT="text/html")

    # The browsable API is off: its pages carry inline script the site's CSP refuses.
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"


# Throttle.


def test_anonymous_clients_are_throttled(client, settings):
    settings.API_ANON_RATE = "3/minute"
    cache.clear()
    ClaimFactory.create_batch(4)

    # Pages the cache does not hold yet (a page it holds costs one query and is not counted).
    statuses = [client.get(CLAIMS, {"page_size": n}).status_code for n in range(1, 5)]
    # Another address for the throttle only if the connection comes from another address.
    forged = client.get(CLAIMS, {"page_size": 5}, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert statuses == [200, 200, 200, 429]
    assert forged.status_code == 429
    assert "throttled" in forged.json()["detail"]
    assert int(forged["Retry-After"]) > 0
    cache.clear()


def test_production_settings_throttle_the_api():
    from claimtracker import settings as production

    assert production.API_ANON_RATE == "120/minute"


# The schema and the docs page.


def test_schema_documents_every_endpoint(client):
    schema = get_schema(client)

    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == sorted(PATHS)
    claim_filters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert claim_filters == set(ClaimFilter.base_filters) | {"cursor", "page_size"}


def get_schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def documented(schema):
    return {
        (path, status)
        for path, operations in schema["paths"].items()
        for status in operations["get"]["responses"]
    }


def test_every_documented_status_is_real(client):
    """Each status the schema documents, on each path, answered by a real request (the 429 by
    test_anonymous_clients_are_throttled, alike on every view)."""
    claim = ClaimFactory(slug="c")
    source = EvidenceFactory(claim=claim).source
    slugs_by_kind = {
        "claims": "c",
        "articles": claim.article.slug,
        "claimants": claim.claimant.slug,
        "verdicts": claim.verdict.slug,
    }

    def real(path):
        kind = path.split("/")[2]
        return path.replace("{id}", str(source.pk)).replace("{slug}", slugs_by_kind.get(kind, ""))

    requests = {
        "200": lambda path: (real(path), {}),
        "400": lambda path: (real(path), {"q": "\x00"}),
        "404": lambda path: (
            (path.replace("{slug}", "missing").replace("{id}", "0"), {})
            if "{" in path
            else (path, {"cursor": "forged"})
        ),
    }
    statuses = documented(get_schema(client))
    assert {status for _, status in statuses} == {*requests, "429"}
    for path, status in statuses - {(p, "429") for p, _ in statuses}:
        response = client.get(*requests[status](path))
        assert response.status_code == int(status), (path, status)
        assert response["Content-Type"] == "application/json"
    # The claim list's 400 is its filters' too.
    assert "verdict" in client.get(CLAIMS, {"verdict": "x"}).json()


def test_docs_page_loads_everything_from_this_site_under_the_site_csp(client):
    site_policy = client.get("/claims/")["Content-Security-Policy"]

    page = client.get("/api/docs/")
    script = client.get("/api/docs/", {"script": ""})

    assert page.status_code == script.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 6  # favicon, 2 stylesheets, 3 scripts
    assert all(a.startswith(("/static/", "/api/docs/")) for a in assets), assets
    assert "<style" not in page.text and "<script>" not in page.text
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset
    assert script["Content-Type"] == "application/javascript"
    assert "/api/schema/" in script.text
    # Swagger UI needs no exception to the policy once its page has no inline style
    # (tests/test_browser_api.py records no violation): the docs keep the site's strict one.
    assert page["Content-Security-Policy"] == site_policy
    assert "unsafe" not in site_policy and "script-src 'self'" in site_policy

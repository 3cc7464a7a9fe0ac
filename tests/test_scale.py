"""What keeps the lists fast at 100,000 claims: the desk's stored work order, right on every
route that writes a status, and an index behind every list's default order (read from the
database's own query plan: a list that sorts its whole table instead would crawl)."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Claim, Correction
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

WORK_ORDER = {
    Claim.Status.IN_REVIEW: 0,
    Claim.Status.RESEARCHING: 1,
    Claim.Status.NEW: 2,
    Claim.Status.PUBLISHED: 3,
    Claim.Status.NOT_CHECKABLE: 4,
}


def stored_work_order(claim):
    return Claim.objects.values_list("work_order", flat=True).get(pk=claim.pk)


@pytest.mark.parametrize("status", WORK_ORDER)
def test_work_order_follows_a_saved_status(status):
    claim = ClaimFactory(draft=True, status=Claim.Status.NEW)

    claim.status = status
    if status == Claim.Status.PUBLISHED:
        claim.verdict, claim.published_at = ClaimFactory().verdict, claim.updated_at
    claim.save()

    assert stored_work_order(claim) == claim.work_order == WORK_ORDER[status]


def test_work_order_follows_a_workflow_step(ready, editor):
    assert stored_work_order(ready) == 0  # in review

    services.TRANSITIONS["send_back"].run(claim=ready, user=editor, note="More sources.")

    assert stored_work_order(ready) == 1


def test_work_order_follows_bulk_writes_that_skip_save():
    claim = ClaimFactory(draft=True)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
    assert stored_work_order(claim) == 0

    [made] = Claim.objects.bulk_create(
        [Claim(**{**model_fields(claim), "slug": "bulk", "status": Claim.Status.NEW})]
    )
    assert stored_work_order(made) == 2


def model_fields(claim):
    return {
        f.attname: getattr(claim, f.attname)
        for f in Claim._meta.concrete_fields
        if not f.primary_key and not f.generated
    }


def test_work_order_follows_a_loaded_fixture(tmp_path):
    claim = ClaimFactory(draft=True)
    fixture = tmp_path / "claim.json"
    data = json.loads(serialized(claim))
    data[0]["fields"]["status"] = Claim.Status.IN_REVIEW
    fixture.write_text(json.dumps(data))

    call_command("loaddata", str(fixture), verbosity=0)

    assert stored_work_order(claim) == 0


def serialized(claim):
    from django.core import serializers

    return serializers.serialize("json", [claim])


# The query plans.


def sorts_every_row(sql):
    """Whether the database must sort the rows to answer `sql` (no index gives its order).

    A deep page is read by key (claims.paging.rows_of_page: `WHERE id IN (SELECT id … LIMIT
    20 OFFSET n)`): the keys must come in order from an index, and then sorting the page's
    own rows, found by key, is no sort of every row."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = cursor.fetchall()
            top = [detail for _, parent, _, detail in plan if parent == 0]
            by_key = any(d.startswith("LIST SUBQUERY") for d in top) and next(
                d for d in top if d.startswith(("SCAN", "SEARCH"))
            ).endswith("USING INTEGER PRIMARY KEY (rowid=?)")
            return any(
                "FOR ORDER BY" in detail and not (parent == 0 and by_key)
                for _, parent, _, detail in plan
            )
        # Tiny test tables are cheapest to sort; forbid sorting to see whether an index can
        # serve the order at all (the plan keeps a Sort node only when nothing else can).
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        [[plan]] = cursor.fetchone()
        cursor.execute("RESET enable_sort")
        return any(sorts_more_than_ties(node) for node in plan_nodes(plan["Plan"]))


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def row_sources(node):
    """The nodes whose rows flow up into `node`: not a SubPlan's or an InitPlan's (a probe per
    row, such as a correlated subquery's `LIMIT 1`, limits nothing above it)."""
    yield node
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") not in ("SubPlan", "InitPlan"):
            yield from row_sources(child)


def sorts_more_than_ties(node):
    """A Sort sorts every row it is given, unless a Limit below it gave them (a page's keys:
    then it sorts that page). An Incremental Sort that reads its rows already in
    order of every key but the last (the id that breaks ties) sorts only rows that tie on all
    the others, a handful at a time: PostgreSQL picks one over an index such as (status,
    updated_at) when its statistics are stale (CI saw it after a large rolled-back insert)."""
    if node["Node Type"] == "Sort":
        return not any(below["Node Type"] == "Limit" for below in row_sources(node))
    if node["Node Type"] == "Incremental Sort":
        return len(node.get("Presorted Key", [])) < len(node["Sort Key"]) - 1
    return False


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(
            ("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql
        )
        return "\n".join(str(row) for row in cursor.fetchall()) + "\n" + sql


def page_queries(client, url, table):
    """The SQL of the page's ordered SELECTs from `table` (its rows: usually one query; one per
    verdict the page spans when ordered by verdict)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    selects = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(f'SELECT "{table}"."id"')
        and f'FROM "{table}"' in q["sql"]
        and "ORDER BY" in q["sql"]
    ]
    assert selects, f"{url} read no page of {table}"
    return selects


def page_query(client, url, table):
    """The SQL of the page's ordered SELECT from `table` (the last one: the page's rows)."""
    return page_queries(client, url, table)[-1]


@pytest.fixture
def some_of_everything():
    claimant, article = ClaimantFactory(), ArticleFactory()
    claims = ClaimFactory.create_batch(3, claimant=claimant, article=article)
    ClaimFactory(draft=True, claimant=claimant, article=article)
    for claim in claims:
        EvidenceFactory(claim=claim, source=SourceFactory())
        ReviewNoteFactory(claim=claim)
    Correction.objects.create(claim=claims[0], text="New figures.")
    return {"claim": claims[0], "claimant": claimant, "article": article}


ADMIN_LISTS = [
    ("claim", "", "claims_claim"),
    ("claim", "?p=2", "claims_claim"),
    ("claim", "?status__exact=in_review", "claims_claim"),
    # Sorted by the claim, status or updated column, either way round (ClaimChangeList).
    *[("claim", f"?o={way}{column}", "claims_claim") for column in (1, 2, 6) for way in ("", "-")],
    ("claim", "?o=-6&p=2", "claims_claim"),
    ("evidence", "", "claims_evidence"),
    ("reviewnote", "", "claims_reviewnote"),
    ("source", "", "claims_source"),
    ("article", "", "claims_article"),
    ("claimant", "", "claims_claimant"),
    ("correction", "", "claims_correction"),
]


@pytest.mark.parametrize(("model", "query", "table"), ADMIN_LISTS)
def test_admin_lists_read_their_order_from_an_index(
    admin_client, some_of_everything, monkeypatch, model, query, table
):
    from claims.admin.claim import ClaimAdmin

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 2)  # so that there is a page 2
    url = reverse(f"admin:claims_{model}_changelist") + query

    sql = page_query(admin_client, url, table)
    assert not sorts_every_row(sql), explain(sql)


def public_lists(everything):
    return [
        ("/", "claims_claim"),
        ("/claims/", "claims_claim"),
        ("/claims/?order=oldest", "claims_claim"),
        ("/claims/?verdict=false", "claims_claim"),
        (f"/claims/?claimant={everything['claimant'].slug}", "claims_claim"),
        (f"/claims/?article={everything['article'].slug}", "claims_claim"),
        ("/claims/?claim_type=number", "claims_claim"),
        # By verdict: one verdict at a time, newest first (filters.ByVerdict); with one
        # verdict chosen, newest first.
        ("/claims/?order=verdict", "claims_claim"),
        ("/claims/?order=-verdict", "claims_claim"),
        ("/claims/?order=verdict&claim_type=number", "claims_claim"),
        ("/claims/?order=-verdict&verdict=false", "claims_claim"),
        ("/articles/", "claims_article"),
        ("/claimants/", "claims_claimant"),
        (everything["claimant"].get_absolute_url(), "claims_claim"),
        ("/corrections/", "claims_correction"),
    ]


FEEDS = [
    ("/feeds/claims.atom", "claims_claim"),
    # SQLite sorted every correction of a published claim for it, joined to their claims.
    ("/feeds/corrections.atom", "claims_correction"),
]


def test_public_lists_read_their_order_from_an_index(client, some_of_everything):
    for url, table in public_lists(some_of_everything) + FEEDS:
        for sql in page_queries(client, url, table):
            assert not sorts_every_row(sql), (url, explain(sql))


@pytest.mark.parametrize("order", ["verdict", "-verdict"])
def test_the_api_in_verdict_order_reads_each_page_from_an_index(client, some_of_everything, order):
    # ORDER BY a column of the verdict table sorted every published claim for each page (1.5 s
    # at 1,000,000 claims on PostgreSQL); the cursor reads one verdict at a time.
    ClaimFactory(verdict=VerdictFactory(), claimant=some_of_everything["claimant"])
    first = f"/api/claims/?order={order}&page_size=2"
    for url in [first, client.get(first).json()["next"]]:
        queries = page_queries(client, url, "claims_claim")
        assert queries, url
        for sql in queries:
            assert not sorts_every_row(sql), (url, explain(sql))


def test_public_lists_last_page_exists_and_reads_its_rows_from_an_index(
    client, some_of_everything, monkeypatch
):
    # Deep pages are a bounded OFFSET: lists stop at MAX_PAGES. Here a page is one row and a
    # list two pages, so page 2 of each list is its last page and page 3 is past it.
    from claims import paging, views

    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    monkeypatch.setattr(views, "CLAIMS_PER_PAGE", 1)
    monkeypatch.setattr(views, "ARTICLES_PER_PAGE", 1)
    for claim in Claim.objects.published()[1:]:
        Correction.objects.create(claim=claim, text="New figures.")
    for _ in range(2):  # three articles and claimants with published claims
        ClaimFactory(claimant=ClaimantFactory(), article=ArticleFactory())

    for url, table in public_lists(some_of_everything)[1:]:  # the home page has no pages
        joiner = "&" if "?" in url else "?"
        for sql in page_queries(client, f"{url}{joiner}page=2", table):
            assert not sorts_every_row(sql), (url, explain(sql))
        assert client.get(f"{url}{joiner}page=3").status_code == 404, url


def test_corrections_find_their_page_and_count_without_reading_a_claim(client, some_of_everything):
    # Joined to their claims, PostgreSQL hashed every published claim to find a deep page of
    # /corrections/ (at 100,000 claims); looked up by key, each of the 2,000 corrections before
    # page 100 probed its claim. Each correction's own `public` flag answers alone, from
    # correction_public_latest_idx; only the page's 20 claims are read, by key, afterwards.
    sql = page_query(client, "/corrections/", "claims_correction")
    count = next(q for q in counts_of(client, "/corrections/") if "claims_correction" in q)

    for query in [sql, count]:
        assert "claims_claim" not in query, query
        assert not sorts_every_row(query), explain(query)
    if connection.vendor == "sqlite":
        assert "USING INDEX correction_public_latest_idx" in explain(sql), explain(sql)


def nodes_reading(node, table):
    if node.get("Relation Name") == table:
        yield node
    for child in node.get("Plans", []):
        yield from nodes_reading(child, table)


# Query counts that must not grow: the admin's claim page with its evidence and notes.


def change_page_queries(client, claim):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_admin_claim_page_query_count_does_not_grow_with_its_evidence_and_notes(admin_client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    ReviewNoteFactory(claim=claim)
    change_page_queries(admin_client, claim)  # warm up per-process caches

    with_one = change_page_queries(admin_client, claim)
    EvidenceFactory.create_batch(5, claim=claim)
    ReviewNoteFactory.create_batch(5, claim=claim)
    ClaimFactory.create_batch(5, article=claim.article)
    with_six = change_page_queries(admin_client, claim)

    assert len(with_six) == len(with_one), "\n".join(with_six)


def counts_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]


@pytest.mark.parametrize(
    "url",
    [
        "/articles/",
        "/claimants/",
        "/corrections/",
        *(
            f"/admin/claims/{model}/"
            for model in ["claim", "evidence", "reviewnote", "source", "article", "correction"]
        ),
        "/admin/claims/claim/?status__exact=published",
    ],
)
def test_lists_that_show_no_exact_count_count_only_as_far_as_their_last_page(
    admin_client, some_of_everything, url
):
    # A COUNT(*) of every match read every published claim at 100,000 claims; the lists stop
    # at MAX_PAGES anyway, so the count stops there too (LIMIT).
    counts = counts_of(admin_client, url)

    assert counts
    assert all("LIMIT" in sql and '"claim_count"' not in sql for sql in counts), counts


def test_seed_claims_leaves_what_the_desk_would(admin_client):
    from claims.models import Evidence, ReviewNote

    call_command("seed_claims", "300", "--seed", "3", verbosity=0)

    claims = Claim.objects.all()
    assert claims.published().count() == 300
    assert set(claims.in_progress().values_list("status", flat=True)) == set(Claim.IN_PROGRESS)
    # Every claim has its evidence and an internal note; some published ones a public note and
    # a correction, never a draft.
    assert not claims.filter(evidence=None).exists()
    internal = ReviewNote.objects.filter(visibility=ReviewNote.Visibility.INTERNAL)
    assert internal.values("claim").distinct().count() == claims.count()
    public = ReviewNote.objects.public()
    assert public.exists()
    assert not public.exclude(claim__status=Claim.Status.PUBLISHED).exists()
    corrections = Correction.objects.select_related("claim")
    assert corrections.exists()
    assert all(c.claim.is_published and c.new_verdict_id == c.claim.verdict_id for c in corrections)
    assert set(Correction.objects.public()) == set(corrections)  # /corrections/ lists them all
    assert Evidence.objects.count() >= claims.count()
    # The desk's order is right on every seeded claim, and the admin lists open work first.
    for status, order in Claim.WORK_ORDER.items():
        assert not claims.filter(status=status).exclude(work_order=order).exists()
    page = admin_client.get(reverse("admin:claims_claim_changelist"))
    assert page.context["cl"].result_list[0].status == Claim.Status.IN_REVIEW


def counts_as_run(client, url):
    """The page's COUNT queries as the database runs them: SQL with its parameters bound, not
    the SQL Django logs with them written in (the plans of the two may differ: SQLite takes a
    literal `published_claims > 0` as implied by a partial index's condition, and a bound
    parameter not)."""
    run = []

    def record(execute, sql, params, many, context):
        if sql.startswith("SELECT COUNT("):
            run.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, url
    return run


def reads_an_index_only(sql, params, table):
    """Whether answering `sql` reads no row of `table`, only an index holding all it needs
    (SQLite). PostgreSQL plans a query with its parameters written in, and whether it reads the
    table of a never-vacuumed test database besides an index is its visibility map's affair:
    there, whether it reads an index rather than the whole table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            reads = [row[-1] for row in cursor.fetchall() if f" {table}" in row[-1]]
            return bool(reads) and all("USING COVERING INDEX" in r for r in reads)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        [plan] = cursor.fetchone()[0]
        cursor.execute("RESET enable_seqscan")
    reads = list(nodes_reading(plan["Plan"], table))
    return bool(reads) and all(node["Node Type"] != "Seq Scan" for node in reads)


@pytest.mark.parametrize(
    ("url", "tables"),
    [
        ("/articles/", ["claims_article"]),
        ("/articles/?page=2", ["claims_article"]),
        ("/claimants/", ["claims_claimant"]),
        ("/sitemap.xml", ["claims_article", "claims_claimant"]),
    ],
)
def test_public_article_and_claimant_counts_read_an_index_only(
    client, some_of_everything, monkeypatch, url, tables
):
    # Counting the public articles (the list's pages, the sitemap index's sections) read every
    # article row on SQLite, each one's whole text included: published_claims, which the count
    # filters on, comes after the text in the table (docs/perf.md). With the statistics ANALYZE
    # gives (seed_claims and bench run it) SQLite scanned the table; without, it took an index
    # and still read each row to check the filter's bound parameter.
    from claims import views
    from claims.sitemaps import SlugSitemap

    monkeypatch.setattr(views, "ARTICLES_PER_PAGE", 1)
    # Past a page of keys, so that the sitemap index counts its sections' rows.
    monkeypatch.setattr(SlugSitemap, "limit", 1)
    ArticleFactory.create_batch(2)  # no published claim: not counted
    ClaimFactory(claimant=ClaimantFactory(), article=ArticleFactory())

    counts = counts_as_run(client, url)

    assert {table for sql, _ in counts for table in tables if f'FROM "{table}"' in sql} == set(
        tables
    )
    for sql, params in counts:
        table = next(t for t in tables if f'FROM "{t}"' in sql)
        assert reads_an_index_only(sql, params, table), explain(sql % tuple(params))


def plan_of(sql):
    """The plan as text; on PostgreSQL with sorting and table scans off, so that the tiny test
    tables show what an index can do (the plan keeps them only when nothing else can)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_sort")
        cursor.execute("RESET enable_seqscan")
        return plan


def test_sitemap_index_reads_each_sections_last_change_from_an_index(client, some_of_everything):
    # The index's lastmod of each section was MAX(updated_at) over every published claim,
    # three times (a table scan each at 100,000 claims), and its claim pages a COUNT of them.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claims:sitemap"))
    assert response.status_code == 200
    assert response.text.count("<lastmod>") == 3
    sql = [q["sql"] for q in queries.captured_queries]
    last_changes = [q for q in sql if "updated_at" in q]

    assert len(last_changes) == 4  # claims; articles (theirs and their claims'); claimants
    for query in last_changes:
        plan = plan_of(query)
        # One entry from the end of an index on updated_at, not an aggregate over the rows:
        # (status, updated_at), or the admin's (updated_at, id), which PostgreSQL may read
        # backwards past drafts when its statistics of these tiny tables say they are few.
        indexes = ["claim_updated_idx", "claim_desk_updated_idx", "article_public_updated_idx"]
        assert any(index in plan for index in indexes), plan
        assert "Aggregate" not in plan and "TEMP B-TREE" not in plan, plan
    assert not [q for q in sql if "COUNT(" in q and '"claims_claim"' in q]


@pytest.mark.parametrize("query", ["published_after=2000-01-01", "published_before=2999-12-31"])
def test_a_date_filter_seeks_the_index_to_its_day(client, some_of_everything, query):
    """A day is compared as the times it starts and ends, which the (status, published_at)
    index holds: the page seeks to them instead of reading every published claim's date."""
    # On PostgreSQL plan_of forbids sorting too: with table scans alone forbidden, the plan of
    # these tiny tables followed whatever statistics autovacuum had left (CI once found the claims
    # through the article's key and sorted them), not what the index can do.
    sql = page_query(client, f"/claims/?{query}", "claims_claim")
    plan = plan_of(sql) + "\n" + sql
    bound = "published_at >" if "after" in query else "published_at <"
    if connection.vendor == "sqlite":
        assert re.search(r"USING (COVERING )?INDEX \w+ \(status=\? AND published_at[<>]", plan), (
            plan
        )
    else:
        index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
        assert any(bound in line for line in index_conditions), plan


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_compiles_no_query_just_in_time(client, some_of_everything):
    """At 1,000,000 claims PostgreSQL's estimates pass jit_above_cost for pages that read 20 rows
    or probe 2,000 by key, and compiling took longer than running them (docs/perf.md)."""
    client.get("/corrections/")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit_above_cost = 0")  # what every query costs at 1M claims
        cursor.execute(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {page_query(client, '/corrections/', 'claims_correction')}"
        )
        [[plan]] = cursor.fetchone()
    assert "JIT" not in plan


@pytest.mark.parametrize("order", ["", "&order=oldest", "&order=verdict", "&order=-verdict"])
def test_a_deep_page_of_claims_skips_the_claims_before_it_by_key_alone(
    client, some_of_everything, monkeypatch, order
):
    # Joined, every claim before a deep page had its article, claimant and verdict read only to
    # be skipped (20 ms of SQL for page 100 at 1,000,000 claims): the keys come first, from an
    # index alone, and only the page's claims are read in full (claims.paging.rows_of_page).
    from claims import views

    monkeypatch.setattr(views, "CLAIMS_PER_PAGE", 2)
    for _ in range(2):  # five published claims: three pages, the last with one
        ClaimFactory(claimant=some_of_everything["claimant"])
    published = Claim.objects.published()

    shown = [
        claim
        for n in [1, 2, 3]
        for claim in client.get(f"/claims/?page={n}{order}").context["page"].object_list
    ]
    for url in [f"/claims/?page=3{order}", some_of_everything["claimant"].get_absolute_url()]:
        sql = page_query(client, url + ("?page=3" if "?" not in url else ""), "claims_claim")
        outer, keys = sql.split(' IN (SELECT "U0"."id"', 1)
        assert "OFFSET" not in outer and "OFFSET 4" in keys and "JOIN" not in keys, sql

    ordering = {
        "": ["-published_at", "-pk"],
        "&order=oldest": ["published_at", "pk"],
        "&order=verdict": ["verdict__order", "verdict__label", "-published_at", "-pk"],
        "&order=-verdict": ["-verdict__order", "-verdict__label", "-published_at", "-pk"],
    }[order]
    assert shown == list(published.order_by(*ordering))  # every claim once, in order


@pytest.mark.parametrize("params", [{}, {"q": "tram"}, {"q": "tram", "order": "newest"}])
def test_the_claim_list_never_reads_an_articles_text(client, params):
    # Its rows show the article's headline. A ranked search sorts every match of its window to
    # find a page, 2,001 rows, and with the text each was a whole article (12 KB in bench data).
    ClaimFactory.create_batch(3, conclusion="Tram fares rose.")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("claims:claim_list"), {**params, "page": 1})

    assert response.status_code == 200 and "3 claims match." in response.text
    assert not [q["sql"] for q in captured if '"claims_article"."body"' in q["sql"]]

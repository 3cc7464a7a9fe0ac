"""`manage.py bench`: its reference views exist only when asked for, and a small run works."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def test_bench_views_are_not_served_by_default(client):
    assert client.get("/bench/hello/").status_code == 404
    assert client.get("/bench/floor/").status_code == 404
    assert client.get("/bench/floor/claim-1/").status_code == 404


@pytest.fixture
def bench_urls(settings):
    import importlib

    import claimtracker.urls

    settings.BENCH_VIEWS = True
    clear_url_caches()
    importlib.reload(claimtracker.urls)
    yield
    settings.BENCH_VIEWS = False
    importlib.reload(claimtracker.urls)
    clear_url_caches()


def test_floor_view_renders_the_lists_20_newest_rows_escaped(client, bench_urls):
    from tests.factories import ClaimFactory

    claims = ClaimFactory.create_batch(21, conclusion="<b>not bold</b>")

    response = client.get("/bench/floor/")

    assert response.status_code == 200
    assert response.text.count('class="claim-row"') == 20
    assert f"/claims/{claims[-1].slug}/" in response.text
    assert f"/claims/{claims[0].slug}/" not in response.text  # the oldest is on page 2
    assert "&lt;b&gt;not bold&lt;/b&gt;" in response.text


def test_claim_floor_renders_one_published_claim_and_its_sources_escaped(client, bench_urls):
    from tests.factories import ClaimFactory, EvidenceFactory

    claim = ClaimFactory(conclusion="<b>not bold</b>")
    evidence = EvidenceFactory(claim=claim)
    draft = ClaimFactory(draft=True)

    response = client.get(f"/bench/floor/{claim.slug}/")

    assert response.status_code == 200
    assert "&lt;b&gt;not bold&lt;/b&gt;" in response.text
    assert evidence.source.url in response.text
    assert client.get(f"/bench/floor/{draft.slug}/").status_code == 404


@override_settings()
def test_bench_seeds_its_own_database_and_reports_every_page(tmp_path):
    report = tmp_path / "bench.json"

    call_command(
        "bench",
        "--claims=40",
        f"--database=sqlite:///{tmp_path / 'bench.sqlite3'}",
        "--no-http",
        "--repeat=1",
        f"--json={report}",
    )

    figures = json.loads(report.read_text())
    assert figures["claims"] == 40
    pages = figures["in_process"]
    assert {
        "hello",
        "floor",
        "claim floor",
        "claims",
        "claims ?q",
        "claims last page",
        "articles last page",
        "claimants last page",
        "claimant page last page",
        "corrections last page",
        "admin claims",
        "admin claims ?status",
        "admin claims last page",
        "admin claims by update",
        "admin claims ?q by update",
        "admin claim change",
        "admin evidence",
        "claims ?order=verdict",
        "feed of verdicts",
        "sitemap index",
        "api claims",
        "api claims ?q",
        "api claims ?order=verdict",
        "api claim",
        "claim embed",
    } <= pages.keys()
    assert len(figures["load_average_after"]) == 3
    assert pages["floor"]["queries"] == 1
    assert pages["claim floor"]["queries"] == 2
    assert all(page["queries"] >= 1 for name, page in pages.items() if name != "hello")
    # Each page is measured rendering, not read from the page cache (one query, the stamp).
    public = ["home", "claims", "claim page", "article page", "claimants", "corrections"]
    assert all(pages[name]["queries"] > 1 for name in public)

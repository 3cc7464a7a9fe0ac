"""The demo fixtures: the seed article fact-checked, loadable twice, every row valid."""

import importlib
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import (
    AboutSection,
    Article,
    Claim,
    Claimant,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)

pytestmark = pytest.mark.django_db

split_title_note = importlib.import_module(
    "claims.migrations.0009_title_notes_and_about_permissions"
).split_title_note

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed"


@pytest.fixture
def demo():
    call_command("loaddata", "verdicts", "demo", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [Verdict, Article, Claimant, Claim, Source, Evidence, ReviewNote]
    }


def test_demo_loads_the_whole_seed_article(demo):
    assert counts() == {
        "Verdict": 7,
        "Article": 1,
        "Claimant": 4,
        "Claim": 25,
        "Source": 36,
        "Evidence": 85,
        "ReviewNote": 18,
    }


def test_loading_the_fixtures_twice_changes_nothing(demo):
    before = counts()
    slugs = set(Claim.objects.values_list("slug", "span_start", "span_end", "status"))
    call_command("loaddata", "verdicts", "demo", verbosity=0)
    assert counts() == before
    assert set(Claim.objects.values_list("slug", "span_start", "span_end", "status")) == slugs


def test_every_loaded_object_passes_full_clean(demo):
    # loaddata saves raw rows without validation (HAZARDS.md #4).
    for model in [Verdict, Article, Claimant, Source, Claim, Evidence, ReviewNote, AboutSection]:
        for obj in model.objects.all():
            obj.full_clean()


def test_every_claim_span_matches_its_quote(demo):
    body = Article.objects.get().body
    for claim in Claim.objects.all():
        assert body[claim.span_start : claim.span_end] == claim.quote, claim.slug


def test_most_claims_are_published_and_some_still_in_the_workflow(demo):
    statuses = list(Claim.objects.values_list("status", flat=True))
    assert statuses.count("published") == 21
    assert {"in_review", "researching"} <= set(statuses)
    published = Claim.objects.published()
    assert all(c.verdict_id and c.conclusion and c.evidence.exists() for c in published)
    assert all(c.reviewer_id != c.researcher_id for c in published)


def test_the_nested_pair_is_published(demo):
    inner = Claim.objects.get(quote="former U.S. President Donald Trump")
    outer = Claim.objects.get(quote__startswith="Italian Prime Minister Giorgia Meloni and former")
    assert inner.is_published and outer.is_published
    assert outer.span_start < inner.span_start and inner.span_end < outer.span_end


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed folder is not beside the project")
def test_demo_matches_the_desk_research(demo):
    article = (SEED / "article.txt").read_text(encoding="utf-8")
    research = json.loads((SEED / "factbase.json").read_text(encoding="utf-8"))
    assert Article.objects.get().body == article
    by_quote = {c.quote: c for c in Claim.objects.select_related("verdict", "claimant")}
    assert len(by_quote) == len(research) == 25
    for item in research:
        claim = by_quote[item["quote"]]
        assert claim.claim_type == item["claim_type"]
        if claim.verdict:
            assert claim.verdict.slug == item["verdict"], item["id"]
        if item["claimant"]:
            assert claim.claimant.name == item["claimant"]["name"]
            assert claim.claimant.role == item["claimant"]["role"]
        else:
            assert claim.claimant is None
        urls = {s["url"] for s in item["sources"]}
        assert set(claim.evidence.values_list("source__url", flat=True)) == urls, item["id"]
    for item in research:
        for s in item["sources"]:
            source = Source.objects.get(url=s["url"])
            # The desk's notes about a title ("title from URL") are kept apart from it.
            title, note = split_title_note(s["title"])
            assert (source.title, source.title_note, source.publisher) == (
                title,
                note,
                s["publisher"],
            )
            published_on = source.published_on and source.published_on.isoformat()
            assert published_on == s["published_on"]


def test_setup_demo_gives_the_demo_accounts_a_login_and_a_baseline_history(client):
    call_command("setup_demo", verbosity=0)
    call_command("setup_demo", verbosity=0)  # a second run must not fail or duplicate
    assert Claim.objects.count() == 25
    # One baseline history row per object, not one per run (loaddata records none).
    for model in [Claim, Evidence, Source, Article, Claimant, Verdict, ReviewNote, AboutSection]:
        assert model.history.count() == model.objects.count(), model.__name__
    assert AboutSection.objects.count() == 6
    assert client.login(username="editor", password="editor-demo-2025")
    assert client.login(username="factchecker", password="factchecker-demo-2025")

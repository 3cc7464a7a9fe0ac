"""Nothing reaches readers without an editor: what a fact-checker may and may not change, on the
screens where it was measured (issue 6 §1). tests/test_permissions.py covers every route."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from claims import services
from claims.models import Article, Evidence, ReviewNote, Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
)
from tests.test_admin_workflow import csrf_post, desk_client

pytestmark = pytest.mark.django_db


def note_data(claim, visibility, **fields):
    return {
        "claim": claim.pk,
        "body": "Readers should know this.",
        "visibility": visibility,
    } | fields


def evidence_data(claim, source, **fields):
    return {
        "claim": claim.pk,
        "source": source.pk,
        "stance": "contradicts",
        "excerpt": "",
        "note": "It says otherwise.",
        "order": 0,
    } | fields


def form_errors(response):
    return response.context["adminform"].form.errors


def test_fact_checker_cannot_add_a_public_note_to_a_published_claim(checker):
    claim = ClaimFactory()
    url = reverse("admin:claims_reviewnote_add")

    response = csrf_post(desk_client(checker), url, note_data(claim, "public"), page=url)

    assert response.status_code == 200
    assert "only an editor can add one" in form_errors(response)["visibility"][0]
    assert not ReviewNote.objects.exists()


def test_fact_checker_adds_an_internal_note_to_a_published_claim(checker):
    claim = ClaimFactory()
    url = reverse("admin:claims_reviewnote_add")

    response = csrf_post(desk_client(checker), url, note_data(claim, "internal"), page=url)

    assert response.status_code == 302
    assert ReviewNote.objects.get().claim == claim


def test_fact_checker_adds_a_public_note_to_a_draft(checker):
    claim = ClaimFactory(draft=True)
    url = reverse("admin:claims_reviewnote_add")

    response = csrf_post(desk_client(checker), url, note_data(claim, "public"), page=url)

    assert response.status_code == 302
    assert ReviewNote.objects.get().visibility == "public"


def test_editor_adds_a_public_note_to_a_published_claim(editor):
    claim = ClaimFactory()
    url = reverse("admin:claims_reviewnote_add")

    response = csrf_post(desk_client(editor), url, note_data(claim, "public"), page=url)

    assert response.status_code == 302
    assert ReviewNote.objects.public().get().claim == claim


def test_fact_checker_cannot_make_an_internal_note_on_a_published_claim_public(checker):
    note = ReviewNoteFactory(author=checker)  # internal, on a published claim
    url = reverse("admin:claims_reviewnote_change", args=[note.pk])

    response = csrf_post(desk_client(checker), url, note_data(note.claim, "public"), page=url)

    assert response.status_code == 200
    assert "visibility" in form_errors(response)
    assert ReviewNote.objects.get().visibility == "internal"


def test_fact_checker_cannot_add_evidence_to_a_published_claim(checker):
    claim, source = ClaimFactory(), SourceFactory()
    url = reverse("admin:claims_evidence_add")

    response = csrf_post(desk_client(checker), url, evidence_data(claim, source), page=url)

    assert response.status_code == 200
    assert "only an editor can add or change its evidence" in form_errors(response)["claim"][0]
    assert not Evidence.objects.exists()


def test_fact_checker_cannot_move_draft_evidence_onto_a_published_claim(checker):
    evidence, published = EvidenceFactory(claim__draft=True), ClaimFactory()
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])

    response = csrf_post(
        desk_client(checker), url, evidence_data(published, evidence.source), page=url
    )

    assert response.status_code == 200
    assert "claim" in form_errors(response)
    # The page stays editable, so the fact-checker can choose another claim.
    assertContains(response, 'name="claim"')
    assert Evidence.objects.get().claim == evidence.claim


def test_fact_checker_adds_evidence_to_a_draft(checker):
    claim, source = ClaimFactory(draft=True), SourceFactory()
    url = reverse("admin:claims_evidence_add")

    response = csrf_post(desk_client(checker), url, evidence_data(claim, source), page=url)

    assert response.status_code == 302
    assert Evidence.objects.get().claim == claim


def test_published_evidence_is_read_only_for_a_fact_checker(checker):
    evidence = EvidenceFactory()
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    client = desk_client(checker)

    page = client.get(url)
    response = csrf_post(
        client, url, evidence_data(evidence.claim, evidence.source, note="Softened."), page=url
    )

    assert page.status_code == 200 and 'name="note"' not in page.text
    assert response.status_code == 403
    assert Evidence.objects.get().note == evidence.note


def test_the_published_articles_text_is_read_only_for_a_fact_checker(checker, editor):
    claim = ClaimFactory()
    url = reverse("admin:claims_article_change", args=[claim.article.pk])
    data = {
        "headline": "A new headline",
        "slug": claim.article.slug,
        "outlet": "",
        "url": "",
        "published_on": "",
        "language": "en",
        "body": claim.article.body + " An added sentence.",
        "opened_version": claim.article.version,
    }

    assert 'name="body"' not in desk_client(checker).get(url).text
    assert csrf_post(desk_client(checker), url, data, page=url).status_code == 403
    assert Article.objects.get().headline == claim.article.headline
    assert csrf_post(desk_client(editor), url, data, page=url).status_code == 302
    assert Article.objects.get().headline == "A new headline"


def test_fact_checker_edits_an_article_no_published_claim_quotes(checker):
    claim = ClaimFactory(draft=True)
    url = reverse("admin:claims_article_change", args=[claim.article.pk])

    assert 'name="body"' in desk_client(checker).get(url).text


def test_a_cited_sources_title_is_read_only_for_a_fact_checker(checker):
    cited, uncited = EvidenceFactory().source, SourceFactory()
    client = desk_client(checker)

    for source, editable in [(cited, False), (uncited, True)]:
        url = reverse("admin:claims_source_change", args=[source.pk])
        data = {"url": source.url, "title": "Retitled", "publisher": "", "source_type": "news"}
        data["opened_version"] = source.version
        response = csrf_post(client, url, data, page=url)
        assert response.status_code == (302 if editable else 403)
        assert (Source.objects.get(pk=source.pk).title == "Retitled") is editable


def test_the_author_of_a_note_is_not_a_choice(checker, editor):
    claim = ClaimFactory(draft=True)
    url = reverse("admin:claims_reviewnote_add")
    client = desk_client(checker)

    page = client.get(url)
    response = csrf_post(client, url, note_data(claim, "internal", author=editor.pk), page=url)

    assert 'name="author"' not in page.text
    assert response.status_code == 302
    assert ReviewNote.objects.get().author == checker


def test_editing_a_note_keeps_its_author(checker, editor):
    note = ReviewNoteFactory(claim__draft=True, author=checker)
    url = reverse("admin:claims_reviewnote_change", args=[note.pk])

    csrf_post(
        desk_client(editor),
        url,
        note_data(note.claim, "internal", body="Tidied.", opened_version=note.version),
        page=url,
    )

    note.refresh_from_db()
    assert (note.body, note.author) == ("Tidied.", checker)


def test_claim_inlines_are_read_only_for_a_fact_checker_on_a_published_claim(checker):
    claim = ClaimFactory(researcher=checker)
    EvidenceFactory(claim=claim)
    ReviewNoteFactory(claim=claim)

    page = desk_client(checker).get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assert page.status_code == 200
    for field in ["evidence-0-note", "evidence-0-DELETE", "notes-0-body"]:
        assert f'name="{field}"' not in page.text


def test_relocating_a_published_claims_quote_needs_an_editor(checker, editor):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.relocate_claims(article=claim.article, user=checker)
    assert services.relocate_claims(article=claim.article, user=editor) == 0


def test_checking_the_rule_costs_no_query_per_row(checker):
    # The changelist asks for permissions without an object: one query count for 2 and 20 rows.
    def queries(rows):
        ArticleFactory.create_batch(rows)
        client = desk_client(checker)
        client.get(reverse("admin:claims_article_changelist"))  # warm the session
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("admin:claims_article_changelist"))
        return len(context.captured_queries)

    assert queries(2) == queries(18)

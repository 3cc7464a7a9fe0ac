"""The editors' admin, through HTTP: changelists, the claim form and its checks, inlines, CSRF."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from claims.models import Claim, Correction, ReviewNote
from tests.admin_forms import QUOTE, claim_form_data, existing_claim_data
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

# Longer than SQLite's 50,000-byte LIKE pattern limit (HAZARDS.md #2).
OVERLONG_SEARCH = "x" * 60_000


@pytest.fixture
def one_of_everything():
    evidence = EvidenceFactory()
    note = ReviewNoteFactory(claim=evidence.claim)
    correction = Correction.objects.create(
        claim=evidence.claim, text="The verdict was corrected.", new_verdict=evidence.claim.verdict
    )
    return {
        "article": evidence.claim.article,
        "claimant": evidence.claim.claimant,
        "verdict": evidence.claim.verdict,
        "claim": evidence.claim,
        "source": evidence.source,
        "evidence": evidence,
        "reviewnote": note,
        "correction": correction,
    }


def form_errors(response):
    return response.context["adminform"].form.errors


# Changelist


def test_claim_changelist_shows_the_restatement_or_the_quote_and_status(admin_client):
    ClaimFactory(claim_reviewed="Unemployment fell by 3% last year.")
    ClaimFactory(draft=True, quote="Critics said the figure was wrong.", claim_reviewed="")

    response = admin_client.get(reverse("admin:claims_claim_changelist"))

    assertContains(response, ">Unemployment fell by 3% last year.</span>")
    assertContains(response, ">Critics said the figure was wrong.</span>")
    assertContains(response, '<td class="field-status">Published</td>', html=True)
    assertContains(response, '<td class="field-status">Researching</td>', html=True)


def test_claim_changelist_lists_work_in_progress_first(admin_client):
    """Waiting for review, then in research, then new, then the rest; each latest first."""
    published = ClaimFactory(claim_reviewed="Published")
    old_review, review = (ClaimFactory(in_review=True, claim_reviewed=f"Review {n}") for n in "12")
    researching = ClaimFactory(draft=True, claim_reviewed="Researching")
    new = ClaimFactory(draft=True, status=Claim.Status.NEW, claim_reviewed="New")
    published.conclusion = "Edited last."
    published.save()

    response = admin_client.get(reverse("admin:claims_claim_changelist"))

    assert list(response.context["cl"].result_list) == [
        review,
        old_review,
        researching,
        new,
        published,
    ]


@pytest.mark.parametrize("way", ["", "-"], ids=["up", "down"])
def test_claim_changelist_sorted_by_status_follows_the_desks_order_of_work(admin_client, way):
    """Not the statuses' codes in alphabetical order: the desk's own order (open work first,
    each latest first), or that order turned round."""
    review_1, review_2 = ClaimFactory.create_batch(2, in_review=True)
    new = ClaimFactory(draft=True, status=Claim.Status.NEW)
    researching = ClaimFactory(draft=True)
    published = ClaimFactory()
    not_checkable = ClaimFactory(draft=True, status=Claim.Status.NOT_CHECKABLE)
    in_order = [review_2, review_1, researching, new, published, not_checkable]

    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"o": f"{way}2"})

    shown = list(response.context["cl"].result_list)
    assert shown == (in_order if way == "" else in_order[::-1])


def test_claim_changelist_sorted_by_update_puts_the_latest_change_first(admin_client):
    first, second, third = ClaimFactory.create_batch(3, draft=True)
    first.conclusion = "Edited last."
    first.save()

    url = reverse("admin:claims_claim_changelist")
    latest_first = admin_client.get(url, {"o": "-6"})
    oldest_first = admin_client.get(url, {"o": "6"})

    assert list(latest_first.context["cl"].result_list) == [first, third, second]
    assert list(oldest_first.context["cl"].result_list) == [second, third, first]


def test_claim_changelist_sorted_by_an_unknown_column_keeps_the_desks_order(admin_client):
    done = ClaimFactory()
    work = ClaimFactory(in_review=True)

    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"o": "99"})

    assert list(response.context["cl"].result_list) == [work, done]


def test_claim_changelist_names_people_and_shortens_the_headline(admin_client):
    headline = "Twenty Nations Commit to Military Presence in Ukraine for Future Security"
    ClaimFactory(
        article=ArticleFactory(headline=headline),
        researcher=UserFactory(first_name="Farah", last_name="Checker"),
        claimant=None,
    )

    response = admin_client.get(reverse("admin:claims_claim_changelist"))

    assertContains(response, '<td class="field-researcher_name">Farah Checker</td>', html=True)
    assertContains(response, '<td class="field-claimant nowrap">—</td>', html=True)
    assertContains(response, ">Twenty Nations Commit to…</span>")
    assertNotContains(response, f">{headline}<")


def test_claim_search_finds_a_claim_by_its_conclusion(admin_client):
    ClaimFactory(claim_reviewed="Jobs claim", conclusion="The statistics office counts 1%, not 3%.")
    ClaimFactory(claim_reviewed="Other claim", conclusion="Nothing to see here.")

    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": "office counts"})

    assert [str(c) for c in response.context["cl"].result_list] == ["Jobs claim"]


def test_claim_search_of_60000_characters_returns_the_changelist(admin_client):
    ClaimFactory()

    response = admin_client.get(reverse("admin:claims_claim_changelist"), {"q": OVERLONG_SEARCH})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:claims_article_changelist",
        "admin:claims_claimant_changelist",
        "admin:claims_source_changelist",
        "admin:claims_evidence_changelist",
        "admin:claims_reviewnote_changelist",
        "admin:claims_correction_changelist",
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_every_admin_search_survives_a_60000_character_term(
    admin_client, one_of_everything, url_name
):
    # SQLite only fails when it has a row to match the pattern against: one_of_everything.
    response = admin_client.get(reverse(url_name), {"q": OVERLONG_SEARCH})

    # The list answers, searched with the term cut short: nothing matches 200 "x"s.
    assert response.status_code == 200
    assert "0 results" in response.text


@pytest.mark.parametrize("field_name", ["article", "claimant", "researcher", "reviewer"])
def test_claim_autocomplete_survives_a_60000_character_term(
    admin_client, one_of_everything, field_name
):
    params = {"app_label": "claims", "model_name": "claim", "field_name": field_name}

    response = admin_client.get(reverse("admin:autocomplete"), params | {"term": OVERLONG_SEARCH})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_claim_autocomplete_finds_an_article_by_headline(admin_client):
    article = ArticleFactory(headline="Twenty Nations Commit")
    ArticleFactory(headline="Something else")
    params = {"app_label": "claims", "model_name": "claim", "field_name": "article"}

    response = admin_client.get(reverse("admin:autocomplete"), params | {"term": "twenty"})

    assert response.json()["results"] == [{"id": str(article.pk), "text": "Twenty Nations Commit"}]


def changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_claim_changelist_query_count_does_not_grow_with_rows(admin_client):
    # Shared related rows keep the setup fast; without list_select_related each row would still
    # cost one query per foreign key shown, shared or not.
    article, claimant, user = ArticleFactory(), ClaimantFactory(), UserFactory()
    rows = {"article": article, "claimant": claimant, "researcher": user, "reviewer": user}
    url = reverse("admin:claims_claim_changelist")
    ClaimFactory.create_batch(10, **rows)
    admin_client.get(url)  # warm up per-process caches

    at_10 = changelist_queries(admin_client, url)
    ClaimFactory.create_batch(190, **rows)
    at_200 = changelist_queries(admin_client, url)

    # 1 session, 2 user, 3-6 the filter sidebar's choices (verdicts; the latest articles, the
    # busiest claimants, the desk's members: short lists, none scanning the claims), 7 COUNT(*)
    # for the paginator, 8 the page of claims joined to article, claimant, verdict and
    # researcher. No full-table COUNT(*): show_full_result_count.
    assert at_10 == at_200 == 8


def sidebar_links(response, parameter):
    return re.findall(rf'href="\?{parameter}=(\d+)"', response.text)


def test_claim_changelist_sidebar_offers_the_latest_articles_and_keeps_a_chosen_older_one(
    admin_client,
):
    oldest = ClaimFactory()
    newer = ClaimFactory.create_batch(20)
    url = reverse("admin:claims_claim_changelist")

    response = admin_client.get(url)

    articles = sidebar_links(response, "article__id__exact")
    assert len(articles) == 20
    assert str(oldest.article_id) not in articles
    assert str(newer[-1].article_id) in articles

    chosen = admin_client.get(url, {"article__id__exact": oldest.article_id})

    assertContains(chosen, oldest.article.headline)
    assert [c.pk for c in chosen.context["cl"].result_list] == [oldest.pk]


def correction_rows(n):
    claim = ClaimFactory()
    return [Correction.objects.create(claim=claim, text=f"Fixed {i}.") for i in range(n)]


ROW_MAKERS = {
    "article": lambda n: ArticleFactory.create_batch(n),
    "claimant": lambda n: ClaimantFactory.create_batch(n),
    "source": lambda n: SourceFactory.create_batch(n),
    "evidence": lambda n: EvidenceFactory.create_batch(n, claim=ClaimFactory()),
    "reviewnote": lambda n: ReviewNoteFactory.create_batch(n, claim=ClaimFactory()),
    "correction": correction_rows,
}


@pytest.mark.parametrize("model_name", ROW_MAKERS)
def test_other_changelists_query_count_does_not_grow_with_rows(admin_client, model_name):
    # Each: session, user, (filter choices), COUNT(*), the page with its foreign keys joined.
    url = reverse(f"admin:claims_{model_name}_changelist")
    ROW_MAKERS[model_name](10)
    admin_client.get(url)

    at_10 = changelist_queries(admin_client, url)
    ROW_MAKERS[model_name](190)
    at_200 = changelist_queries(admin_client, url)

    assert at_10 == at_200


# The claim form


def test_claim_change_form_shows_the_quote_in_its_sentence(admin_client):
    claim = ClaimFactory(quote=QUOTE)

    response = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assertContains(
        response,
        '<span class="quote-in-context">The minister said '
        "<mark>unemployment fell by 3% last year</mark>.</span>",
        html=True,
    )


def test_quote_in_context_escapes_the_article_text(admin_client):
    article = ArticleFactory(body="Headline\n\nHe wrote <script>alert(1)</script> and left.")
    claim = ClaimFactory(article=article, quote="<script>alert(1)</script>")

    response = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assertContains(
        response, "He wrote <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> and left."
    )
    assertNotContains(response, "<script>alert(1)")


def test_add_claim_refuses_a_quote_not_in_the_article(admin_client):
    article = ArticleFactory()

    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(article=article.pk, quote="unemployment rose by 3%"),
    )

    assert response.status_code == 200
    assertContains(response, "This quote does not appear in the article")
    assert "quote" in form_errors(response)
    assert Claim.objects.count() == 0


def test_add_claim_saves_the_span_of_a_valid_quote(admin_client):
    article = ArticleFactory()

    response = admin_client.post(
        reverse("admin:claims_claim_add"), claim_form_data(article=article.pk, quote=QUOTE)
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.span_start, claim.span_end) == (
        article.body.index(QUOTE),
        article.body.index(QUOTE) + len(QUOTE),
    )
    assert article.body[claim.span_start : claim.span_end] == QUOTE


@pytest.fixture
def article_repeating_a_phrase():
    return ArticleFactory(
        body="Headline\n\nThe minister said jobs grew. Later the minister said jobs grew again."
    )


def test_add_claim_asks_which_occurrence_of_a_repeated_quote(
    admin_client, article_repeating_a_phrase
):
    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(article=article_repeating_a_phrase.pk, quote="minister said jobs grew"),
    )

    assert response.status_code == 200
    assertContains(response, "This quote appears 2 times in the article. Choose which one is meant")
    assert "occurrence" in form_errors(response)
    assert Claim.objects.count() == 0


def test_add_claim_saves_the_chosen_occurrence(admin_client, article_repeating_a_phrase):
    body = article_repeating_a_phrase.body

    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(
            article=article_repeating_a_phrase.pk, quote="minister said jobs grew", occurrence=2
        ),
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    second = body.index("minister said jobs grew", body.index("minister said jobs grew") + 1)
    assert (claim.span_start, claim.span_end) == (second, second + len("minister said jobs grew"))


def test_the_form_cannot_publish_a_claim(admin_client):
    # Status moves only through the workflow's steps, which check the publishing rules.
    article, verdict = ArticleFactory(), VerdictFactory()

    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(article=article.pk, status=Claim.Status.PUBLISHED, verdict=verdict.pk),
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.NEW
    assert claim.published_at is None


def test_the_form_cannot_change_a_published_verdict(admin_client):
    # After publication the verdict changes only with a correction.
    claim = ClaimFactory()
    other = VerdictFactory(slug="true", label="True", score=5, order=1)

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, verdict=other.pk),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.verdict.slug == "false"


def test_editing_a_claim_keeps_its_span(admin_client):
    claim = ClaimFactory(draft=True)
    span = (claim.span_start, claim.span_end)

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, conclusion="Rewritten."),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.conclusion == "Rewritten."
    assert (claim.span_start, claim.span_end) == span


def test_published_claim_slug_cannot_be_changed(admin_client):
    claim = ClaimFactory(slug="permanent")

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, slug="renamed"),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.slug == "permanent"


def test_view_on_site_links_published_claims_only(admin_client):
    published, draft = ClaimFactory(), ClaimFactory(draft=True)

    published_page = admin_client.get(reverse("admin:claims_claim_change", args=[published.pk]))
    draft_page = admin_client.get(reverse("admin:claims_claim_change", args=[draft.pk]))

    assertContains(published_page, 'class="viewsitelink"')
    assertNotContains(draft_page, 'class="viewsitelink"')


def test_claim_history_shows_who_changed_what(admin_client):
    claim = ClaimFactory(draft=True, conclusion="First draft.")
    admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, conclusion="Second draft."),
    )

    response = admin_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))

    assertContains(response, "Second draft.")
    assertContains(response, "First draft.")
    assertContains(response, "<td>admin</td>", html=True)


# Inlines


def test_new_review_note_without_author_is_the_editors(admin_client, admin_user):
    claim = ClaimFactory(draft=True)
    note = {"body": "Asked the ministry for its table.", "visibility": "internal", "author": ""}

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, notes=[note]),
    )

    assert response.status_code == 302
    assert ReviewNote.objects.get(claim=claim).author == admin_user


def test_a_new_review_note_is_its_writers_whatever_author_is_posted(admin_client, admin_user):
    claim, colleague = ClaimFactory(draft=True), UserFactory()
    note = {"body": "Colleague's call notes.", "visibility": "internal", "author": colleague.pk}

    admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, notes=[note]),
    )

    assert ReviewNote.objects.get(claim=claim).author == admin_user


def test_evidence_inline_attaches_a_source(admin_client):
    claim, source = ClaimFactory(draft=True), SourceFactory()
    row = {"source": source.pk, "stance": "contradicts", "excerpt": "", "note": "", "order": 0}

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, evidence=[row]),
    )

    assert response.status_code == 302
    assert list(claim.evidence.values_list("source", "stance")) == [(source.pk, "contradicts")]


# Article


def test_article_change_page_lists_its_claims(admin_client):
    article = ArticleFactory()
    claim = ClaimFactory(article=article, quote=QUOTE)
    ClaimFactory(quote=QUOTE)  # another article's claim

    response = admin_client.get(reverse("admin:claims_article_change", args=[article.pk]))

    change_url = reverse("admin:claims_claim_change", args=[claim.pk])
    assertContains(response, f'<a href="{change_url}">{QUOTE}</a>', html=True)
    assertContains(response, "<td>Published</td><td>False</td>", html=True)
    claim_links = re.findall(r'href="/admin/claims/claim/\d+/change/"', response.content.decode())
    assert claim_links == [f'href="{change_url}"']


# Every model


MODEL_NAMES = [
    "article",
    "claimant",
    "verdict",
    "claim",
    "source",
    "evidence",
    "reviewnote",
    "correction",
]


@pytest.mark.parametrize("model_name", MODEL_NAMES)
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_every_model_admin_page_renders_for_a_superuser(
    admin_client, one_of_everything, model_name, page
):
    obj = one_of_everything[model_name]
    args = [obj.pk] if page == "change" else []

    response = admin_client.get(reverse(f"admin:claims_{model_name}_{page}", args=args))

    # Corrections are made with a claim's "Correct" step only; their admin is read-only.
    if (model_name, page) == ("correction", "add"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    change_url = reverse(f"admin:claims_{model_name}_change", args=[obj.pk])
    if page == "changelist":
        assert f'href="{change_url}"' in response.text  # the object is listed, with its link
    elif page == "add":
        assert f'id="{model_name}_form"' in response.text
    else:
        assertContains(response, escape(str(obj)))


# CSRF (the default test client skips the check: HAZARDS.md #6)


def test_claim_post_without_csrf_token_is_refused(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    article = ArticleFactory()
    url = reverse("admin:claims_claim_add")
    data = claim_form_data(article=article.pk)

    refused = client.post(url, data)

    assert refused.status_code == 403
    assert Claim.objects.count() == 0

    # The same post with the form's token goes through, so the 403 above was the CSRF check.
    form_page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    accepted = client.post(url, data | {"csrfmiddlewaretoken": token})

    assert accepted.status_code == 302
    assert Claim.objects.count() == 1


# Editing an article's text


def article_form_data(article, **fields):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "outlet": article.outlet,
        "url": article.url,
        "published_on": article.published_on,
        "language": article.language,
        "body": article.body,
        "opened_version": article.version,
    }
    return {name: "" if value is None else value for name, value in (data | fields).items()}


def test_editing_article_text_moves_its_claims_spans(admin_client):
    claim = ClaimFactory()
    article = claim.article
    body = "An added first sentence. " + article.body

    response = admin_client.post(
        reverse("admin:claims_article_change", args=[article.pk]),
        article_form_data(article, body=body),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert body[claim.span_start : claim.span_end] == claim.quote
    assert (
        claim.history.first().history_change_reason
        == "The article's text was edited; the quote moved"
    )


def test_article_text_that_loses_a_quote_is_refused(admin_client):
    claim = ClaimFactory()
    article = claim.article
    body = article.body.replace(claim.quote, "unemployment rose")

    response = admin_client.post(
        reverse("admin:claims_article_change", args=[article.pk]),
        article_form_data(article, body=body),
    )

    assert response.status_code == 200
    assertContains(response, "would lose the quotes of these claims")
    assertContains(response, "does not appear in the article")
    article.refresh_from_db()
    assert claim.quote in article.body


def test_a_correction_cannot_be_edited_in_the_admin_even_by_a_superuser(
    admin_client, one_of_everything
):
    # A correction is the desk's public word, made with the claim's Correct step only.
    correction = one_of_everything["correction"]
    url = reverse("admin:claims_correction_change", args=[correction.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"kind": "update", "text": "Rewritten afterwards."})

    assert page.status_code == 200
    assert 'name="text"' not in page.text
    assert response.status_code == 403
    correction.refresh_from_db()
    assert correction.text == "The verdict was corrected."


def test_claim_changelist_stops_at_max_pages(admin_client, monkeypatch):
    from claims import paging
    from claims.admin.claim import ClaimAdmin

    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 5)
    ClaimFactory.create_batch(12)
    url = reverse("admin:claims_claim_changelist")

    last = admin_client.get(url, {"p": "2"})
    searched = admin_client.get(url, {"q": "a"})

    assert len(last.context["cl"].result_list) == 5
    # The count stops past the last page too, and says so rather than a wrong number.
    assertContains(last, "More than 10 claims")
    assertNotContains(last, "11 claims")
    assertContains(searched, "More than 10 results")
    assert admin_client.get(url, {"p": "3"})["Location"].endswith("?e=1")


def test_admin_lists_count_every_match_below_the_cap(admin_client, monkeypatch):
    from claims import paging
    from claims.admin.claim import ClaimAdmin

    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 5)
    ClaimFactory.create_batch(10)

    page = admin_client.get(reverse("admin:claims_claim_changelist"))

    assertContains(page, "10 claims")
    assertNotContains(page, "More than")


def test_claim_changelist_never_loads_the_articles_text(admin_client):
    claim = ClaimFactory()

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:claims_claim_changelist"))

    assertContains(response, claim.article.headline)
    page = [q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"]]
    assert page and not [sql for sql in page if '"claims_article"."body"' in sql]

"""A claim stays on the words it quoted when its article's text is edited, and line endings from
the browser change nothing."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from claims import services
from claims.models import Article, Claim
from claims.quotes import QuoteNotFound, relocate_quote
from tests.admin_forms import claim_form_data
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory
from tests.test_admin import article_form_data
from tests.test_admin_workflow import csrf_post, desk_client

pytestmark = pytest.mark.django_db

QUOTE = "jobs are up"
BODY = (
    "Jobs report\n\n"
    "The minister said jobs are up. Critics agreed.\n\n"
    "The governor said jobs are up. Critics laughed."
)


@pytest.fixture
def governor_claim():
    """A claim on the second "jobs are up": the governor's, not the minister's."""
    article = ArticleFactory(body=BODY)
    return ClaimFactory(article=article, quote=QUOTE, occurrence=2, slug="governor")


def edit_text(article, body):
    editor = EditorFactory()
    url = reverse("admin:claims_article_change", args=[article.pk])
    return csrf_post(desk_client(editor), url, article_form_data(article, body=body), page=url)


def words_around(claim):
    body = Article.objects.get(pk=claim.article_id).body
    return body[claim.span_start - 18 : claim.span_end + 9]


def test_a_new_copy_of_the_quote_before_it_leaves_the_claim_on_its_words(governor_claim):
    assert words_around(governor_claim) == "The governor said jobs are up. Critics"
    body = BODY.replace("Jobs report\n\n", "Jobs report\n\nThe mayor said jobs are up.\n\n")

    response = edit_text(governor_claim.article, body)

    assert response.status_code == 302
    claim = Claim.objects.get(pk=governor_claim.pk)
    assert words_around(claim) == "The governor said jobs are up. Critics"
    assert claim.occurrence == 3  # it is now the third appearance


def test_a_copy_of_the_quote_after_it_changes_nothing(governor_claim):
    body = BODY + "\n\nThe mayor said jobs are up."

    edit_text(governor_claim.article, body)

    claim = Claim.objects.get(pk=governor_claim.pk)
    assert (claim.span_start, claim.span_end, claim.occurrence) == (
        governor_claim.span_start,
        governor_claim.span_end,
        2,
    )


def test_removing_the_other_copy_keeps_the_claim_on_its_words(governor_claim):
    body = BODY.replace("The minister said jobs are up. ", "")

    edit_text(governor_claim.article, body)

    claim = Claim.objects.get(pk=governor_claim.pk)
    assert words_around(claim) == "The governor said jobs are up. Critics"
    assert claim.occurrence == 1


def test_an_edit_that_makes_the_claims_words_indistinguishable_is_refused(governor_claim):
    # The whole text pasted twice: nothing says which copy the claim is about.
    body = BODY + "\n\n" + BODY

    response = edit_text(governor_claim.article, body)

    assert response.status_code == 200
    assertContains(response, "would lose the quotes of these claims")
    assertContains(response, "which one the claim is about would be lost")
    assert Article.objects.get(pk=governor_claim.article_id).body == BODY
    claim = Claim.objects.get(pk=governor_claim.pk)
    assert (claim.span_start, claim.occurrence) == (governor_claim.span_start, 2)


def test_relocate_quote_follows_the_surrounding_text():
    old = "A said X. B said X. C said X."
    new = "Z said X. " + old
    start, end, occurrence, appearances = relocate_quote(old, new, "X", old.index("B said X") + 7)
    assert new[start - 7 : end] == "B said X"
    assert (occurrence, appearances) == (3, 4)
    with pytest.raises(QuoteNotFound):
        relocate_quote("X. X.", "X. X. X.", "X", 3)


def test_relocate_claims_without_the_old_text_keeps_every_claim_where_it_is(governor_claim):
    editor = EditorFactory()
    assert services.relocate_claims(article=governor_claim.article, user=editor) == 0


# Line endings


def test_article_text_sent_with_crlf_is_saved_verbatim(governor_claim):
    response = edit_text(governor_claim.article, BODY.replace("\n", "\r\n"))

    assert response.status_code == 302
    assert Article.objects.get(pk=governor_claim.article_id).body == BODY
    claim = Claim.objects.get(pk=governor_claim.pk)
    assert claim.span_start == governor_claim.span_start


def test_a_quote_pasted_with_crlf_matches_the_text(admin_client):
    article = ArticleFactory(body=BODY)
    quote = "Critics agreed.\r\n\r\nThe governor"

    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(article=article.pk, quote=quote, slug="across-paragraphs"),
    )

    assert response.status_code == 302
    claim = Claim.objects.get(slug="across-paragraphs")
    assert claim.quote == "Critics agreed.\n\nThe governor"
    assert BODY[claim.span_start : claim.span_end] == claim.quote

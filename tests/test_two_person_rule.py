"""The two-person rule cannot be bypassed: who researched a claim is what its history shows (who
saved it, its evidence or notes, or took a research step while it was new or in research), not
the "researcher" field, and none of them may publish it. Through the admin, with CSRF on."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim
from claims.research import researchers
from tests.admin_forms import (
    browser_form,
    change_url,
    changelist_action,
    claim_form_data,
    csrf_post,
    desk_client,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga():
    """An editor who has not touched the claims below."""
    return EditorFactory(username="olga", first_name="Olga", last_name="Other")


def create_claim(user, **fields):
    """Add a claim through the admin as `user`, with everything publishing needs."""
    client = desk_client(user)
    data = claim_form_data(
        article=ArticleFactory().pk,
        verdict=VerdictFactory().pk,
        conclusion="Official figures show a fall of 1%, not 3%.",
        evidence=[{"source": SourceFactory().pk, "stance": "contradicts", "order": 1}],
        **fields,
    )
    add = reverse("admin:claims_claim_add")
    assert csrf_post(client, add, data, page=add).status_code == 302
    return Claim.objects.get(slug=data["slug"])


def take_step(user, claim, name, **answers):
    """Take a workflow step as the user would: its button in the claim's form, then, for a step
    that asks something first (a note, a confirmation), its page."""
    client = desk_client(user)
    data = browser_form(client.get(change_url(claim)).text) | {"_step": name}
    response = client.post(change_url(claim), data, follow=True)
    if response.redirect_chain and response.redirect_chain[-1][0] == step_url(claim, name):
        answers = {"opened_version": reload(claim).version, "confirmed": "True", **answers}
        response = csrf_post(client, step_url(claim, name), answers, page=step_url(claim, name))
    return response


def step_url(claim, name):
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def edit_claim(user, claim, **changes):
    client = desk_client(user)
    page = client.get(change_url(claim)).text
    data = browser_form(page) | changes | {"_save": "Save"}
    assert client.post(change_url(claim), data).status_code == 302


def reload(claim):
    return Claim.objects.get(pk=claim.pk)


def researched_by_on_the_page(user, claim):
    page = desk_client(user).get(change_url(claim)).text
    return re.search(r"researched by (.*?)(?: · |</p>)", page)[1]


def test_an_editor_who_did_the_research_alone_cannot_publish(editor, checker):
    """The bypass: created, named a fact-checker, started, submitted and published alone."""
    claim = create_claim(editor, researcher=checker.pk)
    take_step(editor, claim, "start_research")
    take_step(editor, claim, "submit_for_review")
    assert {row.history_user for row in reload(claim).history.all()} == {editor}

    response = take_step(editor, claim, "publish")

    assert "you researched it, and a second person must review it" in response.text
    assert reload(claim).status == Claim.Status.IN_REVIEW


def test_the_assigned_fact_checker_who_never_touched_it_is_not_a_researcher(editor, checker, olga):
    claim = create_claim(editor, researcher=checker.pk)
    take_step(editor, claim, "start_research")
    take_step(editor, claim, "submit_for_review")

    assert researchers(reload(claim)) == [editor]
    assert researched_by_on_the_page(olga, claim) == "Eddie Editor"
    # A second editor who did not touch it may publish it: the research was Eddie's.
    take_step(olga, claim, "publish")
    assert reload(claim).status == Claim.Status.PUBLISHED


def research_and_submit(checker):
    claim = create_claim(checker)
    take_step(checker, claim, "start_research")
    take_step(checker, claim, "submit_for_review")
    return claim


def test_an_editor_who_only_sent_back_can_still_publish(editor, checker):
    claim = research_and_submit(checker)
    take_step(editor, claim, "send_back", note="Which table gives 1%?")
    edit_claim(checker, claim, conclusion="Table 4 of the office's report gives 1%, not 3%.")
    take_step(checker, claim, "submit_for_review")

    take_step(editor, claim, "publish")

    assert reload(claim).status == Claim.Status.PUBLISHED
    assert researchers(reload(claim)) == [checker]


def test_editing_in_review_is_reviewing_not_research(editor, checker):
    claim = research_and_submit(checker)
    edit_claim(editor, claim, conclusion="Sharper: the office's figure is 1%, not 3%.")

    take_step(editor, claim, "publish")

    assert reload(claim).status == Claim.Status.PUBLISHED


def edit_the_claim(editor, claim):
    edit_claim(editor, claim, conclusion="The editor's own wording.")


def edit_its_evidence(editor, claim):
    evidence = claim.evidence.get()
    client = desk_client(editor)
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    data = browser_form(client.get(url).text) | {"note": "The editor's find."}
    assert client.post(url, data).status_code == 302


def add_a_note(editor, claim):
    client = desk_client(editor)
    data = browser_form(client.get(change_url(claim)).text)
    data |= {"notes-TOTAL_FORMS": "1", "notes-0-body": "Try the March release.", "_save": "Save"}
    data |= {"notes-0-visibility": "internal"}
    assert client.post(change_url(claim), data).status_code == 302


def take_it_over(editor, claim):
    take_step(editor, claim, "assign")


@pytest.mark.parametrize("work", [edit_the_claim, edit_its_evidence, add_a_note, take_it_over])
def test_an_editor_who_worked_on_it_in_research_cannot_publish_it(work, editor, checker):
    claim = create_claim(checker)
    take_step(checker, claim, "start_research")
    work(editor, claim)
    take_step(checker if work is not take_it_over else editor, claim, "submit_for_review")
    assert reload(claim).status == Claim.Status.IN_REVIEW

    response = take_step(editor, claim, "publish")

    assert "you researched it" in response.text
    assert reload(claim).status == Claim.Status.IN_REVIEW
    assert editor in researchers(reload(claim))


def test_moving_a_quote_by_editing_the_article_is_not_research(editor, checker):
    claim = create_claim(checker)
    take_step(checker, claim, "start_research")
    article = claim.article
    client = desk_client(editor)
    url = reverse("admin:claims_article_change", args=[article.pk])
    data = browser_form(client.get(url).text)
    # The quote now appears twice: the claim keeps its words, as the second appearance.
    data["body"] = "Earlier, unemployment fell by 3% last year, they said. " + data["body"]
    assert client.post(url, data).status_code == 302
    moved = reload(claim)
    assert (moved.span_start, moved.occurrence) != (claim.span_start, claim.occurrence)

    assert researchers(reload(claim)) == [checker]


def test_bulk_publish_obeys_the_rule(editor, checker):
    theirs = research_and_submit(checker)
    mine = create_claim(checker, slug="another-claim")
    take_step(checker, mine, "start_research")
    edit_the_claim(editor, mine)
    take_step(checker, mine, "submit_for_review")

    client = desk_client(editor)
    confirmation = changelist_action(client, "publish", [theirs, mine])
    assert "1 of these 2 claims can be published" in confirmation.text
    assert "researched it, and a second person must review it" in confirmation.text

    response = changelist_action(client, "publish", [theirs, mine], apply="yes")

    assert reload(theirs).status == Claim.Status.PUBLISHED
    assert reload(mine).status == Claim.Status.IN_REVIEW
    assert "you researched it" in response.text


def test_a_claim_loaded_without_a_researcher_cannot_be_published(olga):
    claim = ClaimFactory(in_review=True, researcher=None, reviewer=None)  # no history user
    EvidenceFactory(claim=claim)
    with pytest.raises(services.TransitionError, match="nobody has researched it"):
        services.publish(claim=claim, user=olga)


def test_a_claim_loaded_with_its_researcher_counts_that_researcher(editor, olga):
    claim = ClaimFactory(in_review=True, researcher=editor, reviewer=None)  # no history user
    EvidenceFactory(claim=claim)
    assert researchers(claim) == [editor]
    # Retyping the field afterwards does not change what the history shows.
    Claim.objects.filter(pk=claim.pk).update(researcher=olga)
    with pytest.raises(services.TransitionError, match="you researched it"):
        services.publish(claim=reload(claim), user=editor)

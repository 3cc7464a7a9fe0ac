"""The History pages in the admin: read-only for everyone, on every model that keeps history."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from claims import services
from claims.models import Claim, Correction
from tests.factories import (
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    VerdictFactory,
)
from tests.test_admin_workflow import csrf_post, desk_client

pytestmark = pytest.mark.django_db

# Every model with history, and a text field an attacker would rewrite through an old version.
TRACKED = {
    "article": "headline",
    "claimant": "role",
    "claim": "conclusion",
    "verdict": "definition",
    "source": "title",
    "evidence": "note",
    "reviewnote": "body",
    "correction": "text",
}


@pytest.fixture
def tracked():
    """One object of every model with history, each edited once after it was made, so its
    history holds an older version that differs from the row."""
    evidence = EvidenceFactory(claim=ClaimFactory(draft=True))
    claim = evidence.claim
    objects = {
        "article": claim.article,
        "claimant": ClaimantFactory(),
        "claim": claim,
        "verdict": VerdictFactory(),
        "source": evidence.source,
        "evidence": evidence,
        "reviewnote": ReviewNoteFactory(claim=claim),
        "correction": Correction.objects.create(claim=claim, text="First wording."),
    }
    for name, obj in objects.items():
        setattr(obj, TRACKED[name], f"{getattr(obj, TRACKED[name])} (edited)")
        obj.save()
    return objects


def history_url(obj):
    return reverse(f"admin:claims_{obj._meta.model_name}_history", args=[obj.pk])


def version_url(obj, record):
    return reverse(f"admin:claims_{obj._meta.model_name}_simple_history", args=[obj.pk, record.pk])


def post_data(record):
    """The old version as its form would post it, with the tracked text rewritten."""
    data = {k: "" if v is None else v for k, v in model_to_dict(record.instance).items()}
    if isinstance(record.instance, Claim):
        data["opened_version"] = record.instance.version
    return data


def snapshot(obj):
    return model_to_dict(type(obj).objects.get(pk=obj.pk)), obj.history.count()


@pytest.fixture(params=["editor", "checker", "superuser"])
def desk_user(request, checker, editor, admin_user):
    return {"editor": editor, "checker": checker, "superuser": admin_user}[request.param]


@pytest.mark.parametrize("model_name", TRACKED)
def test_posting_an_old_version_changes_nothing(tracked, model_name, desk_user):
    obj = tracked[model_name]
    oldest = obj.history.last()
    before = snapshot(obj)
    client = desk_client(desk_user)

    data = post_data(oldest) | {TRACKED[model_name]: "Rewritten through the history page."}
    response = csrf_post(client, version_url(obj, oldest), data, page=history_url(obj))

    assert response.status_code in (403, 405)
    assert snapshot(obj) == before


@pytest.mark.parametrize("model_name", TRACKED)
def test_posting_to_the_history_list_changes_nothing(tracked, model_name, desk_user):
    obj = tracked[model_name]
    before = snapshot(obj)

    response = csrf_post(desk_client(desk_user), history_url(obj), post_data(obj.history.last()))

    assert response.status_code in (403, 405)
    assert snapshot(obj) == before


def test_a_fact_checker_cannot_take_a_corrected_claim_back_to_its_old_verdict(checker, editor):
    """The audit's case: a published claim, corrected to a new verdict, then the pre-correction
    version posted from its history page."""
    claim = ClaimFactory(researcher=checker)
    first = claim.history.first()
    corrected = VerdictFactory(slug="mostly-false", label="Mostly false", score=2)
    services.correct(
        claim=claim, user=editor, kind="correction", text="A new figure.", new_verdict=corrected
    )

    response = csrf_post(
        desk_client(checker),
        version_url(claim, first),
        post_data(first),
        page=history_url(claim),
    )

    assert response.status_code in (403, 405)
    claim.refresh_from_db()
    assert claim.verdict == corrected
    assert claim.status == Claim.Status.PUBLISHED


@pytest.mark.parametrize("model_name", TRACKED)
def test_every_version_page_opens_read_only(tracked, model_name, admin_client):
    obj = tracked[model_name]
    oldest = obj.history.last()

    response = admin_client.get(version_url(obj, oldest))

    assert response.status_code == 200
    # The old value is shown as text, with nothing to submit.
    assertContains(response, getattr(oldest, TRACKED[model_name]).split()[0])
    assertNotContains(response, f'id="{model_name}_form"')
    assertNotContains(response, 'name="_save"')
    assertContains(response, "History is read-only")


def test_a_published_claims_version_page_opens(editor):
    """Its slug is read-only once published, which crashed the prepopulated slug field."""
    claim = ClaimFactory(slug="jobs-claim")

    response = desk_client(editor).get(version_url(claim, claim.history.first()))

    assert response.status_code == 200
    assertContains(response, "jobs-claim")
    assertContains(response, claim.verdict.label)


@pytest.mark.parametrize("model_name", TRACKED)
@pytest.mark.parametrize(
    "object_id, version_id",
    [
        ("abc", None),
        ("abc", "1"),
        ("1", "abc"),
        ("99999999999999999999", None),
        ("1", "-1"),
        ("1", "99999999999"),
    ],
)
def test_a_history_url_with_a_bad_id_is_not_found(tracked, model_name, object_id, version_id):
    obj = tracked[model_name]
    real_version = str(obj.history.first().pk)
    object_id = str(obj.pk) if object_id == "1" else object_id
    if version_id is None:
        url = reverse(f"admin:claims_{model_name}_history", args=[object_id])
    else:
        version_id = real_version if version_id == "1" else version_id
        url = reverse(f"admin:claims_{model_name}_simple_history", args=[object_id, version_id])

    response = desk_client(EditorFactory()).get(url)

    assert response.status_code == 404


# What the History list says


def history_page(client, obj):
    response = client.get(history_url(obj))
    assert response.status_code == 200
    return response


def test_history_shows_labels_and_dashes_not_codes_and_none(ready, editor):
    services.publish(claim=ready, user=editor)

    page = history_page(desk_client(editor), ready).text

    assert "In review &rarr; Published" in page
    assert "<strong>Reviewer:</strong> — &rarr; Eddie Editor" in page
    for raw in ["in_review", "pk=None", "Deleted user", "None"]:
        assert raw not in page, raw


def test_history_names_a_deleted_row_for_what_it_was(editor):
    claim = ClaimFactory(draft=True)
    gone = claim.researcher
    claim.researcher = editor
    claim.save()
    gone_pk = gone.pk
    gone.delete()

    page = history_page(desk_client(editor), claim).text

    assert f"deleted user #{gone_pk} &rarr; Eddie Editor" in page


def test_history_keeps_a_correction_reason_whole(editor):
    claim = ClaimFactory()
    text = (
        "The ministry published its final figure after this claim was checked, and that "
        "figure is higher than the one the article reported, so the verdict changes."
    )
    services.correct(claim=claim, user=editor, kind="update", text=text)

    page = history_page(desk_client(editor), claim).text

    assert f"Update: {text}" in page


def test_a_claims_history_lists_its_evidence_and_notes_with_their_row(editor):
    evidence = EvidenceFactory(claim=ClaimFactory(draft=True), note="First reading.")
    claim = evidence.claim
    evidence.note = "Second reading."
    evidence.save()
    note = ReviewNoteFactory(claim=claim, body="Called the ministry.")
    other_claims_note = ReviewNoteFactory(body="Someone else's claim.")
    deleted = EvidenceFactory(claim=claim)
    deleted_pk = deleted.pk
    deleted.delete()

    page = history_page(desk_client(editor), claim).text

    assert f"Evidence #{evidence.pk}: {evidence.source}" in page
    assert "First reading. &rarr; Second reading." in page
    assert f"Review note #{note.pk}" in page
    assert "Called the ministry." in page
    assert f"Evidence #{deleted_pk}" in page and "Deleted" in page
    assert other_claims_note.body not in page


def test_a_long_text_is_shown_around_its_change_cut_between_words(editor):
    words = [f"word{i}" for i in range(200)]
    claim = ClaimFactory(draft=True, conclusion=" ".join(words))
    claim.conclusion = " ".join(words[:100] + ["CHANGED"] + words[101:])
    claim.save()

    page = history_page(desk_client(editor), claim).text
    line = next(li for li in page.split("<li>") if "Conclusion:" in li)

    assert "word100" in line and "CHANGED" in line
    assert "word0 " not in line and "word199" not in line  # only the passage around it
    shown = line.split("</strong>")[1].split("</li>")[0].split("&rarr;")
    for passage in shown:
        for token in passage.replace("…", " ").split():
            assert token in words + ["CHANGED"], token  # no word cut in half


def test_history_pages_carry_no_inline_style(editor, monkeypatch):
    """The CSP blocks inline styles; django-simple-history's paginator had one."""
    from claims.admin.claim import ClaimAdmin

    monkeypatch.setattr(ClaimAdmin, "history_list_per_page", 2)
    claim = ClaimFactory(draft=True)
    for text in ["One.", "Two.", "Three."]:
        claim.conclusion = text
        claim.save()
    client = desk_client(editor)

    listing = history_page(client, claim)
    version = client.get(version_url(claim, claim.history.last()))

    assertContains(listing, 'aria-current="page"')  # paginated
    for response in [listing, version]:
        assertNotContains(response, "style=")


def test_claim_history_costs_the_same_queries_for_many_rows(editor, django_assert_max_num_queries):
    # Session, user, claim, its history, its evidence's, notes' and corrections' histories, and
    # one query per model the entries name (sources, users).
    claim = ClaimFactory(draft=True)
    EvidenceFactory(claim=claim)
    ReviewNoteFactory(claim=claim)
    client = desk_client(editor)
    client.get(history_url(claim))  # warm the session and content-type caches
    with django_assert_max_num_queries(20) as few:
        history_page(client, claim)
    for _ in range(15):
        EvidenceFactory(claim=claim)
        ReviewNoteFactory(claim=claim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        history_page(client, claim)


# Dates


def test_admin_dates_read_as_on_the_public_site(editor):
    claim = ClaimFactory(draft=True)
    Claim.objects.filter(pk=claim.pk).update(updated_at="2025-09-05T22:40:00Z")
    client = desk_client(editor)

    changelist = client.get(reverse("admin:claims_claim_changelist"))
    change = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assertContains(changelist, "5 September 2025, 22:40")
    assertContains(change, "5 September 2025, 22:40")
    assertNotContains(changelist, "Sept. 5, 2025")

"""The History pages in the admin: read-only for everyone, on every model that keeps history."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from claims import services
from claims.models import Claim, Correction
from tests.factories import (
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

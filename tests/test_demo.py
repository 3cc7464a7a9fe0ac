"""setup_demo never overwrites the desk's work; reset_demo replaces it, and only when asked."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims import services
from claims.models import Article, Claim, Evidence, ReviewNote, Verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def snapshot():
    return {
        "claims": set(Claim.objects.values_list("slug", "status", "verdict__slug", "conclusion")),
        "evidence": Evidence.objects.count(),
        "notes": ReviewNote.objects.count(),
        "history": Claim.history.count(),
    }


@pytest.fixture
def used_demo():
    """The demo after a desk's day: a claim published, a verdict corrected, a row deleted, a
    claim the fixtures do not know, and a password changed."""
    run("setup_demo")
    User = get_user_model()
    editor = User.objects.get(username="editor")
    review = Claim.objects.filter(status=Claim.Status.IN_REVIEW).first()
    services.publish(claim=review, user=editor)
    corrected = Claim.objects.published().exclude(pk=review.pk).first()
    services.correct(
        claim=corrected,
        user=editor,
        kind="correction",
        text="A later figure changes the verdict.",
        new_verdict=Verdict.objects.exclude(pk=corrected.verdict_id).first(),
    )
    Evidence.objects.filter(claim=corrected).first().delete()
    article = Article.objects.get()
    ClaimFactory(slug="the-desks-own-claim", article=article, quote=article.body[:30])
    editor.set_password("a-password-only-the-editor-knows")
    editor.save()
    return {"published": review, "corrected": corrected, "demo_verdict": corrected.verdict.slug}


def test_setup_demo_again_leaves_the_desks_work_as_it_is(used_demo, client):
    before = snapshot()

    output = run("setup_demo")

    assert snapshot() == before
    assert Claim.objects.get(pk=used_demo["published"].pk).is_published
    assert Claim.objects.get(pk=used_demo["corrected"].pk).verdict.slug != used_demo["demo_verdict"]
    assert Claim.objects.filter(slug="the-desks-own-claim").exists()
    assert "left it as it is" in output and "reset_demo" in output
    assert client.login(username="editor", password="a-password-only-the-editor-knows")
    assert "editor-demo-2025" not in output


def test_setup_demo_creates_a_missing_demo_account_and_touches_nothing_else(used_demo, client):
    get_user_model().objects.filter(username="factchecker").delete()
    before = snapshot()

    run("setup_demo")

    assert snapshot() == before
    assert client.login(username="factchecker", password="factchecker-demo-2025")
    assert get_user_model().objects.get(username="factchecker").groups.filter(name="Fact-checkers")


def test_setup_demo_on_fixtures_loaded_by_hand_gives_passwords_and_a_baseline(client):
    call_command("loaddata", "verdicts", "demo", verbosity=0)

    run("setup_demo")

    assert Claim.history.count() == Claim.objects.count() == 25
    assert client.login(username="editor", password="editor-demo-2025")


def test_reset_demo_asks_first_and_changes_nothing_without_a_yes(used_demo, monkeypatch):
    before = snapshot()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    output = run("reset_demo")

    assert "26 claims" in output  # says what it would delete
    assert "Nothing was changed" in output
    assert snapshot() == before


def test_reset_demo_replaces_everything_with_the_demo_and_records_history(used_demo, client):
    output = run("reset_demo", "--yes")

    assert Claim.objects.count() == 25
    assert not Claim.objects.filter(slug="the-desks-own-claim").exists()
    assert Claim.objects.get(slug=used_demo["published"].slug).status == Claim.Status.IN_REVIEW
    assert (
        Claim.objects.get(slug=used_demo["corrected"].slug).verdict.slug
        == used_demo["demo_verdict"]
    )
    assert Evidence.objects.count() == 85
    # Every deleted claim and every loaded one has its history row.
    assert Claim.history.filter(history_type="-").count() == 26
    pks = Claim.objects.values_list("pk", flat=True)
    loaded = Claim.history.filter(id__in=pks, history_change_reason="Demo data loaded")
    assert list(loaded.values_list("history_type", flat=True)) == ["+"] * 25
    assert client.login(username="editor", password="editor-demo-2025")
    assert "The database now holds the demo: 25 claims" in output

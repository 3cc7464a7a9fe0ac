"""What `seed_claims` leaves beyond the claims themselves (tests/test_scale.py and
tests/test_published_counts.py check the claims, their counts and their order;
tests/test_search.py that search finds them): the history the desk's admin shows for every
seeded object, ids that never collide with the desk's own rows, the same data for the same seed."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, Claimant, Correction, Evidence, ReviewNote, Source
from tests.factories import ClaimFactory, EvidenceFactory, ReviewNoteFactory

pytestmark = pytest.mark.django_db

SEEDED = [Article, Claimant, Source, Claim, Evidence, ReviewNote, Correction]


def tracked_values(model, queryset):
    """{pk: (the values history records)} of the rows of `queryset`."""
    fields = [
        f.attname
        for f in model.history.model._meta.concrete_fields
        if not f.name.startswith("history_")
    ]
    return {row[0]: row for row in queryset.order_by("pk").values_list(*fields)}


@pytest.mark.parametrize("model", SEEDED, ids=lambda model: model.__name__)
def test_every_seeded_object_has_one_baseline_history_row_with_its_values(model):
    call_command("seed_claims", "150", "--seed", "4", verbosity=0)

    history = model.history.all()
    assert model.objects.exists()
    assert history.count() == model.objects.count()
    assert set(history.values_list("history_type", "history_change_reason")) == {("+", "Seeded")}
    assert tracked_values(model, history) == tracked_values(model, model.objects.all())


def test_the_admin_shows_a_seeded_claims_history(admin_client):
    call_command("seed_claims", "5", "--seed", "4", verbosity=0)
    claim = Claim.objects.published().first()

    page = admin_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))

    assert page.status_code == 200
    assert "Seeded" in page.content.decode()


def test_seeding_never_takes_the_id_of_a_deleted_claim():
    # A deleted claim's history keeps its id: a new claim with that id would inherit it.
    deleted = ClaimFactory()
    EvidenceFactory(claim=deleted)
    deleted_pk = deleted.pk
    deleted.delete()

    call_command("seed_claims", "5", "--seed", "4", verbosity=0)

    assert not Claim.objects.filter(pk=deleted_pk).exists()
    assert Claim.history.filter(id=deleted_pk).count() == 2  # created, deleted


def test_the_desk_adds_claims_after_seeding():
    call_command("seed_claims", "5", "--seed", "4", verbosity=0)

    # A new row in every seeded table: article, claimant, claim, source, evidence, note.
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    ReviewNoteFactory(claim=claim)
    Correction.objects.create(claim=claim, text="New figures.")

    assert Claim.objects.count() == 5 + 1 + 1  # published, its draft, and the desk's claim


def seeded_claims():
    return list(
        Claim.objects.order_by("slug").values_list(
            "slug", "quote", "status", "verdict__slug", "claimant__name", "article__body",
            "evidence__source__title", "evidence__stance", "notes__body", "corrections__text",
        )
    )  # fmt: skip


def test_the_same_seed_seeds_the_same_claims():
    with transaction.atomic():
        call_command("seed_claims", "120", "--seed", "5", verbosity=0)
        first = seeded_claims()
        transaction.set_rollback(True)
    assert not Claim.objects.exists()

    call_command("seed_claims", "120", "--seed", "5", verbosity=0)

    assert seeded_claims() == first


def test_seeding_leaves_the_planner_statistics_of_the_grown_tables():
    """Without them SQLite joined every claim to the search index for a search (2.2 s instead of
    20 ms at 100,000 claims): nothing else gathers them on SQLite."""
    from django.db import connection

    call_command("seed_claims", "30", "--seed", "7", verbosity=0)

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'claims_claim'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'claims_claim' "
                "AND attname = 'status'"
            )
        (rows,) = cursor.fetchone()
    assert rows > 0


def test_seeded_claims_were_entered_before_and_changed_after_their_publication():
    """As the desk's work leaves them: the admin's list sorted by "updated" (and the sitemap's
    last changes) reads spread times, not one instant for every claim."""
    call_command("seed_claims", "150", "--seed", "4", verbosity=0)
    now = timezone.now()

    for claim in Claim.objects.published():
        assert claim.created_at < claim.published_at <= claim.updated_at <= now
    for draft in Claim.objects.exclude(status=Claim.Status.PUBLISHED):
        assert draft.created_at <= draft.updated_at <= now
    assert Claim.objects.values("updated_at").distinct().count() > Claim.objects.count() * 0.9

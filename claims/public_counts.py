"""How many published claims each article, claimant and verdict has, kept on the row itself.

The public pages need these numbers on every request (which articles and claimants readers may
see, the verdict tally on the home page); counting them from the claims each time grows with
the archive (issue 9). They change only when a claim enters or leaves the published state, or a
published claim moves to another article, claimant or verdict, so they are kept up to date on
the claim's save and delete: every route that writes a claim (the workflow's services, admin
forms, deletes, fixtures, factories) passes there. Each change is an increment or decrement
(`F() ± n`), which stays right when two editors publish at once; bulk writes that skip signals
(`seed_claims`, `QuerySet.update()`) call `recount_published_claims()` afterwards.

Each correction's `public` flag (its claim is published) is kept the same way: set on the
correction's own save (whatever its route: the correct step, the admin, a restored version, a
fixture) and on its claim's save when the claim enters or leaves the published state.
"""

from collections import Counter

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from claims.models import Article, Claim, Claimant, Correction, Verdict
from claims.public_cache import public_data_changed

# The claim's foreign key for each counted model.
COUNTED = {"article_id": Article, "claimant_id": Claimant, "verdict_id": Verdict}
TRACKED = ["status", *COUNTED]


def recount_published_claims(model=None, pks=None):
    """Set the counters from the claims themselves: of every counted model, or of some rows.

    Bulk writers call it after writing claims without signals, so it also tells the public
    pages' cache that what readers see has changed; for every model (no `model`), it also sets
    each correction's `public` flag from its claim."""
    public_data_changed()
    if model is None:
        published = Claim.objects.published().filter(pk=OuterRef("claim_id"))
        Correction.objects.update(public=Exists(published))
    for field, counted in COUNTED.items():
        if model not in (None, counted):
            continue
        published = (
            Claim.objects.published()
            .filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = counted.objects.all() if pks is None else counted.objects.filter(pk__in=pks)
        rows.update(
            published_claims=Coalesce(Subquery(published, output_field=IntegerField()), Value(0))
        )


def _published_keys(values):
    """{(model, pk)} a claim with these tracked values counts towards, if published."""
    if values is None or values["status"] != Claim.Status.PUBLISHED:
        return Counter()
    return Counter((COUNTED[f], values[f]) for f in COUNTED if values[f] is not None)


def _apply(delta):
    by_change = {}
    for (model, pk), n in delta.items():
        if n:
            by_change.setdefault((model, n), []).append(pk)
    for (model, n), pks in by_change.items():
        model.objects.filter(pk__in=pks).update(published_claims=F("published_claims") + n)


@receiver(pre_save, sender=Claim, dispatch_uid="published_counts_before_claim_save")
def _remember_counted_values(sender, instance, **kwargs):
    instance._counted_before = (
        None
        if instance.pk is None
        else Claim.objects.filter(pk=instance.pk).values(*TRACKED).first()
    )


@receiver(post_save, sender=Claim, dispatch_uid="published_counts_after_claim_save")
def _count_saved_claim(sender, instance, **kwargs):
    before = _published_keys(getattr(instance, "_counted_before", None))
    after = _published_keys({f: getattr(instance, f) for f in TRACKED})
    after.subtract(before)
    _apply(after)


@receiver(post_save, sender=Claim, dispatch_uid="correction_flags_after_claim_save")
def _flag_corrections_of_saved_claim(sender, instance, **kwargs):
    before = getattr(instance, "_counted_before", None)
    was = before is not None and before["status"] == Claim.Status.PUBLISHED
    now = instance.status == Claim.Status.PUBLISHED
    if was != now:
        Correction.objects.filter(claim_id=instance.pk).update(public=now)


@receiver(pre_save, sender=Correction, dispatch_uid="correction_flag_before_save")
def _flag_saved_correction(sender, instance, **kwargs):
    # Always from the claim as it is now, never as the form, the fixture or an old version had it.
    instance.public = Claim.objects.published().filter(pk=instance.claim_id).exists()


@receiver(post_delete, sender=Claim, dispatch_uid="published_counts_after_claim_delete")
def _count_deleted_claim(sender, instance, **kwargs):
    gone = _published_keys({f: getattr(instance, f) for f in TRACKED})
    _apply(Counter({key: -n for key, n in gone.items()}))


@receiver(post_save, dispatch_uid="published_counts_after_counted_save")
def _recount_saved_row(sender, instance, created, **kwargs):
    # Saving an article, claimant or verdict writes its counter back as it was read (or as a
    # fixture left it, at 0): count it again from its claims.
    if sender in COUNTED.values() and not created:
        recount_published_claims(sender, [instance.pk])

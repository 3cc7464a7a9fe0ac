"""factory-boy factories. A ClaimFactory default is a valid published claim; traits give the rest."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from claims.models import Article, Claim, Claimant, Evidence, ReviewNote, Source, Verdict


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """UserFactory(groups=["Editors"]): the desk groups come from a data migration."""
        if create and names:
            self.groups.set(Group.objects.filter(name__in=names))


class FactCheckerFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kwargs: (
            create and user.groups.add(Group.objects.get(name="Fact-checkers"))
        )
    )


class EditorFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kwargs: (
            create and user.groups.add(Group.objects.get(name="Editors"))
        )
    )


class VerdictFactory(factory.django.DjangoModelFactory):
    slug = "false"
    label = "False"
    definition = "The statement is not accurate."
    score = 1
    colour = Verdict.Colour.RED
    order = 5

    class Meta:
        model = Verdict
        django_get_or_create = ["slug"]


class ArticleFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"article-{n}")
    headline = factory.Sequence(lambda n: f"Headline number {n}")
    outlet = "The Daily Example"
    published_on = factory.LazyFunction(lambda: timezone.localdate())
    body = factory.LazyAttribute(
        lambda a: (
            f"{a.headline}\n\nThe minister said unemployment fell by 3% last year. "
            "Critics said the figure was wrong.\n\nA second paragraph closes the story."
        )
    )

    class Meta:
        model = Article


class ClaimantFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"claimant-{n}")
    name = factory.Sequence(lambda n: f"Claimant {n}")
    role = "Minister of Labour"

    class Meta:
        model = Claimant


class SourceFactory(factory.django.DjangoModelFactory):
    url = factory.Sequence(lambda n: f"https://stats.example.org/report-{n}")
    title = factory.Sequence(lambda n: f"Labour market report {n}")
    publisher = "National Statistics Office"
    source_type = Source.Type.GOVERNMENT

    class Meta:
        model = Source


class ClaimFactory(factory.django.DjangoModelFactory):
    """A published claim quoting the factory article's first sentence."""

    slug = factory.Sequence(lambda n: f"claim-{n}")
    article = factory.SubFactory(ArticleFactory)
    quote = "unemployment fell by 3% last year"
    claim_reviewed = "Unemployment fell by 3% last year."
    claimant = factory.SubFactory(ClaimantFactory)
    claim_type = Claim.Type.NUMBER
    status = Claim.Status.PUBLISHED
    verdict = factory.SubFactory(VerdictFactory)
    conclusion = "Official figures show a fall of 1%, not 3%."
    researcher = factory.SubFactory(UserFactory)
    reviewer = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Claim

    class Params:
        draft = factory.Trait(
            status=Claim.Status.RESEARCHING, verdict=None, reviewer=None, published_at=None
        )
        in_review = factory.Trait(status=Claim.Status.IN_REVIEW, published_at=None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        claim = model_class(*args, **kwargs)
        claim.locate()
        claim.save()
        return claim


class EvidenceFactory(factory.django.DjangoModelFactory):
    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.CONTRADICTS
    note = "The report gives a fall of 1%."

    class Meta:
        model = Evidence


class ReviewNoteFactory(factory.django.DjangoModelFactory):
    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory)
    body = "Checked the statistics office's table 4."
    visibility = ReviewNote.Visibility.INTERNAL

    class Meta:
        model = ReviewNote

import django_filters
from django import forms
from django.db.models import Q

from claims.models import Article, Claim, Claimant, Verdict


class ClaimFilter(django_filters.FilterSet):
    """The public claim filters: one FilterSet for the HTML list, the CSV export and the API."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=200,  # SQLite refuses very long LIKE patterns (HAZARDS.md #2)
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the claim"}),
    )
    verdict = django_filters.ModelChoiceFilter(
        field_name="verdict",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Verdict.objects.all(),
        empty_label="Any verdict",
    )
    # Readers pick among claimants and articles that have published claims; both lists stay
    # small for a desk. A large one would need a text input instead (HAZARDS.md #5).
    claimant = django_filters.ModelChoiceFilter(
        field_name="claimant",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Claimant.objects.filter(claims__status=Claim.Status.PUBLISHED).distinct(),
        empty_label="Anyone",
    )
    article = django_filters.ModelChoiceFilter(
        field_name="article",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Article.objects.filter(claims__status=Claim.Status.PUBLISHED).distinct(),
        empty_label="Any article",
    )
    claim_type = django_filters.ChoiceFilter(
        field_name="claim_type",
        lookup_expr="exact",
        choices=Claim.Type.choices,
        empty_label="Any type",
    )
    published_after = django_filters.DateFilter(
        label="Published from",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        label="Published until",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    order = django_filters.ChoiceFilter(
        label="Order by",
        method="order_by",
        choices=[
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("verdict", "Verdict, true to false"),
            ("-verdict", "Verdict, false to true"),
        ],
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(quote__icontains=value)
            | Q(claim_reviewed__icontains=value)
            | Q(conclusion__icontains=value)
            | Q(claimant__name__icontains=value)
        )

    ORDERINGS = {
        "newest": ["-published_at", "-pk"],
        "oldest": ["published_at", "pk"],
        "verdict": ["verdict__order", "-published_at", "-pk"],
        "-verdict": ["-verdict__order", "-published_at", "-pk"],
    }

    def order_by(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS[value])

import django_filters
from django import forms
from django.db.models import Q

from claims.models import Article, Claim, Claimant, Verdict

DATE_ERROR = "Enter a date as year-month-day, for example 2025-09-04."


class ClaimFilterForm(forms.Form):
    """The filter form: each error names the filter to fix."""

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("published_after"), cleaned.get("published_before")
        if after and before and after > before:
            self.add_error(
                "published_before", "Choose a date on or after the “Published from” date."
            )
        return cleaned


class ClaimFilter(django_filters.FilterSet):
    """The public claim filters: one FilterSet for the HTML list, the CSV export and the API."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=200,  # SQLite refuses very long LIKE patterns (HAZARDS.md #2)
        error_messages={
            "max_length": "Use at most %(limit_value)d characters (this search has %(show_value)d)."
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the claim"}),
    )
    verdict = django_filters.ModelChoiceFilter(
        field_name="verdict",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Verdict.objects.all(),
        empty_label="Any verdict",
        error_messages={"invalid_choice": "Choose a verdict from the list."},
    )
    # Readers pick among claimants and articles that have published claims; both lists stay
    # small for a desk. A large one would need a text input instead (HAZARDS.md #5).
    claimant = django_filters.ModelChoiceFilter(
        field_name="claimant",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Claimant.objects.filter(claims__status=Claim.Status.PUBLISHED).distinct(),
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose who said it from the list."},
    )
    article = django_filters.ModelChoiceFilter(
        field_name="article",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Article.objects.filter(claims__status=Claim.Status.PUBLISHED).distinct(),
        empty_label="Any article",
        error_messages={"invalid_choice": "Choose an article from the list."},
    )
    claim_type = django_filters.ChoiceFilter(
        field_name="claim_type",
        lookup_expr="exact",
        choices=Claim.Type.choices,
        empty_label="Any type",
        error_messages={"invalid_choice": "Choose a type of claim from the list."},
    )
    published_after = django_filters.DateFilter(
        label="Published from",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )
    published_before = django_filters.DateFilter(
        label="Published until",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
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
        error_messages={"invalid_choice": "Choose an order from the list."},
    )

    class Meta:
        model = Claim
        fields = []
        form = ClaimFilterForm

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

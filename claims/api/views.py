"""The read-only JSON API under /api/: what readers see, for machines.

Each list starts from the public scope (Claim.objects.published(), public notes only; articles,
claimants and sources that a published claim shows), and the claim list takes exactly the HTML
list's filters, through the same ClaimFilter. Every write method answers 405.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets

from claims.api import serializers
from claims.api.pagination import KeysetPagination
from claims.filters import ClaimFilter
from claims.models import (
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)
from claims.public_cache import public_page


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    pagination_class = KeysetPagination

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # As the site's public pages: ETag and Last-Modified from the public stamp, the page
        # cache, Cache-Control for browsers and CDNs (claims/public_cache.py). A response served
        # from the cache costs one query and is not counted by the throttle.
        return public_page(super().as_view(actions, **initkwargs))


def published_claims():
    """Published claims with everything the API shows of them, in a fixed number of queries
    whatever the page size: the claims with their verdict, claimant and article, then one query
    each for their evidence (with sources), public notes and corrections (with verdicts)."""
    return (
        Claim.objects.published()
        .for_list()
        .defer("article__body")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("source")),
            Prefetch("notes", queryset=ReviewNote.objects.public(), to_attr="public_notes"),
            Prefetch(
                "corrections",
                queryset=Correction.objects.select_related(
                    "previous_verdict", "new_verdict"
                ).order_by("-created_at", "-pk"),
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="Published claims",
        description="Newest first, or in the order `order` asks; the same filters as the "
        "site's claim list. An invalid filter is a 400 naming each filter to fix.",
    ),
    retrieve=extend_schema(summary="One published claim"),
)
class ClaimViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ClaimSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self):
        # The HTML list's base order; ClaimFilter's `order` replaces it, and the cursor follows.
        return published_claims().order_by("-published_at", "-pk")


@extend_schema_view(
    list=extend_schema(summary="Articles with published claims", description="Latest first."),
    retrieve=extend_schema(summary="One article, with its full text"),
)
class ArticleViewSet(ReadOnlyViewSet):
    # Newest added first: published_on may be empty, and a cursor needs values to compare.
    queryset = Article.objects.public().order_by("-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "retrieve" else queryset.defer("body")


@extend_schema_view(
    list=extend_schema(summary="Claimants with published claims", description="By name."),
    retrieve=extend_schema(summary="One claimant"),
)
class ClaimantViewSet(ReadOnlyViewSet):
    queryset = Claimant.objects.public().order_by("name", "pk")
    serializer_class = serializers.ClaimantSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Sources cited by published claims", description="In the order they were added."
    ),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(ReadOnlyViewSet):
    # Sources have no slug; their id never changes (their address may be corrected).
    lookup_field = "pk"
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        cited = Evidence.objects.filter(source=OuterRef("pk"), claim__status=Claim.Status.PUBLISHED)
        return Source.objects.filter(Exists(cited)).order_by("pk")


@extend_schema_view(
    list=extend_schema(summary="The verdict scale", description="In scale order, all of it."),
    retrieve=extend_schema(summary="One verdict"),
)
class VerdictViewSet(ReadOnlyViewSet):
    queryset = Verdict.objects.all()
    serializer_class = serializers.VerdictSerializer
    pagination_class = None  # a scale of a few verdicts, as the methodology page shows it


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the API's own."""
    return JsonResponse({"detail": "Not found."}, status=404)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from this site's static files (drf-spectacular-sidecar), its script a file of
    its own: the page carries no inline script."""

    template_name = "api/swagger_ui.html"

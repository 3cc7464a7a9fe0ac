from django.conf import settings
from django.core.paginator import InvalidPage
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from claims.filters import ClaimFilter
from claims.highlight import annotate, context_of
from claims.models import AboutSection, Article, Claim, Claimant, Correction, Evidence, Verdict
from claims.paging import BoundedPaginator, CappedCountPaginator, PageFirstPaginator
from claims.public_cache import public_page
from claims.search import RankedWindow
from claims.sharing import absolute_url, claim_review, embed_snippet, one_line, social_card

CLAIMS_PER_PAGE = 20
ARTICLES_PER_PAGE = 20

# Every public page is @public_page: the same for every reader (no session, no per-request nonce),
# so it answers a repeat visit with a 304 from the public stamp, is kept in the page cache until
# anything public changes, and a browser or CDN may keep it briefly (claims/public_cache.py).


def paginate(request, queryset, per_page, count=None, paginator=BoundedPaginator, late_rows=False):
    """The requested page; a page that is not a number or does not exist is a 404. A list that
    shows no count of its rows takes CappedCountPaginator: it counts only its pages' rows. A
    list of claims reads a deep page's rows by key (late_rows, claims.paging.rows_of_page)."""
    try:
        pages = paginator(queryset, per_page, count=count, late_rows=late_rows)
        return pages.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc


@public_page
@require_safe
def home(request):
    published = Claim.objects.published()
    latest = published.for_list().order_by("-published_at", "-pk")[:6]
    articles = Article.objects.public().order_by("-published_on", "-pk")[:5]
    return render(
        request,
        "claims/home.html",
        {"latest": latest, "tally": Verdict.objects.tally(), "articles": articles},
    )


@public_page
@require_safe
def claim_list(request):
    # Rows show their article's headline, never its text: a ranked search sorts every row of its
    # window (2,001) to find a page, and with the text each row was a whole article.
    claims = (
        Claim.objects.published().for_list().defer("article__body").order_by("-published_at", "-pk")
    )
    filterset = ClaimFilter(request.GET, queryset=claims, request=request)
    # An invalid filter shows its error and no claims, rather than silently ignoring it.
    matching = filterset.pages() if filterset.is_valid() else claims.none()
    # A count no stored counter knows (a search, the claim type, dates, several filters) is
    # counted only as far as the last page: "More than 2,000 claims match". A ranked search
    # counts its window of matches in the query that reads its page (RankedWindow).
    count, paginator = filterset.stored_count(), BoundedPaginator
    if isinstance(matching, RankedWindow):  # a page of a ranked search counts its window
        paginator = PageFirstPaginator
    elif count is None:
        count, paginator = filterset.search_count, CappedCountPaginator
    searched = filterset.is_valid() and bool(filterset.form.cleaned_data.get("q"))
    page = paginate(request, matching, CLAIMS_PER_PAGE, count, paginator, late_rows=not searched)
    # The filters fold away under one button; it says how many are on.
    filters_on = sum(1 for name in filterset.filters if name != "order" and request.GET.get(name))
    return render(
        request,
        "claims/claim_list.html",
        {"filter": filterset, "page": page, "filters_on": filters_on},
    )


@public_page
@require_safe
def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.published().for_list(), slug=slug)
    evidence = claim.evidence.select_related("source")
    by_stance = [
        (label, [e for e in evidence if e.stance == stance])
        for stance, label in [
            (Evidence.Stance.SUPPORTS, "Sources that support the claim"),
            (Evidence.Stance.CONTRADICTS, "Sources that contradict the claim"),
            (Evidence.Stance.CONTEXT, "Sources that give context"),
        ]
    ]
    corrections = list(claim.corrections.select_related("previous_verdict", "new_verdict"))
    body = claim.article.body
    start, end = context_of(body, claim.span_start, claim.span_end)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "context_before": body[start : claim.span_start],
            "context_after": body[claim.span_end : end],
            "context_cut_before": start > 0 and body[start - 1] != "\n",
            "context_cut_after": end < len(body),
            "evidence_groups": [(label, items) for label, items in by_stance if items],
            "public_notes": claim.notes.public(),
            "corrections": corrections,
            "claim_review": claim_review(request, claim, corrections),
            "card": social_card(claim),
            "embed_snippet": embed_snippet(request, claim),
        },
    )


# Partner sites may frame the card: only this view relaxes frame-ancestors and X-Frame-Options.
EMBED_CSP = settings.SECURE_CSP | {"frame-ancestors": ["*"]}


@xframe_options_exempt
@csp_override(EMBED_CSP)
@public_page
@require_safe
def claim_embed(request, slug):
    """A small card of one published claim for other sites' iframes; its own CSS, no script."""
    claim = get_object_or_404(Claim.objects.published().for_list(), slug=slug)
    return render(
        request, "claims/claim_embed.html", {"claim": claim, "line": one_line(claim.conclusion)}
    )


@public_page
@require_safe
def article_list(request):
    articles = Article.objects.public().order_by("-published_on", "-pk")
    page = paginate(request, articles, ARTICLES_PER_PAGE, paginator=CappedCountPaginator)
    return render(request, "claims/article_list.html", {"page": page})


@public_page
@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.public(), slug=slug)
    claims = list(
        article.claims.published()
        .select_related("verdict", "claimant")
        .order_by("span_start", "-span_end")
    )
    in_progress = article.claims.in_progress().count()
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "paragraphs": annotate(article.body, claims),
            "in_progress": in_progress,
            "tally": article.claims.published().verdict_tally(),
        },
    )


@public_page
@require_safe
def claimant_list(request):
    # Meta.ordering does not apply to a GROUP BY query, so the order is spelled out; without
    # it pages would be unordered and could repeat or skip claimants.
    claimants = Claimant.objects.public().order_by("name", "pk")
    page = paginate(request, claimants, ARTICLES_PER_PAGE, paginator=CappedCountPaginator)
    return render(request, "claims/claimant_list.html", {"page": page})


@public_page
@require_safe
def claimant_detail(request, slug):
    claimant = get_object_or_404(Claimant.objects.public(), slug=slug)
    claims = claimant.claims.published().for_list().order_by("-published_at", "-pk")
    page = paginate(request, claims, CLAIMS_PER_PAGE, claimant.published_claims, late_rows=True)
    return render(
        request,
        "claims/claimant_detail.html",
        {"claimant": claimant, "page": page, "tally": claims.verdict_tally()},
    )


@public_page
@require_safe
def correction_list(request):
    corrections = (
        Correction.objects.public()
        .select_related("previous_verdict", "new_verdict")
        # The page's claims in a query of their own, by key: joined, the planner read every
        # published claim to reach a deep page (docs/perf.md).
        .prefetch_related(
            Prefetch(
                "claim",
                Claim.objects.published().only("pk", "slug", "claim_reviewed", "quote"),
            )
        )
        .order_by("-created_at", "-pk")
    )
    # Counted only as far as its last page, never every correction of a published claim.
    page = paginate(request, corrections, CLAIMS_PER_PAGE, paginator=CappedCountPaginator)
    return render(request, "claims/correction_list.html", {"page": page})


@public_page
@require_safe
def methodology(request):
    return render(request, "claims/methodology.html", {"verdicts": Verdict.objects.all()})


@public_page
@require_safe
def about(request):
    return render(request, "claims/about.html", {"sections": AboutSection.objects.all()})


@public_page
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Allow: {reverse('claims:home')}",
        f"Sitemap: {absolute_url(request, reverse('claims:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico on every page, the admin's included.
    return redirect(static("favicon.svg"), permanent=True)


@never_cache
@require_safe
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

"""/sitemap.xml: an index of one sitemap per section (django.contrib.sitemaps), so that 100,000
claims fit in pages of Sitemap.limit (50,000) URLs. Only what readers see is listed: published
claims, and the articles and claimants with a published claim (the stored counter their public
lists use). Each section reads only the columns it prints.

The index is django.contrib.sitemaps' own view. A section is written by `section` below rather
than by its template: rendering 50,000 <url> elements through the template language took seconds
(docs/perf.md), joining strings is ten times faster.
"""

from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage
from django.db.models import F, Max, OuterRef, Subquery, Sum
from django.http import Http404, HttpResponse
from django.urls import reverse

from claims.models import Article, Claim, Claimant, Verdict


def latest_claim_change(related_field):
    """When the row's most recently changed published claim changed: what its page shows."""
    return Subquery(
        Claim.objects.published()
        .filter(**{related_field: OuterRef("pk")})
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )


def latest(*stamps):
    return max((s for s in stamps if s is not None), default=None)


def last_change(rows):
    """When the most recently changed of these rows changed: the first entry of an index on
    updated_at (claim_updated_idx, article_public_updated_idx), where MAX() read every row."""
    return rows.order_by("-updated_at").values_list("updated_at", flat=True).first()


class SlugSitemap(Sitemap):
    """Items are dicts with a "slug" and a "lastmod": their addresses are one URL pattern with
    the slug put in, not a reverse() for each of 50,000 rows."""

    url_name = None

    def __init__(self):
        # "/claims/-/" less "-/"; slugs are [-a-zA-Z0-9_], nothing in them needs quoting.
        self.prefix = reverse(self.url_name, args=["-"])[:-2]

    def location(self, item):
        return self.prefix + item["slug"] + "/"

    def lastmod(self, item):
        return item["lastmod"]

    @property
    def paginator(self):
        pages = super().paginator
        pages.count = self.count()  # Paginator.count is a cached property: this is its value
        return pages

    def count(self):
        """A count the paginator can number the section's pages by (the index needs only their
        number): while the table's highest key is at most one page of URLs (`limit`, 50,000),
        there is one page, and that key, at least the number of rows listed, gives the same
        page. One probe of the primary key, where counting read an index entry for each
        public row (20,000 claimants at 1,000,000 claims); past it, the rows are counted."""
        items = self.items()
        highest = items.model.objects.aggregate(n=Max("pk"))["n"] or 0
        return highest if highest <= self.limit else items.count()


class ClaimSitemap(SlugSitemap):
    url_name = "claims:claim_detail"

    def items(self):
        # In publication order (claim_published_idx): pages stay stable as claims are added.
        return (
            Claim.objects.published()
            .order_by("published_at", "pk")
            .values("slug", lastmod=F("updated_at"))
        )

    def count(self):
        # The verdicts' stored counters, not a count of every published claim (each has a
        # verdict, a constraint).
        return Verdict.objects.aggregate(n=Sum("published_claims", default=0))["n"]

    def get_latest_lastmod(self):
        return last_change(Claim.objects.published())


class ArticleSitemap(SlugSitemap):
    url_name = "claims:article_detail"

    def items(self):
        return (
            Article.objects.public()
            .order_by("pk")
            .values("slug", "updated_at", claims_changed=latest_claim_change("article"))
        )

    def lastmod(self, item):
        # Its own text, or one of the published claims its page highlights.
        return latest(item["updated_at"], item["claims_changed"])

    def get_latest_lastmod(self):
        return latest(last_change(Article.objects.public()), ClaimSitemap().get_latest_lastmod())


class ClaimantSitemap(SlugSitemap):
    url_name = "claims:claimant_detail"

    def items(self):
        return (
            Claimant.objects.public()
            .order_by("pk")
            .values("slug", lastmod=latest_claim_change("claimant"))
        )

    def get_latest_lastmod(self):
        return last_change(Claim.objects.published().filter(claimant__isnull=False))


SITEMAPS = {"claims": ClaimSitemap, "articles": ArticleSitemap, "claimants": ClaimantSitemap}


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


@x_robots_tag
def section(request, section):
    """One page (?p=) of one section, as django.contrib.sitemaps.views.sitemap writes it."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section {section!r}.")
    sitemap = SITEMAPS[section]()
    try:
        items = sitemap.paginator.page(request.GET.get("p") or 1).object_list
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc
    site = f"{request.scheme}://{request.get_host()}"
    lines = [URLSET_START]
    for item in items:
        loc = escape(site + sitemap.location(item))
        lines.append(
            f"<url><loc>{loc}</loc><lastmod>{sitemap.lastmod(item):%Y-%m-%d}</lastmod></url>\n"
        )
    lines.append("</urlset>\n")
    # ETag and Last-Modified come from @public_page (the public stamp), as on every public page.
    return HttpResponse("".join(lines), content_type="application/xml")

"""Atom and RSS feeds of published verdicts and corrections (django.contrib.syndication).

Four feeds, each in both formats: every published verdict, the verdicts on one article, the
verdicts on one claimant's claims, and the corrections. Each starts from the public scope
(`Claim.objects.published()`), holds the latest FEED_ITEMS entries and reads them in one query.

An entry's title carries the verdict; its summary is the conclusion (or the correction's text),
escaped once: feeds mark summaries as HTML (Atom's `type="html"`, RSS's description), so text a
desk wrote reaches readers as text, never as markup. A verdict's `updated` date is the claim's
last change, which a correction bumps (services.correct saves the claim).
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from claims.models import Article, Claim, Claimant, Correction
from claims.public_cache import public_page

FEED_ITEMS = 50
SITE_NAME = "ClaimTracker"


def claim_text(claim):
    return claim.claim_reviewed or claim.quote


class VerdictFeed(Feed):
    """The common parts of the verdict feeds; subclasses choose the claims and the feed's words."""

    author_name = SITE_NAME

    def description(self, obj):
        # RSS readers take a description as HTML.
        return escape(self.about(obj))

    def items(self, obj):
        return (
            self.claims(obj)
            .published()
            .select_related("verdict")
            .only(
                "slug", "quote", "claim_reviewed", "conclusion", "published_at", "updated_at",
                "verdict__label",
            )
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )  # fmt: skip

    def item_title(self, claim):
        return f"{claim.verdict.label}: {claim_text(claim)}"

    def item_description(self, claim):
        return escape(claim.conclusion)

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return max(claim.updated_at, claim.published_at)


class LatestVerdictsFeed(VerdictFeed):
    title = f"{SITE_NAME}: latest verdicts"

    def about(self, obj):
        return "Every fact-check as it is published, newest first."

    def link(self):
        return reverse("claims:claim_list")

    def claims(self, obj):
        return Claim.objects


class ArticleVerdictsFeed(VerdictFeed):
    def get_object(self, request, slug):
        # Only an article readers can see: one with a published claim.
        return get_object_or_404(Article.objects.public().only("slug", "headline"), slug=slug)

    def title(self, article):
        return f"{SITE_NAME}: claims checked in “{article.headline}”"

    def about(self, article):
        return f"The verdicts on the claims made in “{article.headline}”, newest first."

    def link(self, article):
        return article.get_absolute_url()

    def claims(self, article):
        return Claim.objects.filter(article=article)


class ClaimantVerdictsFeed(VerdictFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Claimant.objects.public().only("slug", "name"), slug=slug)

    def title(self, claimant):
        return f"{SITE_NAME}: claims by {claimant.name}"

    def about(self, claimant):
        return f"The verdicts on what {claimant.name} said, newest first."

    def link(self, claimant):
        return claimant.get_absolute_url()

    def claims(self, claimant):
        return Claim.objects.filter(claimant=claimant)


class CorrectionsFeed(Feed):
    title = f"{SITE_NAME}: corrections"
    author_name = SITE_NAME

    def description(self):
        # RSS readers take a description as HTML.
        return escape(self.about(None))

    def about(self, obj):
        return "Corrections, updates and clarifications to published verdicts, newest first."

    def link(self):
        return reverse("claims:correction_list")

    def items(self):
        return (
            # Newest first from correction_public_latest_idx.
            Correction.objects.public()
            .select_related("claim", "new_verdict")
            .only(
                "kind", "text", "created_at", "claim__slug", "claim__quote",
                "claim__claim_reviewed", "new_verdict__label",
            )
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )  # fmt: skip

    def item_title(self, correction):
        verdict = f", verdict {correction.new_verdict.label}" if correction.new_verdict else ""
        return f"{correction.get_kind_display()}{verdict}: {claim_text(correction.claim)}"

    def item_description(self, correction):
        return escape(correction.text)

    def item_link(self, correction):
        # Its own place on the claim's page, so each correction is an entry of its own (the
        # entry's id is this link) even when a claim has several.
        return f"{correction.claim.get_absolute_url()}#correction-{correction.pk}"

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at


class AtomFeed:
    """The same feed in Atom, whose feed-level summary is called a subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        # Plain text in Atom (Atom1Feed writes no description).
        return self.about(obj)


class LatestVerdictsAtomFeed(AtomFeed, LatestVerdictsFeed):
    pass


class ArticleVerdictsAtomFeed(AtomFeed, ArticleVerdictsFeed):
    pass


class ClaimantVerdictsAtomFeed(AtomFeed, ClaimantVerdictsFeed):
    pass


class CorrectionsAtomFeed(AtomFeed, CorrectionsFeed):
    pass


def feed_view(feed_class):
    """A feed as a public view: GET and HEAD only, validated and cached like the pages."""
    return public_page(require_safe(feed_class()))

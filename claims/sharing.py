"""What a claim looks like outside this site: ClaimReview JSON-LD for fact-check aggregators,
social cards, the canonical address. Built only from what the claim page itself shows.

Absolute addresses are built from the request (its scheme and the host ALLOWED_HOSTS accepted),
as django.contrib.sitemaps does: the canonical link, the JSON-LD, the sitemap and the embed
snippet always name the same host. In production, ALLOWED_HOSTS lists the one public host name.
"""

import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator

from claims.integrity import is_web_url

SCHEMA_ORG = "https://schema.org"
# schema.org's Rating scale for verdicts with a score (Verdict.score, 1 = false, 5 = true).
BEST_RATING, WORST_RATING = 5, 1
# Fact-check aggregators show claimReviewed in a line; the admin warns above this length.
CLAIM_REVIEWED_BEST_LENGTH = 75
# Social cards show about this much of og:description.
CARD_DESCRIPTION_LENGTH = 200
# The embed card's one line of conclusion, at most.
EMBED_LINE_LENGTH = 120
SENTENCE_END = re.compile(r"(?<=[.!?])\s")
# The embed card's frame on a partner's page (CSS pixels): room for the claim, verdict and line.
EMBED_WIDTH, EMBED_HEIGHT = 480, 260


def absolute_url(request, path):
    return request.build_absolute_uri(path)


def desk_organization(request):
    """The desk as a schema.org Organization, from settings.CLAIMTRACKER_DESK."""
    desk = settings.CLAIMTRACKER_DESK
    return {
        "@type": "Organization",
        "name": desk["name"],
        "url": desk["url"] or absolute_url(request, reverse("claims:home")),
        "logo": desk["logo"] or absolute_url(request, static("favicon.svg")),
    }


def claim_reviewed(claim):
    """The statement checked, as the claim page's heading shows it."""
    return claim.claim_reviewed or claim.quote


def date_modified(claim, corrections):
    """The latest change readers can see: a correction, or any save of the published claim."""
    latest = max((c.created_at for c in corrections), default=claim.updated_at)
    return max(latest, claim.updated_at, claim.published_at)


def _claimant(claimant):
    if claimant.kind == claimant.Kind.PERSON:
        person = {"@type": "Person", "name": claimant.name}
        if claimant.role:
            person["jobTitle"] = claimant.role
    else:
        person = {"@type": "Organization", "name": claimant.name}
    if is_web_url(claimant.url):
        person["url"] = claimant.url
    return person


def _appearance(request, article):
    """The article the claim appeared in: its own address if it has one, else ours."""
    appearance = {
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": article.url
        if is_web_url(article.url)
        else absolute_url(request, article.get_absolute_url()),
        "inLanguage": article.language,
    }
    if article.published_on:
        appearance["datePublished"] = article.published_on.isoformat()
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    return appearance


def _rating(verdict, conclusion):
    rating = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.score is not None:
        # Off-scale verdicts (Misleading, Unproven) have no place on the 1-5 scale: no numbers.
        rating |= {
            "ratingValue": verdict.score,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    rating["ratingExplanation"] = conclusion
    return rating


def claim_review(request, claim, corrections):
    """ClaimReview (schema.org, as Google's fact-check documentation describes it) for a
    published claim; claim comes with article, claimant and verdict (for_list())."""
    desk = desk_organization(request)
    item = {"@type": "Claim"}
    if claim.claimant is not None:  # none: the article's own statement
        item["author"] = _claimant(claim.claimant)
    if claim.article.published_on:
        item["datePublished"] = claim.article.published_on.isoformat()
    appearance = _appearance(request, claim.article)
    item["appearance"] = [appearance]
    item["firstAppearance"] = appearance
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": absolute_url(request, claim.get_absolute_url()),
        "claimReviewed": claim_reviewed(claim),
        "datePublished": claim.published_at.isoformat(),
        "dateModified": date_modified(claim, corrections).isoformat(),
        "inLanguage": settings.LANGUAGE_CODE,
        "author": desk,
        "publisher": desk,
        "reviewRating": _rating(claim.verdict, claim.conclusion),
        "itemReviewed": item,
    }


def social_card(claim):
    """Open Graph and Twitter card text: the claim reviewed; the verdict and the conclusion."""
    return {
        "title": claim_reviewed(claim),
        "description": Truncator(f"{claim.verdict.label}: {claim.conclusion}").chars(
            CARD_DESCRIPTION_LENGTH
        ),
    }


def one_line(conclusion):
    """The conclusion's first sentence (the verdict's reason, as desks write them), cut at
    EMBED_LINE_LENGTH characters: the embed card's line."""
    first = SENTENCE_END.split(conclusion.strip(), maxsplit=1)[0]
    return Truncator(first).chars(EMBED_LINE_LENGTH)


def embed_snippet(request, claim):
    """The HTML a partner site pastes to show the claim's card (/claims/<slug>/embed/). Plain
    text for the page to escape: it holds no desk text (the slug is a slug), so it reads back
    exactly as it will be pasted."""
    src = absolute_url(request, reverse("claims:claim_embed", args=[claim.slug]))
    title = f"Fact-check by {settings.CLAIMTRACKER_DESK['name']}"
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{EMBED_WIDTH}" '
        f'height="{EMBED_HEIGHT}" loading="lazy"></iframe>'
    )

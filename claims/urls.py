from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from claims import export, sitemaps, views
from claims.feeds import (
    ArticleVerdictsAtomFeed,
    ArticleVerdictsFeed,
    ClaimantVerdictsAtomFeed,
    ClaimantVerdictsFeed,
    CorrectionsAtomFeed,
    CorrectionsFeed,
    LatestVerdictsAtomFeed,
    LatestVerdictsFeed,
    feed_view,
)
from claims.public_cache import public_page

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/export.csv", export.claims_csv, name="claims_csv"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("claims/<slug:slug>/embed/", views.claim_embed, name="claim_embed"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("claimants/", views.claimant_list, name="claimant_list"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant_detail"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("feeds/claims.atom", feed_view(LatestVerdictsAtomFeed), name="feed_atom"),
    path("feeds/claims.rss", feed_view(LatestVerdictsFeed), name="feed_rss"),
    path("feeds/corrections.atom", feed_view(CorrectionsAtomFeed), name="corrections_atom"),
    path("feeds/corrections.rss", feed_view(CorrectionsFeed), name="corrections_rss"),
    path(
        "feeds/articles/<slug:slug>.atom",
        feed_view(ArticleVerdictsAtomFeed),
        name="article_feed_atom",
    ),
    path("feeds/articles/<slug:slug>.rss", feed_view(ArticleVerdictsFeed), name="article_feed_rss"),
    path(
        "feeds/claimants/<slug:slug>.atom",
        feed_view(ClaimantVerdictsAtomFeed),
        name="claimant_feed_atom",
    ),
    path(
        "feeds/claimants/<slug:slug>.rss",
        feed_view(ClaimantVerdictsFeed),
        name="claimant_feed_rss",
    ),
    path("methodology/", views.methodology, name="methodology"),
    path("about/", views.about, name="about"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        public_page(require_safe(sitemap_views.index)),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "claims:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(require_safe(sitemaps.section)),
        name="sitemap_section",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("health/", views.health, name="health"),
]

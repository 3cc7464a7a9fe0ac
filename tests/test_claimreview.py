"""ClaimReview JSON-LD on claim pages (issue 7 §1), read back as an aggregator reads it: the one
`<script type="application/ld+json">` block, parsed as JSON, compared property by property."""

import json
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, Claimant
from tests.admin_forms import claim_form_data, existing_claim_data
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


class Scripts(HTMLParser):
    """Every <script> of a page: (its attributes, its text)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.scripts, self._open = [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = (dict(attrs), [])
            self.scripts.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def json_ld_blocks(response):
    scripts = Scripts(response.content.decode()).scripts
    return [
        json.loads("".join(text))
        for attrs, text in scripts
        if attrs.get("type") == "application/ld+json"
    ]


def claim_review_of(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    blocks = json_ld_blocks(response)
    assert len(blocks) == 1
    return blocks[0]


def at(day, hour=9):
    return datetime(2025, 9, day, hour, 0, tzinfo=UTC)


def test_claim_page_carries_every_claim_review_property(client):
    article = ArticleFactory(
        slug="jobs-speech",
        headline="Minister hails jobs figures",
        outlet="The Daily Example",
        url="https://news.example.org/jobs",
        published_on=date(2025, 9, 4),
        language="fr",
    )
    claimant = ClaimantFactory(
        name="Ana Ruiz",
        kind=Claimant.Kind.PERSON,
        role="Minister of Labour",
        url="https://gov.example.org/ruiz",
    )
    verdict = VerdictFactory(slug="mostly-false", label="Mostly false", score=2)
    claim = ClaimFactory(
        slug="unemployment-fell",
        article=article,
        claimant=claimant,
        verdict=verdict,
        claim_reviewed="Unemployment fell by 3% last year.",
        conclusion="Official figures show a fall of 1%, not 3%.",
        published_at=at(5),
    )

    review = claim_review_of(client, claim)

    claim.refresh_from_db()
    desk = {
        "@type": "Organization",
        "name": "ClaimTracker",
        "url": f"{HOST}/",
        "logo": HOST + static("favicon.svg"),
    }
    article_json = {
        "@type": "NewsArticle",
        "headline": "Minister hails jobs figures",
        "url": "https://news.example.org/jobs",
        "inLanguage": "fr",
        "datePublished": "2025-09-04",
        "publisher": {"@type": "Organization", "name": "The Daily Example"},
    }
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{HOST}/claims/unemployment-fell/",
        "claimReviewed": "Unemployment fell by 3% last year.",
        "datePublished": "2025-09-05T09:00:00+00:00",
        "dateModified": claim.updated_at.isoformat(),
        "inLanguage": "en",
        "author": desk,
        "publisher": desk,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Mostly false",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": "Official figures show a fall of 1%, not 3%.",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "Ana Ruiz",
                "jobTitle": "Minister of Labour",
                "url": "https://gov.example.org/ruiz",
            },
            "datePublished": "2025-09-04",
            "appearance": [article_json],
            "firstAppearance": article_json,
        },
    }


def test_claim_of_the_article_itself_names_no_claimant(client):
    claim = ClaimFactory(claimant=None)

    item = claim_review_of(client, claim)["itemReviewed"]

    assert "author" not in item
    assert item["appearance"][0]["headline"] == claim.article.headline


def test_organisation_claimant_is_an_organization_without_job_title(client):
    claimant = ClaimantFactory(
        name="Statistics Office", kind=Claimant.Kind.ORGANIZATION, role="Agency", url=""
    )
    claim = ClaimFactory(claimant=claimant)

    author = claim_review_of(client, claim)["itemReviewed"]["author"]

    assert author == {"@type": "Organization", "name": "Statistics Office"}


def test_person_without_role_has_no_job_title(client):
    claim = ClaimFactory(claimant=ClaimantFactory(name="Bo Lind", role=""))

    author = claim_review_of(client, claim)["itemReviewed"]["author"]

    assert author == {"@type": "Person", "name": "Bo Lind"}


def test_off_scale_verdict_has_its_label_and_no_rating_numbers(client):
    unproven = VerdictFactory(slug="unproven", label="Unproven", score=None)
    claim = ClaimFactory(verdict=unproven, conclusion="No source settles it.")

    rating = claim_review_of(client, claim)["reviewRating"]

    assert rating == {
        "@type": "Rating",
        "alternateName": "Unproven",
        "ratingExplanation": "No source settles it.",
    }


def test_article_without_an_address_or_date_appears_on_this_site(client):
    article = ArticleFactory(slug="leaflet", url="", outlet="", published_on=None)
    claim = ClaimFactory(article=article)

    item = claim_review_of(client, claim)["itemReviewed"]

    assert "datePublished" not in item
    assert item["firstAppearance"] == {
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": f"{HOST}/articles/leaflet/",
        "inLanguage": "en",
    }


def test_claim_reviewed_falls_back_to_the_quote(client):
    claim = ClaimFactory(claim_reviewed="")

    assert claim_review_of(client, claim)["claimReviewed"] == "unemployment fell by 3% last year"


def test_a_correction_moves_date_modified_and_the_rating(client):
    claim = ClaimFactory(published_at=at(5))
    true = VerdictFactory(slug="true", label="True", score=5)
    services.correct(
        claim=claim,
        user=EditorFactory(),
        kind="correction",
        text="New figures.",
        new_verdict=true,
    )

    review = claim_review_of(client, claim)

    correction = claim.corrections.get()
    assert review["datePublished"] == "2025-09-05T09:00:00+00:00"
    assert review["dateModified"] >= correction.created_at.isoformat()
    assert review["dateModified"][:10] == timezone.now().date().isoformat()
    assert review["reviewRating"]["alternateName"] == "True"
    assert review["reviewRating"]["ratingValue"] == 5


def test_desk_comes_from_settings(client, settings):
    settings.CLAIMTRACKER_DESK = {
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
        "logo": "https://factcheck.example.org/logo.png",
    }

    review = claim_review_of(client, ClaimFactory())

    desk = {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
        "logo": "https://factcheck.example.org/logo.png",
    }
    assert review["author"] == review["publisher"] == desk


def test_markup_in_the_claim_cannot_close_the_block(client):
    hostile = 'He said "</script><script>alert(1)</script>" & <!-- left'
    claim = ClaimFactory(claim_reviewed=hostile, conclusion="</SCRIPT>& ]]>")

    response = client.get(claim.get_absolute_url())

    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    review = json_ld_blocks(response)[0]
    assert review["claimReviewed"] == hostile
    assert review["reviewRating"]["ratingExplanation"] == "</SCRIPT>& ]]>"
    # Only the data block: the markup made no script element of its own.
    assert [attrs for attrs, _ in Scripts(html).scripts] == [{"type": "application/ld+json"}]


def test_claim_page_csp_still_forbids_inline_script(client):
    response = client.get(ClaimFactory().get_absolute_url())

    csp = response.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    # Every script the page has is a data block, which browsers never execute.
    scripts = Scripts(response.content.decode()).scripts
    assert scripts and all(a.get("type") == "application/ld+json" for a, _ in scripts)


@pytest.mark.parametrize("trait", ["draft", "in_review"])
def test_unpublished_claim_has_no_claim_review(client, trait):
    claim = ClaimFactory(**{trait: True})

    response = client.get(claim.get_absolute_url())

    assert response.status_code == 404
    assert json_ld_blocks(response) == []
    assert b"ld+json" not in response.content


def test_only_claim_pages_carry_claim_review(client):
    claim = ClaimFactory()

    for url in ["/", "/claims/", claim.article.get_absolute_url()]:
        assert json_ld_blocks(client.get(url)) == [], url


def test_date_modified_never_precedes_date_published(client):
    # dateModified never comes before datePublished, even for a claim saved once.
    claim = ClaimFactory(published_at=timezone.now() + timedelta(seconds=5))

    review = claim_review_of(client, claim)

    assert review["dateModified"] >= review["datePublished"]


# The admin: claimReviewed is best under 75 characters.

LONG = "The minister said that unemployment fell by three per cent over the last twelve months"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_admin_warns_when_claim_reviewed_is_long_and_saves_it(admin_client):
    article = ArticleFactory()
    assert len(LONG) > 75

    response = admin_client.post(
        reverse("admin:claims_claim_add"),
        claim_form_data(article=article.pk, claim_reviewed=LONG),
        follow=True,
    )

    assert Claim.objects.get().claim_reviewed == LONG
    warnings = [m for m in messages_of(response) if "characters" in m]
    assert warnings == [
        f"“Claim reviewed” has {len(LONG)} characters: fact-check aggregators show about 75, "
        "so readers there may see it cut. Saved all the same."
    ]


def test_admin_does_not_warn_about_a_claim_reviewed_of_75_characters(admin_client):
    claim = ClaimFactory(draft=True)

    response = admin_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        existing_claim_data(claim, claim_reviewed="x" * 75),
        follow=True,
    )

    claim.refresh_from_db()
    assert claim.claim_reviewed == "x" * 75
    assert not [m for m in messages_of(response) if "characters" in m]


def test_admin_claim_form_counts_the_characters_of_claim_reviewed(admin_client):
    response = admin_client.get(reverse("admin:claims_claim_add"))

    html = response.content.decode()
    assert 'data-best-length="75"' in html
    assert "Best under 75 characters" in html
    # The counter is a static file, which the admin's CSP allows without a nonce.
    script = static("js/claim-reviewed-length.js")
    assert f'src="{script}"' in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]

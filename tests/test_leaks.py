"""Nothing the desk keeps to itself reaches any public output, in any format.

One published claim with everything readers may see, surrounded by what they may not: claims in
every unpublished state (with evidence, a public note and a correction of their own), an internal
note on the published claim, the desk's note on a cited source, and an article and a claimant
that only drafts mention. Every secret carries MARK. The test reads every output in
tests/public_outputs.py (pages, feeds, CSV, and each format that joins the registry), follows
every link they give to this site, and finds MARK nowhere.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from claims import services
from claims.models import Claim, Correction, ReviewNote
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    SourceFactory,
)
from tests.public_outputs import (
    PUBLIC_OUTPUTS,
    Reading,
    read_csv,
    read_feed,
    read_html,
    read_json,
)

pytestmark = pytest.mark.django_db

MARK = "zqleak"
READERS = {
    "text/html": read_html,
    "application/atom+xml": read_feed,
    "application/rss+xml": read_feed,
    "text/csv": read_csv,
    "application/json": read_json,
}
CRAWL_LIMIT = 300


@pytest.fixture
def planted():
    editor = EditorFactory()
    article, claimant = ArticleFactory(), ClaimantFactory()
    claim = ClaimFactory(article=article, claimant=claimant)
    source = SourceFactory(title_note=f"{MARK} source title note")
    EvidenceFactory(claim=claim, source=source)
    ReviewNoteFactory(claim=claim, body="Public: the 2024 table was added.", visibility="public")
    ReviewNoteFactory(claim=claim, body=f"{MARK} internal note on the published claim")
    claim = services.correct(claim=claim, user=editor, kind="update", text="New figures.")

    def secret_claim(state, **kwargs):
        secret = ClaimFactory(
            slug=f"{MARK}-{state}",
            claim_reviewed=f"{MARK} {state} claim reviewed",
            conclusion=f"{MARK} {state} conclusion",
            **kwargs,
        )
        EvidenceFactory(claim=secret, source=SourceFactory(title=f"{MARK} {state} source"))
        ReviewNoteFactory(claim=secret, body=f"{MARK} {state} public note", visibility="public")
        Correction.objects.create(claim=secret, text=f"{MARK} {state} correction")
        return secret

    on_public = {"article": article, "claimant": claimant}
    secret_claim("researching", draft=True, **on_public)
    secret_claim("in-review", in_review=True, **on_public)
    secret_claim("new", draft=True, status=Claim.Status.NEW, **on_public)
    not_checkable = secret_claim("not-checkable", draft=True, **on_public)
    services.mark_not_checkable(claim=not_checkable, user=editor, reason=f"{MARK} no data")
    # An article and a claimant that only a draft mentions.
    secret_claim(
        "draft-only",
        draft=True,
        article=ArticleFactory(
            slug=f"{MARK}-article", headline=f"{MARK} headline", outlet=f"{MARK} outlet"
        ),
        claimant=ClaimantFactory(slug=f"{MARK}-claimant", name=f"{MARK} claimant"),
    )
    assert Claim.objects.published().count() == 1
    assert ReviewNote.objects.filter(body__contains=MARK).count() == 7
    return SimpleNamespace(
        claim=claim,
        article=article,
        claimant=claimant,
        verdict=claim.verdict,
        source=source,
        correction=claim.corrections.get(),
        typed="words nobody wrote",
        about=None,
    )


def local_links(reading):
    """This site's addresses among an output's strings: hrefs, feed links, CSV URLs."""
    for value in reading.text:
        if value.startswith("/") and not value.startswith("//"):
            yield value.split("#")[0]
        elif value.startswith("http://testserver/"):
            parts = urlsplit(value)
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def read_any(response):
    kind = response.headers["Content-Type"].split(";")[0]
    if kind in READERS:
        return READERS[kind](response)
    return Reading(text=[response.content.decode(errors="replace")])


# Where the secrets would be if anything let them through; each must answer 404 or show none.
PROBES = [
    f"/claims/{MARK}-in-review/",
    f"/articles/{MARK}-article/",
    f"/claimants/{MARK}-claimant/",
    f"/feeds/articles/{MARK}-article.atom",
    f"/feeds/claimants/{MARK}-claimant.rss",
    f"/claims/export.csv?q={MARK}",
    f"/claims/export.csv?article={MARK}-article",
    f"/claims/export.csv?claimant={MARK}-claimant",
]


def test_no_public_output_shows_anything_unpublished(client, planted):
    queue = [(output.url(planted), output.read) for output in PUBLIC_OUTPUTS]
    queue += [(url, read_any) for url in PROBES]
    leaks, answers = {}, {}
    while queue and len(answers) < CRAWL_LIMIT:
        url, read = queue.pop(0)
        if url in answers or url.startswith(("/admin/", "/static/")):
            continue
        response = client.get(url)
        answers[url] = response.status_code
        if response.status_code != 200:
            continue
        reading = read(response)
        if found := [s for s in [*reading.markup, *reading.text] if MARK in s]:
            leaks[url] = found[:3]
        queue += [(link, read_any) for link in local_links(reading)]

    assert leaks == {}
    # Each registered output answered, and the crawl went beyond them to every page they link.
    registered = {output.url(planted) for output in PUBLIC_OUTPUTS}
    assert {url: answers[url] for url in registered} == dict.fromkeys(registered, 200)
    assert planted.claim.get_absolute_url() in answers
    assert len(answers) > len(registered) + len(PROBES)
    assert [answers[url] for url in PROBES[:5]] == [404] * 5

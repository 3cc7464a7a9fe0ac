"""The desk file's round trip on generated files (hypothesis): accents, curly quotes, quotes that
repeat (with their occurrence), claims without a claimant, public and internal notes, sources
and claimants shared between claims, optional keys left out.

import into an empty database → export gives the file as the export writes it (every key, in
its order, defaults filled in); export → import → export gives the same bytes.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import deskfile
from claims.demo import DESK_MODELS
from claims.models import Article, Verdict
from claims.quotes import locate_quote, occurrences
from tests.factories import VerdictFactory

pytestmark = pytest.mark.django_db

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêàùçñüößøåŁžÉ"
PUNCTUATION = " ’‘“”«»„‹›\"'.,;:!?—–-…0123456789\n"
text = st.text(alphabet=LETTERS + PUNCTUATION, min_size=1, max_size=24)
maybe_text = st.one_of(st.just(""), text)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))

CLAIMANTS = [
    {"slug": f"p-{i}", "name": name, "kind": kind, "role": role, "url": url}
    for i, (name, kind, role, url) in enumerate(
        [
            ("Zoë Müller-Łukasik", "person", "Ministra “de facto”", ""),
            ("Øresund Førening", "organization", "", "https://p1.example.org/à-propos"),
            ("L’Écho", "publication", "quotidien « local »", ""),
        ]
    )
]


@st.composite
def sources(draw):
    """A pool of sources; claims cite them with their own stance, excerpt and note."""
    pool = []
    for i in range(3):
        pool.append(
            {
                "url": f"https://s{i}.example.org/rapport-{i}",
                "title": draw(text),
                "publisher": draw(maybe_text),
                "source_type": draw(st.sampled_from(["primary", "news", "dataset"])),
                "published_on": draw(dates),
                "archive_url": draw(st.sampled_from(["", f"https://archive.example.org/{i}"])),
                "accessed_on": draw(dates),
            }
        )
    return pool


@st.composite
def desk_files(draw):
    phrases = draw(st.lists(text, min_size=1, max_size=5))
    # Some phrases said twice or more: their claims need an occurrence.
    said = draw(st.lists(st.sampled_from(phrases), min_size=len(phrases), max_size=10))
    body = draw(text) + "\n\n" + " ".join(phrases + said)
    pool = draw(sources())
    claims = []
    for i in range(draw(st.integers(1, 5))):
        quote = draw(st.sampled_from(phrases))
        found = len(occurrences(body, quote))
        occurrence = draw(st.integers(1, found)) if found > 1 else draw(st.sampled_from([None, 1]))
        status = draw(
            st.sampled_from(["new", "researching", "in_review", "published", "not_checkable"])
        )
        published = status == "published"
        cited = draw(st.lists(st.sampled_from(pool), unique_by=lambda s: s["url"], max_size=3))
        if published and not cited:
            cited = [pool[0]]
        claim = {
            "slug": f"c-{i}",
            "quote": quote,
            "occurrence": occurrence,
            "claimant": draw(st.one_of(st.none(), st.sampled_from(CLAIMANTS))),
            "claim_reviewed": draw(maybe_text),
            "claim_type": draw(st.sampled_from(["", "number", "quote", "title/role"])),
            "status": status,
            "verdict": draw(st.sampled_from(["true", "false"] if published else [None, "false"])),
            "conclusion": draw(text if published else maybe_text),
            "researcher": "farah" if published else draw(st.sampled_from([None, "farah"])),
            "published_at": "2025-09-04T16:00:00Z" if published else None,
            "notes": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"body": text, "visibility": st.sampled_from(["internal", "public"])}
                    ),
                    max_size=2,
                )
            ),
            "sources": [
                source
                | {
                    "stance": draw(st.sampled_from(["supports", "contradicts", "context"])),
                    "excerpt": draw(maybe_text),
                    "note": draw(maybe_text),
                }
                for source in cited
            ],
        }
        # A desk leaves out what it has nothing to say about.
        for key in draw(st.sets(st.sampled_from(["occurrence", "claim_reviewed", "notes"]))):
            if key != "occurrence" or found == 1:
                claim.pop(key)
        claims.append(claim)
    article = {
        "slug": "generated",
        "headline": draw(text),
        "outlet": draw(maybe_text),
        "url": draw(st.sampled_from(["", "https://news.example.org/ça-va"])),
        "published_on": draw(dates),
        "language": draw(st.sampled_from(["en", "fr", "it"])),
        "body": body,
    }
    return {"article": article, "claims": claims}


def normalised(desk_file):
    """The file as the export writes it: every key in its order, the defaults filled in, the
    occurrence only where the quote repeats, the claims in the order of the text."""
    body = desk_file["article"]["body"]
    claims = []
    for claim in desk_file["claims"]:
        occurrence = claim.get("occurrence")
        if len(occurrences(body, claim["quote"])) == 1:
            occurrence = None
        source_keys = deskfile.SOURCE_KEYS
        full = {
            **claim,
            "occurrence": occurrence,
            "claim_reviewed": claim.get("claim_reviewed", ""),
            "notes": [
                {"body": note["body"], "visibility": note["visibility"], "author": None}
                for note in claim.get("notes", [])
            ],
            "sources": [{key: source[key] for key in source_keys} for source in claim["sources"]],
        }
        claims.append({key: full[key] for key in deskfile.CLAIM_KEYS})
    claims.sort(
        key=lambda c: (*locate_quote(body, c["quote"], c["occurrence"]), c["slug"]),
    )
    return {"article": desk_file["article"], "claims": claims}


def empty_the_desk():
    for model in DESK_MODELS:
        if model is not Verdict:
            model.objects.all().delete()


@pytest.fixture
def scale():
    VerdictFactory(slug="false")
    VerdictFactory(slug="true", label="True", score=5, order=1)


# Each example imports twice into the database: a few dozen keep the suite quick.
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(desk_file=desk_files())
def test_generated_desk_files_round_trip(desk_file, scale, editor, checker):
    with transaction.atomic():
        deskfile.import_desk_file(
            deskfile.loads(deskfile.dumps(desk_file)), user=editor, name="generated.json"
        )
        first = deskfile.dumps(deskfile.export_article(Article.objects.get()))
        assert first == deskfile.dumps(normalised(desk_file))

        empty_the_desk()
        deskfile.import_desk_file(deskfile.loads(first), user=editor, name="again.json")
        assert deskfile.dumps(deskfile.export_article(Article.objects.get())) == first
        transaction.set_rollback(True)

"""Desk files: import_article checks a whole file at once and writes all or nothing, through the
desk's rules; export_article writes it back, byte for byte."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import deskfile
from claims.demo import DESK_MODELS
from claims.models import Article, Claim, Claimant, Evidence, ReviewNote, Source, Verdict
from tests.factories import ClaimantFactory, SourceFactory, VerdictFactory
from tools.desk_file_sample import sample

pytestmark = pytest.mark.django_db

DEMO_SLUG = "twenty-nations-commit-to-military-presence-in-ukraine"

# A story unlike the seed: Italian, with accents, curly quotes and a sentence said twice.
BODY = (
    "Il governo: «L’economia è cresciuta dello 0,4%»\n\n"
    "Il ministro dell’Economia ha detto che “l’economia è cresciuta dello 0,4%” nel primo "
    "trimestre. L’opposizione ribatte che l’Istat non ha ancora pubblicato la stima.\n\n"
    "In serata il ministro ha ripetuto: “l’economia è cresciuta dello 0,4%”. Secondo il "
    "giornale, la disoccupazione giovanile è scesa sotto il 20% per la prima volta."
)
QUOTE = "l’economia è cresciuta dello 0,4%"


def italian_file(**claim_changes):
    claims = [
        {
            "quote": QUOTE,
            "occurrence": 2,
            "claimant": {"name": "Giancarlo Giorgetti", "role": "Ministro dell’Economia"},
            "claim_reviewed": "L’economia italiana è cresciuta dello 0,4% nel trimestre.",
            "claim_type": "number",
            "status": "published",
            "verdict": "false",
            "conclusion": "L’Istat stima una crescita dello 0,3%, non dello 0,4%.",
            "researcher": "farah",
            "notes": [{"body": "Tabella 2 della nota Istat.", "visibility": "internal"}],
            "sources": [
                {
                    "url": "https://www.istat.it/comunicato-stampa/pil-trimestrale/",
                    "title": "Stima preliminare del Pil",
                    "publisher": "Istat",
                    "source_type": "government",
                    "published_on": "2025-07-30",
                    "stance": "contradicts",
                    "excerpt": "il Pil è aumentato dello 0,3%",
                }
            ],
            **claim_changes,
        },
        {
            "quote": "la disoccupazione giovanile è scesa sotto il 20%",
            "claimant": None,
            "claim_type": "number",
            "status": "published",
            "verdict": "false",
            "conclusion": "Il tasso era al 21,6% a giugno.",
            "researcher": "farah",
            "sources": [
                {
                    "url": "https://www.istat.it/comunicato-stampa/occupati-e-disoccupati/",
                    "title": "Occupati e disoccupati",
                    "stance": "contradicts",
                }
            ],
        },
    ]
    return {
        "article": {
            "headline": "Il governo: «L’economia è cresciuta dello 0,4%»",
            "outlet": "Il Quotidiano",
            "url": "https://quotidiano.example.it/economia/pil",
            "published_on": "2025-08-01",
            "language": "it",
            "body": BODY,
        },
        "claims": claims,
    }


def write(tmp_path, data, name="desk.json"):
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_article", path, *args, stdout=out, stderr=err)
    return out.getvalue()


def refused(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_article", path, *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(exc.value)


def export(slug):
    out = io.StringIO()
    call_command("export_article", slug, stdout=out)
    return out.getvalue()


def database():
    """Every row of the desk's data and its history, to prove a refused import wrote nothing."""
    rows = {}
    for model in DESK_MODELS:
        rows[model.__name__] = sorted(map(str, model.objects.values_list()))
        rows[model.__name__ + " history"] = model.history.count()
    return rows


@pytest.fixture
def scale():
    VerdictFactory(slug="false")
    VerdictFactory(slug="true", label="True", score=5, order=1)


def test_every_problem_in_a_file_is_reported_and_nothing_is_written(
    tmp_path, scale, editor, checker
):
    data = italian_file()
    good = data["claims"][1]
    data["article"]["colour"] = "blue"
    data["claims"] = [
        {**good, "quote": "la disoccupazione è al 5%"},
        {**good, "verdict": "pants-on-fire"},
        {**good, "claim_reviewed": 5, "occurrence": 0},
        {
            **good,
            "sources": [
                good["sources"][0],
                {"url": "htp:/x", "title": "Broken", "stance": "contradicts"},
            ],
        },
        {**good, "sources": [{**good["sources"][0], "published_on": "2025-02-30"}]},
        {**good, "quote": QUOTE},
        {**good, "quote": QUOTE, "occurrence": 3},
        {**good, "conclusion": "Nul\x00byte", "researcher": "nobody", "claim_type": "opinion"},
        {"claimant": None},
        "not a claim",
    ]
    before = database()

    err, summary = refused(write(tmp_path, data), "--as", editor.username)

    for problem in [
        "article.colour: unknown key",
        "claims[0].quote: not found in the article's body",
        'claims[1].verdict: "pants-on-fire" is not on the scale (true, false)',
        "claims[2].claim_reviewed: should be text, not 5",
        "claims[2].occurrence: 0 is not a number from 1",
        'claims[3].sources[1].url: "htp:/x" is not a valid URL',
        "claims[4].sources[0].published_on: 2025-02-30 is not a date",
        'claims[5]: the quote appears 2 times; say which with "occurrence"',
        "claims[6].occurrence: the quote appears 2 times; 3 is not between 1 and 2",
        "claims[7].conclusion: contains a NUL character",
        'claims[7].researcher: there is no user "nobody"',
        'claims[7].claim_type: "opinion" is not one of number, quote',
        "claims[8].quote: required",
        "claims[9]: should be an object",
    ]:
        assert problem in err
    assert summary == "14 problems in desk.json; nothing was written."
    assert database() == before


def test_model_rules_apply_to_imported_objects(tmp_path, scale, editor):
    data = italian_file()
    data["article"]["headline"] = "x" * 301
    data["claims"][1]["sources"][0]["title"] = ""

    err, _ = refused(write(tmp_path, data), "--as", editor.username)

    assert "article.headline: Ensure this value has at most 300 characters" in err
    assert "claims[1].sources[0].title: This field cannot be blank." in err
    assert not Article.objects.exists()


def test_a_file_that_is_not_json_says_where(tmp_path):
    err, _ = refused(write(tmp_path, '{"article": {"headline": "x",}}'))

    assert "line 1, column 29: not valid JSON (Illegal trailing comma" in err


@pytest.fixture
def demo():
    call_command("setup_demo", verbosity=0)


def test_the_demo_article_round_trips_byte_for_byte(demo, tmp_path):
    first = export(DEMO_SLUG)
    for model in DESK_MODELS:
        if model is not Verdict:
            model.objects.all().delete()

    out = run_import(write(tmp_path, first), "--as", "editor")

    assert "Claims: 25 (21 published, 2 researching, 2 in review)." in out
    assert export(DEMO_SLUG) == first
    # One history row for each object written, naming the import.
    for model in [Article, Claimant, Source, Claim, Evidence, ReviewNote]:
        rows = model.history.filter(history_change_reason="Imported from desk.json by editor")
        assert sorted(rows.values_list("id", flat=True)) == sorted(
            model.objects.values_list("id", flat=True)
        ), model
        assert {r.history_type for r in rows} == {"+"}, model
    published = Claim.objects.published().first()
    assert published.reviewer.username == "editor"
    assert published.researcher.username == "factchecker"


def test_export_writes_every_field_in_a_stable_order(demo):
    data = json.loads(export(DEMO_SLUG))

    assert list(data["article"]) == deskfile.ARTICLE_KEYS
    claim = data["claims"][0]
    assert list(claim) == deskfile.CLAIM_KEYS
    assert list(claim["sources"][0]) == deskfile.SOURCE_KEYS
    assert list(claim["claimant"] or deskfile.CLAIMANT_KEYS) == deskfile.CLAIMANT_KEYS
    notes = [n for c in data["claims"] for n in c["notes"]]
    assert {n["visibility"] for n in notes} == {"internal", "public"}


def test_reimporting_the_same_article_is_refused(tmp_path, scale, editor, checker):
    path = write(tmp_path, italian_file())
    run_import(path, "--as", editor.username)
    before = database()

    err, _ = refused(path, "--as", editor.username)

    assert "article: this article is already on the site" in err
    assert "import with --replace" in err
    assert database() == before
    # Same headline and date, no URL: the same article too.
    data = italian_file()
    data["article"]["url"] = ""
    err, _ = refused(write(tmp_path, data, "no-url.json"), "--as", editor.username)
    assert "already on the site" in err


def test_replace_updates_the_article_in_place(tmp_path, scale, editor, checker):
    data = italian_file()
    data["claims"][1]["status"] = "researching"
    run_import(write(tmp_path, data), "--as", editor.username)
    article = Article.objects.get()
    draft = Claim.objects.get(status=Claim.Status.RESEARCHING)
    exported = json.loads(export(article.slug))
    exported["claims"][1]["conclusion"] = "Il tasso era al 21,6% a giugno, secondo l’Istat."
    exported["claims"][1]["sources"].append(
        {"url": "https://www.eurostat.example/youth", "title": "Youth unemployment"}
        | {"stance": "context"}
    )

    out = run_import(write(tmp_path, exported, "v2.json"), "--as", editor.username, "--replace")

    assert "(il-governo-leconomia-e-cresciuta-dello-04) : updated" not in out
    assert "updated" in out
    assert Article.objects.get().pk == article.pk
    draft.refresh_from_db()
    assert draft.conclusion.endswith("secondo l’Istat.")
    assert draft.evidence.count() == 2
    assert Claim.objects.count() == 2
    assert draft.history.first().history_change_reason == "Imported from v2.json by eddie"


def test_replace_refuses_to_change_a_published_verdict(tmp_path, scale, editor, checker):
    run_import(write(tmp_path, italian_file()), "--as", editor.username)
    slug = Article.objects.get().slug
    exported = json.loads(export(slug))
    exported["claims"][0]["verdict"] = "true"
    before = database()

    err, _ = refused(write(tmp_path, exported, "v2.json"), "--as", editor.username, "--replace")

    assert 'verdict: the published verdict is "false"; changing it needs a correction' in err
    assert database() == before


def test_replace_without_an_editor_cannot_touch_what_readers_see(tmp_path, scale, editor, checker):
    run_import(write(tmp_path, italian_file()), "--as", editor.username)
    exported = export(Article.objects.get().slug)

    err, _ = refused(write(tmp_path, exported, "v2.json"), "--as", checker.username, "--replace")

    assert "readers see this article: only an editor can replace it" in err


def test_a_published_claim_without_as_arrives_in_review(tmp_path, scale, checker):
    out = run_import(write(tmp_path, italian_file()))

    assert not Claim.objects.published().exists()
    assert Claim.objects.filter(status=Claim.Status.IN_REVIEW).count() == 2
    assert "arrives in review, not published: no editor was named with --as" in out


def test_a_fact_checker_imports_drafts_only(tmp_path, scale, checker):
    data = italian_file()
    data["claims"][1]["status"] = "not_checkable"
    data["claims"].append({"quote": "L’opposizione ribatte", "status": "new"})

    out = run_import(write(tmp_path, data), "--as", checker.username)

    assert sorted(Claim.objects.values_list("status", "published_at")) == [
        ("new", None),
        ("researching", None),
        ("researching", None),
    ]
    assert "Claims: 3 (2 researching, 1 new)." in out
    assert (
        "2 claim(s) the file marks in review, published or not checkable arrive in research" in out
    )
    assert Article.objects.get().published_claims == 0


def test_an_editor_cannot_publish_their_own_research_by_import(tmp_path, scale, editor, checker):
    out = run_import(
        write(tmp_path, italian_file(researcher=editor.username)), "--as", editor.username
    )

    mine = Claim.objects.get(researcher=editor)
    assert mine.status == Claim.Status.IN_REVIEW
    assert "a second person must review it" in out


def test_dry_run_reports_and_writes_nothing(tmp_path, scale, editor, checker):
    before = database()

    out = run_import(write(tmp_path, italian_file()), "--as", editor.username, "--dry-run")

    assert "Claims: 2 (2 published)." in out
    assert "Sources: 2 new, 0 already on the site." in out
    assert "Dry run: nothing was written." in out
    assert database() == before


def test_sources_and_claimants_already_on_the_site_are_reused(tmp_path, scale, editor, checker):
    source = SourceFactory(url="https://www.istat.it/comunicato-stampa/pil-trimestrale/")
    claimant = ClaimantFactory(name="Giancarlo Giorgetti")

    out = run_import(write(tmp_path, italian_file()), "--as", editor.username)

    assert Source.objects.count() == 2
    assert Claimant.objects.get() == claimant
    assert Claim.objects.get(occurrence=2).evidence.get().source == source
    assert "Sources: 1 new, 1 already on the site." in out
    assert "Claimants: 0 new, 1 already on the site." in out


def test_a_hand_written_story_imports_and_shows_on_the_public_pages(
    tmp_path, scale, editor, checker, client
):
    out = run_import(write(tmp_path, italian_file()), "--as", editor.username)

    assert "Claims: 2 (2 published)." in out
    article = Article.objects.get()
    repeated = Claim.objects.get(claimant__name="Giancarlo Giorgetti")
    assert (repeated.occurrence, article.body[repeated.span_start : repeated.span_end]) == (
        2,
        QUOTE,
    )
    assert repeated.span_start == BODY.rindex(QUOTE)
    own = Claim.objects.get(claimant=None)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-claim="{repeated.slug}"' in page
    assert f'data-claim="{own.slug}"' in page
    assert "L’opposizione ribatte" in page
    claim_page = client.get(repeated.get_absolute_url())
    assert claim_page.status_code == 200
    assert "L’Istat stima una crescita dello 0,3%" in claim_page.content.decode()
    # And it exports back with its occurrence and the accents intact.
    exported = json.loads(export(article.slug))
    assert [c["occurrence"] for c in exported["claims"]] == [2, None]
    assert exported["article"]["body"] == BODY


def test_a_hand_written_file_round_trips(tmp_path, scale, editor, checker):
    run_import(write(tmp_path, italian_file()), "--as", editor.username)
    first = export(Article.objects.get().slug)
    for model in DESK_MODELS:
        if model is not Verdict:
            model.objects.all().delete()

    run_import(write(tmp_path, first, "again.json"), "--as", editor.username)

    assert export(Article.objects.get().slug) == first


def test_a_quote_that_repeats_in_the_file_keeps_claims_apart(tmp_path, scale, editor, checker):
    data = italian_file()
    first = copy.deepcopy(data["claims"][0]) | {"occurrence": 1, "slug": "prima-volta"}
    data["claims"].append(first)

    run_import(write(tmp_path, data), "--as", editor.username)

    spans = sorted(Claim.objects.filter(quote=QUOTE).values_list("occurrence", "span_start"))
    assert spans == [(1, BODY.index(QUOTE)), (2, BODY.rindex(QUOTE))]
    assert Source.objects.count() == 2  # the shared source is written once


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    tmp_path, scale, editor, checker, monkeypatch
):
    before = database()
    written = []

    def failing_recount(*args, **kwargs):
        written.append(Claim.objects.count())
        raise RuntimeError("disk full")

    # The last step: everything else was written before it.
    monkeypatch.setattr(deskfile, "recount_published_claims", failing_recount)

    with pytest.raises(RuntimeError):
        run_import(write(tmp_path, italian_file()), "--as", editor.username)

    assert written == [2]
    assert database() == before


def test_as_must_name_a_user_who_may_add_claims(tmp_path, scale):
    _, message = refused(write(tmp_path, italian_file()), "--as", "nobody")

    assert message == "--as: there is no active user 'nobody'."
    assert not Article.objects.exists()


def test_replace_drops_the_sources_the_file_no_longer_lists(tmp_path, scale, editor, checker):
    data = italian_file()
    data["claims"][1]["status"] = "researching"
    run_import(write(tmp_path, data), "--as", editor.username)
    exported = json.loads(export(Article.objects.get().slug))
    exported["claims"][1]["sources"] = []

    run_import(write(tmp_path, exported, "v2.json"), "--as", editor.username, "--replace")

    draft = Claim.objects.get(status=Claim.Status.RESEARCHING)
    assert not draft.evidence.exists()
    deleted = Evidence.history.get(history_type="-")
    assert deleted.history_change_reason == "Imported from v2.json by eddie"
    assert Source.objects.count() == 2  # the source itself stays on the site


def test_replace_makes_the_claims_notes_those_of_the_file(tmp_path, scale, editor, checker):
    data = italian_file()
    data["claims"][1]["status"] = "researching"
    data["claims"][1]["notes"] = [
        {"body": "Chiamare l’Istat.", "visibility": "internal"},
        {"body": "Dato di giugno.", "visibility": "public"},
    ]
    run_import(write(tmp_path, data), "--as", editor.username)
    kept = ReviewNote.objects.get(body="Dato di giugno.")
    exported = json.loads(export(Article.objects.get().slug))
    exported["claims"][1]["notes"] = [
        {"body": "Dato di giugno.", "visibility": "public"},
        {"body": "Fonte: Istat, tavola 3.", "visibility": "internal"},
    ]

    run_import(write(tmp_path, exported, "v2.json"), "--as", editor.username, "--replace")

    draft = Claim.objects.get(status=Claim.Status.RESEARCHING)
    assert sorted(draft.notes.values_list("body", flat=True)) == [
        "Dato di giugno.",
        "Fonte: Istat, tavola 3.",
    ]
    assert draft.notes.get(body="Dato di giugno.").pk == kept.pk  # kept, not rewritten
    deleted = ReviewNote.history.get(history_type="-")
    assert (deleted.body, deleted.history_change_reason) == (
        "Chiamare l’Istat.",
        "Imported from v2.json by eddie",
    )
    assert json.loads(export(draft.article.slug))["claims"][1]["notes"] == [
        {"body": "Dato di giugno.", "visibility": "public", "author": None},
        {"body": "Fonte: Istat, tavola 3.", "visibility": "internal", "author": None},
    ]


def test_only_the_quote_is_required_of_a_claim(tmp_path, scale, editor):
    data = italian_file()
    data["claims"] = [{"quote": "la disoccupazione giovanile è scesa sotto il 20%"}]

    out = run_import(write(tmp_path, data), "--as", editor.username)

    assert "Claims: 1 (1 new)." in out
    claim = Claim.objects.get()
    assert (claim.claim_type, claim.claimant, claim.status) == ("", None, "new")


def test_a_source_or_claimant_on_the_site_is_kept_as_it_is(tmp_path, scale, editor, checker):
    source = SourceFactory(
        url="https://www.istat.it/comunicato-stampa/pil-trimestrale/", title="PIL", publisher=""
    )
    ClaimantFactory(name="Giancarlo Giorgetti", role="Ministro")

    out = run_import(write(tmp_path, italian_file()), "--as", editor.username)

    source.refresh_from_db()
    assert (source.title, source.publisher) == ("PIL", "")
    assert Claimant.objects.get().role == "Ministro"
    assert (
        "claims[0].sources[0]: the source “PIL” is already on the site with another title, "
        "publisher, published_on; the site's is kept (change it in the admin)."
    ) in out
    assert (
        "claims[0].claimant: the claimant “Giancarlo Giorgetti” is already on the site with another role"
        in out
    )


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b'{"article": "caf\xe9"}', "byte 17: the file is not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "its lists and objects nest too deeply"),
        (b'{"claims": [{"occurrence": ' + b"9" * 5000 + b"}]}", "not a desk file: Exceeds"),
        (
            b'{"article": {"headline": "a\x00b"}}',
            "line 1, column 28: not valid JSON (Invalid control character",
        ),
    ],
    ids=["latin-1", "deep", "huge-number", "raw-nul"],
)
def test_a_file_that_cannot_be_read_says_why(tmp_path, raw, problem):
    path = tmp_path / "desk.json"
    path.write_bytes(raw)

    err, _ = refused(str(path))

    assert problem in err
    assert not Article.objects.exists()


def test_a_byte_order_mark_is_read_past(tmp_path, scale, editor, checker):
    path = tmp_path / "desk.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(italian_file()).encode())

    run_import(str(path), "--as", editor.username)

    assert Article.objects.get().language == "it"


HAND_WRITTEN = (
    Path(__file__).parent.parent / "fixtures" / "desk-files" / "tramway-villefranche.fr.json"
)


def assert_carries(given, exported, place="file"):
    """Every value the desk file gives is in the export, at the same place."""
    if isinstance(given, dict):
        for key, value in given.items():
            assert_carries(value, exported[key], f"{place}.{key}")
    elif isinstance(given, list):
        assert len(given) == len(exported), place
        for i, (a, b) in enumerate(zip(given, exported, strict=True)):
            assert_carries(a, b, f"{place}[{i}]")
    else:
        assert given == exported, place


def test_the_hand_written_french_story_imports_shows_and_exports_back(demo, client):
    given = json.loads(HAND_WRITTEN.read_text(encoding="utf-8"))

    out = run_import(str(HAND_WRITTEN), "--as", "editor")

    assert "Claims: 4 (2 published, 1 in review, 1 researching)." in out
    assert "Sources: 4 new, 0 already on the site." in out
    article = Article.objects.get(language="fr")
    repeated = article.claims.get(claimant__name="Claire Dumont", occurrence=1)
    assert repeated.span_start == article.body.index("tramway transporte déjà 48\u202f000")
    own = article.claims.get(claimant=None)
    page = client.get(article.get_absolute_url()).text
    # Published claims are highlighted in the text; the others are not shown.
    assert f'data-claim="{repeated.slug}"' in page and f'data-claim="{own.slug}"' in page
    assert page.count("data-claim=") == 2
    assert "« la plus longue de France »" in page
    claim_page = client.get(repeated.get_absolute_url()).text
    assert "Le chiffre de 48\u202f000 correspond au record" in claim_page  # the public note
    assert "Appeler le service de presse" not in claim_page  # the internal one
    exported = json.loads(export(article.slug))
    assert_carries(given, exported)
    assert exported["claims"][1]["occurrence"] is None  # said only when the quote repeats


def test_a_claim_without_a_slug_never_takes_one_the_file_gives(tmp_path, scale, editor, checker):
    data = italian_file()
    data["claims"][0]["claim_reviewed"] = "Stessa frase"
    data["claims"][1]["slug"] = "stessa-frase"

    run_import(write(tmp_path, data), "--as", editor.username)

    assert sorted(Claim.objects.values_list("slug", flat=True)) == [
        "stessa-frase",
        "stessa-frase-2",
    ]


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def large(tmp_path, demo):
    """A desk file of 600 claims (tools/desk_file_sample.py), on the demo's scale and users."""
    return write(tmp_path, sample(600), "large.json")


def test_a_large_file_shows_progress_on_a_terminal(large):
    terminal = Terminal()

    call_command("import_article", large, "--as", "editor", stdout=io.StringIO(), stderr=terminal)

    assert "\rChecking [###############...............] 300/600" in terminal.getvalue()
    assert "\rWriting  [##############################] 600/600\n" in terminal.getvalue()
    assert Claim.objects.filter(article__headline__contains="600").count() == 600


@pytest.mark.parametrize("args", [[], ["--quiet"], ["-v0"]], ids=["pipe", "quiet", "v0"])
def test_no_progress_bar_in_a_pipe_or_when_quiet(large, args):
    output = Terminal() if args else io.StringIO()

    call_command("import_article", large, *args, stdout=io.StringIO(), stderr=output)

    assert output.getvalue() == ""


def test_a_large_file_is_written_in_batches(large):
    with CaptureQueriesContext(connection) as queries:
        run_import(large, "--as", "editor")

    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    claim_inserts = [sql for sql in inserts if 'INTO "claims_claim"' in sql]
    assert len(claim_inserts) == 2  # 600 claims in batches of 500
    # A few queries per batch, per source and per claimant: not one per claim, nor per row.
    assert len(queries) < 600
    article = Article.objects.get(headline__contains="600")
    published = article.claims.filter(status=Claim.Status.PUBLISHED).count()
    assert article.published_claims == published > 0
    assert Claim.history.filter(article_id=article.pk, history_type="+").count() == 600

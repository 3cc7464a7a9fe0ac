"""Search (claims/search.py): the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector + GIN),
on the public list, the admin's claim search, and every route that writes the searched text."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from claims import search
from claims.models import Claim, Claimant, ClaimSearchEntry
from tests.factories import ArticleFactory, ClaimantFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

URL = "/claims/"
ADMIN_URL = reverse("admin:claims_claim_changelist")


def listed(response):
    """Slugs of the claims on the public list, in the order shown."""
    assert response.status_code == 200
    return re.findall(r'class="claim-row__quote"><a href="/claims/([^/"]+)/"', response.text)


def found(text):
    """Slugs of the claims the public list finds for `text`, in its order."""
    return listed(Client().get(URL, {"q": text}))


def shown(api=False, **params):
    """Slugs of the claims the public list (or the API's claim list) shows, in its order."""
    if not api:
        return listed(Client().get(URL, params))
    response = Client().get(reverse("api:claim-list"), params)
    assert response.status_code == 200
    return [claim["slug"] for claim in response.json()["results"]]


def admin_found(client, text, **params):
    response = client.get(ADMIN_URL, {"q": text, **params})
    assert response.status_code == 200
    return [claim.slug for claim in response.context["cl"].result_list]


def day(d):
    return datetime(2025, 3, d, 12, tzinfo=UTC)


def claim_quoting(quote, **kwargs):
    """A published claim whose quote is `quote` (its article says it)."""
    article = ArticleFactory(body=f"Headline\n\nThe minister said: {quote}. Then she left.")
    return ClaimFactory(article=article, quote=quote, **kwargs)


# What readers notice.


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Giorgia Meloni", "Méloni"), ("Giorgia Méloni", "meloni"), ("Jürgen Müller", "MULLER")],
)
def test_search_ignores_accents_and_case_both_ways(stored, typed):
    by_name = ClaimFactory(slug="by-name", claimant=ClaimantFactory(name=stored))
    in_conclusion = ClaimFactory(slug="in-conclusion", conclusion=f"{stored} was wrong.")
    ClaimFactory(slug="unrelated")

    assert set(found(typed)) == {by_name.slug, in_conclusion.slug}


@pytest.mark.parametrize(
    "field",
    ["quote", "claim_reviewed", "conclusion", "claimant"],
)
def test_search_reads_quote_restatement_conclusion_and_claimant_name(field):
    values = {
        "quote": dict,
        "claim_reviewed": lambda: {"claim_reviewed": "The zeppelin fleet doubled."},
        "conclusion": lambda: {"conclusion": "No zeppelin flew that year."},
        "claimant": lambda: {"claimant": ClaimantFactory(name="Zeppelin Club")},
    }[field]()
    if field == "quote":
        match = claim_quoting("the zeppelin fleet doubled", slug="match")
    else:
        match = ClaimFactory(slug="match", **values)
    ClaimFactory(slug="other")

    assert found("zeppelin") == [match.slug]


def test_search_lists_the_claim_with_the_word_twice_before_the_one_with_it_once():
    # The newer claim mentions the word once; the older one in its quote and its conclusion.
    claim_quoting(
        "tram fares doubled",
        slug="twice",
        published_at=day(1),
        conclusion="Tram fares rose by a third.",
    )
    ClaimFactory(slug="once", published_at=day(2), conclusion="Tram fares rose by a third.")

    assert found("tram") == ["twice", "once"]
    # Without a search the list keeps its usual order, newest first.
    assert found("") == ["once", "twice"]


def test_search_lists_a_claim_by_the_person_before_one_that_mentions_them():
    ClaimFactory(slug="mentions", published_at=day(2), conclusion="Unlike Okonkwo, she erred.")
    ClaimFactory(slug="by", published_at=day(1), claimant=ClaimantFactory(name="Ada Okonkwo"))

    assert found("okonkwo") == ["by", "mentions"]


def test_search_in_a_chosen_order_keeps_that_order():
    claim_quoting("tram fares doubled", slug="twice", published_at=day(1), conclusion="Trams.")
    ClaimFactory(slug="once", published_at=day(2), conclusion="Tram fares rose.")
    assert listed(Client().get(URL, {"q": "tram", "order": "newest"})) == ["once", "twice"]
    assert listed(Client().get(URL, {"q": "tram", "order": "relevance"})) == ["twice", "once"]


def test_search_never_finds_a_draft_on_the_public_list(admin_client):
    ClaimFactory(slug="published", conclusion="The zeppelin never landed.")
    ClaimFactory(slug="draft", draft=True, conclusion="The zeppelin never landed.")
    ClaimFactory(slug="in-review", in_review=True, conclusion="The zeppelin never landed.")

    assert found("zeppelin") == ["published"]
    # The desk finds all three.
    assert sorted(admin_found(admin_client, "zeppelin")) == ["draft", "in-review", "published"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('"fell sharply"', ["phrase"]),  # a phrase: the words together, in that order
        ("fell sharply", ["phrase", "apart"]),  # words: all of them, anywhere
        ("sharply -trams", ["phrase"]),  # a word left out
        ("zeppelin or trams", ["apart", "zeppelin"]),  # alternatives
        ("zeppelin OR trams", ["apart", "zeppelin"]),
        ('"sharply fell"', []),
        ("fell sharply zeppelin", []),
    ],
)
def test_search_understands_phrases_alternatives_and_left_out_words(typed, expected):
    ClaimFactory(slug="phrase", conclusion="Exports fell sharply in May.")
    ClaimFactory(slug="apart", conclusion="Trams: fares fell, and sharply so.")
    ClaimFactory(slug="zeppelin", conclusion="No zeppelin landed.")

    assert sorted(found(typed)) == sorted(expected)


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"""',
        'zeppelin"',
        '"zeppelin',
        "(zeppelin",
        "zeppelin)",
        "zeppelin AND",
        "AND zeppelin",
        "NOT zeppelin",
        "zeppelin NOT",
        "OR",
        "or or or",
        "NEAR(zeppelin landed)",
        "NEAR zeppelin",
        "zeppelin*",
        "*",
        "-",
        "-zeppelin",
        "--zeppelin",
        "^zeppelin",
        "conclusion:zeppelin",
        "{quote conclusion}: zeppelin",
        "zeppelin + landed",
        "zeppelin & landed | x ! y <-> z :*",
        "zeppelin's",
        "l’économie",
        "🚀 zeppelin",
        "\\",
        "'",
        "%",
        "_",
        "zeppelin" * 25,
        '"' * 200,
        "(" * 200,
        "a " * 100,
    ],
)
def test_search_of_any_text_answers_without_error(admin_client, typed):
    ClaimFactory(slug="zeppelin", conclusion="No zeppelin landed.")
    response = Client().get(URL, {"q": typed})
    assert response.status_code == 200
    assert 'class="field-error"' not in response.text
    assert admin_client.get(ADMIN_URL, {"q": typed}).status_code == 200


def test_search_of_words_in_operators_finds_them_as_words():
    ClaimFactory(slug="zeppelin", conclusion="No zeppelin landed near the coast.")

    assert found("NEAR(zeppelin coast)") == []  # "near zeppelin" is no phrase of it
    assert found("zeppelin* landed") == ["zeppelin"]
    assert found("(zeppelin) AND landed") == []  # "and" is a word it does not have
    assert found("(zeppelin) landed near") == ["zeppelin"]


def test_search_of_punctuation_alone_finds_nothing():
    ClaimFactory()

    response = found('"()*-')

    assert response == []


def test_search_splits_words_as_the_text_does():
    ClaimFactory(slug="covid", conclusion="COVID-19 cases rose by 3.5% in Zoë's town.")

    for typed in ["covid 19", "covid-19", "3.5%", '"3 5"', "zoe's", "zoe"]:
        assert found(typed) == ["covid"], typed


def test_search_over_200_characters_is_refused_and_the_admin_cuts_it(admin_client):
    ClaimFactory(slug="zeppelin", conclusion="No zeppelin landed.")
    response = Client().get(URL, {"q": "zeppelin " + "x" * 200})
    assertContains(response, "Use at most 200 characters")
    # The admin searches for the first 200 characters.
    assert admin_found(admin_client, "zeppelin " + "x" * 300) == []
    assert admin_found(admin_client, "zeppelin" + " " * 300 + "x") == ["zeppelin"]


def test_admin_search_lists_the_best_match_first_unless_a_column_is_sorted(admin_client):
    claim_quoting(
        "tram fares doubled",
        slug="twice",
        claim_reviewed="Zurich's tram fares doubled.",
        conclusion="Tram fares rose by a third.",
    )
    ClaimFactory(
        slug="once", claim_reviewed="Aarau's fares doubled.", conclusion="Tram fares rose."
    )

    assert admin_found(admin_client, "tram") == ["twice", "once"]
    # Sorted by the "claim" column (the restatement), A to Z and back.
    assert admin_found(admin_client, "tram", o="1") == ["once", "twice"]
    assert admin_found(admin_client, "tram", o="-1") == ["twice", "once"]


def test_search_pages_keep_the_search_and_the_ranking():
    claim_quoting("tram fares doubled", slug="best", conclusion="Tram fares rose.")
    ClaimFactory.create_batch(21, conclusion="Tram fares rose.")
    first = Client().get(URL, {"q": "tram"})
    second = Client().get(URL, {"q": "tram", "page": "2"})

    assertContains(first, "22 claims match.")
    assert listed(first)[0] == "best"
    assertContains(first, '<a href="?q=tram&amp;page=2" rel="next">Next</a>')
    assert len(listed(second)) == 2
    assert set(listed(first)).isdisjoint(listed(second))


def test_search_query_count_does_not_grow_with_matches(monkeypatch):
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 50)

    def queries(n_more):
        ClaimFactory.create_batch(n_more, conclusion="Tram fares rose.")
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(URL, {"q": "tram"}).status_code == 200
        return len(captured.captured_queries)

    # Fewer matches than the window of ranked matches, then more: the window ranked and counted
    # with the page's keys, the filter form's verdicts, claimants and articles, the page's rows.
    assert queries(10) == queries(190) == 5


def test_a_ranked_search_reads_its_window_once_for_a_page_and_its_count(monkeypatch):
    """One query takes the window of matches, ranks it and counts it, and the page's rows are
    read by key (RankedWindow). The window used to be read twice: counted, then ranked with
    every match of it joined to its article, claimant and verdict."""
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 20)
    ClaimFactory.create_batch(25, conclusion="Tram fares rose.")

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(URL, {"q": "tram", "page": "2"})

    assertContains(response, "21 claims match.")  # the window: 20 and one more
    assert len(listed(response)) == 1
    reading_the_window = [q["sql"] for q in captured if search.TABLE in q["sql"]]
    assert len(reading_the_window) == 1, reading_the_window


def test_a_ranked_search_pages_through_its_matches_in_rank_order_each_once():
    """Equal matches come newest first, and the latest entered first among those published at
    the same time; every match is on one page; a page past the last is not found."""
    best = claim_quoting("tram fares doubled", slug="best", published_at=day(1))
    same_time = [
        ClaimFactory(slug=f"tram-{i:02}", published_at=day(5), conclusion="Tram fares rose.")
        for i in range(40)
    ]
    newer = ClaimFactory(slug="newer", published_at=day(9), conclusion="Tram fares rose.")

    pages = [Client().get(URL, {"q": "tram", "page": page}) for page in ["1", "2", "3"]]

    assert [len(listed(page)) for page in pages] == [20, 20, 2]
    shown = [slug for page in pages for slug in listed(page)]
    equal = [claim.slug for claim in sorted(same_time, key=lambda claim: -claim.pk)]
    assert shown == [best.slug, newer.slug, *equal]
    assertContains(pages[2], "42 claims match.")
    for page in ["4", "0", "x", "2.0"]:
        assert Client().get(URL, {"q": "tram", "page": page}).status_code == 404


# The index itself.


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_search_reads_the_gin_index_on_postgresql():
    ClaimFactory.create_batch(30)
    ClaimFactory(conclusion="No zeppelin landed.")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE claims_claim, {search.TABLE}")
        # On tables this small a sequential scan is cheaper and the planner would take it;
        # with it off, its choice is deterministic: the plan shows the index serves the match
        # (the search's own join to the claims may start either side at this size).
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = SearchQuery(
        search.websearch_text(search.parse("zeppelin")),
        config=search.CONFIG,
        search_type="websearch",
    )

    plan = ClaimSearchEntry.objects.filter(document=query).explain()

    assert f"Bitmap Index Scan on {search.TABLE}_document_idx" in plan
    assert search.search(Claim.objects.published(), "zeppelin").count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_search_starts_from_the_fts5_index_on_sqlite():
    ClaimFactory.create_batch(3)

    plan = search.search(Claim.objects.published(), "unemployment").explain()

    # The full-text index finds the matches, then each claim is read by its key.
    first, second = plan.splitlines()[:2]
    assert f"SCAN {search.TABLE} VIRTUAL TABLE INDEX" in first
    assert "SEARCH claims_claim USING INTEGER PRIMARY KEY (rowid=?)" in second


# Every route that writes the searched text keeps the index right.


def test_index_follows_a_saved_edit():
    claim = ClaimFactory(slug="edited", conclusion="No zeppelin landed.")

    claim.conclusion = "No airship landed."
    claim.save()

    assert found("zeppelin") == []
    assert found("airship") == ["edited"]


def test_index_follows_queryset_update():
    ClaimFactory(slug="updated", conclusion="No zeppelin landed.")

    Claim.objects.filter(slug="updated").update(conclusion="No airship landed.")

    assert found("zeppelin") == []
    assert found("airship") == ["updated"]


def test_index_follows_a_claim_moved_to_another_claimant():
    claim = ClaimFactory(slug="moved", claimant=ClaimantFactory(name="Ada Okonkwo"))

    claim.claimant = ClaimantFactory(name="Bea Nakamura")
    claim.save()

    assert found("okonkwo") == []
    assert found("nakamura") == ["moved"]


@pytest.mark.parametrize("how", ["save", "update"])
def test_index_follows_a_claimant_renamed(how):
    claimant = ClaimantFactory(name="Ada Okonkwo")
    ClaimFactory(slug="by-ada", claimant=claimant)
    ClaimFactory(slug="by-someone-else")

    if how == "save":
        claimant.name = "Ada Nakamura"
        claimant.save()
    else:
        Claimant.objects.filter(pk=claimant.pk).update(name="Ada Nakamura")

    assert found("okonkwo") == []
    assert found("nakamura") == ["by-ada"]


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_index_forgets_a_deleted_claim(how):
    claim = ClaimFactory(slug="gone", conclusion="No zeppelin landed.")
    ClaimFactory(slug="kept", conclusion="No zeppelin landed.")

    if how == "instance":
        claim.delete()
    else:
        Claim.objects.filter(slug="gone").delete()

    assert found("zeppelin") == ["kept"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {search.TABLE}")
        assert claim.pk not in {row for (row,) in cursor.fetchall()}


def test_index_has_bulk_created_claims():
    article = ArticleFactory(body="Headline\n\nShe said the zeppelin fleet doubled.")
    claimant, verdict = ClaimantFactory(), VerdictFactory()
    claim = ClaimFactory.build(
        slug="bulk",
        article=article,
        quote="the zeppelin fleet doubled",
        claimant=claimant,
        verdict=verdict,
        researcher=None,
        reviewer=None,
    )
    claim.locate()

    Claim.objects.bulk_create([claim])

    assert found("zeppelin") == ["bulk"]


def test_index_has_claims_loaded_from_a_fixture(tmp_path):
    claim = ClaimFactory(slug="loaded", conclusion="No zeppelin landed.")
    fixture = tmp_path / "claim.json"
    fixture.write_text(serializers.serialize("json", [claim]))
    claim.delete()
    assert found("zeppelin") == []

    call_command("loaddata", str(fixture), verbosity=0)

    assert found("zeppelin") == ["loaded"]


def test_index_has_the_claims_seed_claims_seeds():
    call_command("seed_claims", 30, seed=7, verbosity=0)

    claim = Claim.objects.published().filter(claimant__isnull=False).order_by("pk")[10]
    # Each seeded quote names its own report, e.g. "according to report 0-10".
    report = re.search(r"report \d+-\d+", claim.quote).group(0)
    assert found(f'"{report}"') == [claim.slug]
    assert claim.slug in found(f'"{claim.claimant.name}"')
    assert len(found("according")) == 20  # every published one, 20 to a page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_index_is_emptied_with_the_claims_by_truncate():
    ClaimFactory(conclusion="No zeppelin landed.")

    with connection.cursor() as cursor:
        # What Django's flush does between live-server tests (rolled back after this test);
        # the foreign keys' deferred checks first, which TRUNCATE refuses to leave pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE claims_claim CASCADE")
        cursor.execute(f"SELECT count(*) FROM {search.TABLE}")
        assert cursor.fetchone() == (0,)


def test_migrate_puts_back_dropped_triggers_and_catches_up():
    """SQLite drops a table's triggers when a migration rebuilds the table; after `migrate`
    (post_migrate) they are back and the index has the claims written in between."""
    ClaimFactory(slug="before", conclusion="No zeppelin landed.")
    uninstall_triggers()
    ClaimFactory(slug="between", conclusion="No zeppelin landed either.")
    assert search.triggers_missing(connection)

    search.reinstall_after_migrate(using="default")

    assert not search.triggers_missing(connection)
    assert sorted(found("zeppelin")) == ["before", "between"]
    ClaimFactory(slug="after", conclusion="Still no zeppelin.")
    assert sorted(found("zeppelin")) == ["after", "before", "between"]


def test_the_migration_fills_the_index_from_the_claims_already_there():
    ClaimFactory(slug="old", conclusion="No zeppelin landed.")
    search.uninstall(connection)

    search.install(connection)  # what migration 0017 runs

    assert found("zeppelin") == ["old"]


def uninstall_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for trigger in search.PG_TRIGGERS:
                table = "claims_claimant" if "claimant" in trigger else "claims_claim"
                cursor.execute(f"DROP TRIGGER {trigger} ON {table}")
        else:
            for trigger in search.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {trigger}")


# The reading of what was typed.


@pytest.mark.parametrize(
    ("typed", "websearch", "fts5"),
    [
        ("tram fares", '"tram" "fares"', '(("tram" AND "fares"))'),
        ('"tram fares" -bus', '"tram fares" -"bus"', '(("tram fares") NOT "bus")'),
        ("tram or bus", '"tram" or "bus"', '(("tram")) OR (("bus"))'),
        ('NEAR("a" b) OR', '"near" "a" "b"', '(("near" AND "a" AND "b"))'),
        ('"', "", ""),
        ("-bus", "", ""),
    ],
)
def test_what_is_typed_reaches_each_database_quoted(typed, websearch, fts5):
    alternatives = search.parse(typed)

    assert search.websearch_text(alternatives) == websearch
    assert search.fts5_text(alternatives) == fts5


def test_fixture_file_of_the_demo_still_loads_with_search():
    # The demo's fixtures load through the same triggers (loaddata saves raw).
    call_command("loaddata", "verdicts", "demo", verbosity=0)

    claim = Claim.objects.published().exclude(claimant=None).first()
    assert claim.slug in found(f'"{claim.claimant.name}"')


def test_a_common_word_ranks_only_as_many_newest_matches_as_the_list_can_show(monkeypatch):
    """Ranking reads every ranked match's text, so a search ranks the matches added last, as
    many as the list can show (100 pages of 20, and one more to know there were more)."""
    monkeypatch.setattr("claims.paging.MAX_PAGES", 1)  # the list shows 20 claims, on 1 page
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 20)
    claim_quoting("tram fares doubled", slug="old-best", published_at=day(1), conclusion="Tram.")
    for i in range(21):  # newer and each a weaker match than the oldest one
        ClaimFactory(slug=f"new-{i:02}", published_at=day(2 + i), conclusion="Tram fares rose.")
    newest_first_strong = claim_quoting(
        "tram fares doubled", slug="new-best", published_at=day(25), conclusion="Tram."
    )

    response = Client().get(URL, {"q": "tram"})

    shown = listed(response)
    assert shown[0] == newest_first_strong.slug  # still ranked: the best match first
    assert "old-best" not in shown  # outside the newest 21 matches
    assert len(shown) == 20
    assertContains(response, "More than 20 claims match.")


def test_a_search_with_fewer_matches_than_the_window_ranks_and_counts_them_all(monkeypatch):
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 20)
    claim_quoting("tram fares doubled", slug="old-best", published_at=day(1), conclusion="Tram.")
    for i in range(19):
        ClaimFactory(slug=f"new-{i:02}", published_at=day(2 + i), conclusion="Tram fares rose.")

    response = Client().get(URL, {"q": "tram"})

    assert listed(response)[0] == "old-best"
    assertContains(response, "20 claims match.")


def test_a_search_in_another_order_keeps_every_match(monkeypatch):
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 20)
    claim_quoting("tram fares doubled", slug="oldest", published_at=day(1), conclusion="Tram.")
    for i in range(21):
        ClaimFactory(slug=f"new-{i:02}", published_at=day(2 + i), conclusion="Tram fares rose.")

    assert listed(Client().get(URL, {"q": "tram", "order": "oldest"}))[0] == "oldest"
    assert "oldest" not in listed(Client().get(URL, {"q": "tram"}))  # ranked: newest 21 only


@pytest.fixture
def claim_admin(monkeypatch):
    """The admin's claim list with the window of ranked matches 2 and 2 claims a page (the
    window is what the list's pages can show: 2,000 and 100 a page)."""
    from django.contrib import admin

    monkeypatch.setattr("claims.search.RANKED_MATCHES", 2)
    model_admin = admin.site._registry[Claim]
    monkeypatch.setattr(model_admin, "list_per_page", 2)
    return model_admin


def tram_work():
    """The best match for "tram", entered first, then four weaker ones: drafts, the desk's."""
    claim_quoting("tram fares doubled", slug="oldest", conclusion="Tram.", draft=True)
    for i in range(4):
        ClaimFactory(slug=f"new-{i}", draft=True, conclusion="Tram fares rose.")


def test_the_admin_search_ranks_the_newest_matches_as_the_readers_search_does(
    admin_client, claim_admin
):
    """Ranking reads each match's text: every match of a common word took a second at
    1,000,000 claims (docs/perf.md). The desk's ranked search keeps the readers' window."""
    tram_work()

    response = admin_client.get(ADMIN_URL, {"q": "tram"})

    shown = [claim.slug for claim in response.context["cl"].result_list]
    assert shown == ["new-3", "new-2"]  # the window: the newest 3 matches, 2 a page
    assert response.context["cl"].paginator.num_pages == 1  # as many as the window fills
    assertContains(response, "More than 2 claims")
    assertContains(response, "More than 2 results")
    assertContains(response, "among the 2,000 newest matches")  # the search box's help


def test_the_admin_search_sorted_by_a_column_keeps_and_counts_every_match(
    admin_client, claim_admin
):
    tram_work()

    response = admin_client.get(ADMIN_URL, {"q": "tram", "o": "-1"})  # by claim, Z to A

    assert response.context["cl"].result_count == 5
    assert response.context["cl"].paginator.num_pages == 3
    assertContains(response, "5 results")
    third = admin_client.get(ADMIN_URL, {"q": "tram", "o": "-1", "p": "3"})
    assert [claim.slug for claim in third.context["cl"].result_list] == ["oldest"]


def test_an_action_on_all_that_match_a_ranked_search_takes_every_match(
    admin_client, admin_user, claim_admin
):
    tram_work()
    Claim.objects.update(researcher=None)

    response = admin_client.post(
        f"{ADMIN_URL}?q=tram",
        {"action": "assign_to_me", "select_across": "1", "_selected_action": ["1"]},
    )

    assert response.status_code == 302
    assert Claim.objects.filter(researcher=admin_user).count() == 5
    assert found("tram") == []  # the public list: published claims only


@pytest.mark.parametrize("api", [False, True], ids=["list", "api"])
def test_a_search_narrowed_by_date_or_claimant_finds_matches_older_than_the_window(
    monkeypatch, api
):
    """The window of ranked matches is taken from the claims the other filters keep: narrowing
    a common word's search is how a reader reaches its older matches."""
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 2)
    mayor = ClaimantFactory(name="Ada Mayor")
    claim_quoting("tram fares doubled", slug="old", published_at=day(1), claimant=mayor)
    for i in range(3):  # newer matches, by someone else
        ClaimFactory(slug=f"new-{i}", published_at=day(10 + i), conclusion="Tram fares rose.")

    assert "old" not in shown(api, q="tram")  # outside the window of the newest matches
    assert shown(api, q="tram", published_before="2025-03-05") == ["old"]
    assert shown(api, q="tram", claimant=mayor.slug) == ["old"]


@pytest.mark.parametrize("api", [False, True], ids=["list", "api"])
def test_the_window_of_ranked_matches_holds_the_matches_added_last(monkeypatch, api):
    """The matches entered last (the highest claim ids), whatever their publication dates: the
    full-text index finds those without reading every match. Other orders keep every match."""
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 2)
    claim_quoting("tram fares doubled", slug="entered-first", published_at=day(28))
    for i in range(3):  # entered later, published before it
        ClaimFactory(slug=f"entered-{i}", published_at=day(1 + i), conclusion="Tram fares rose.")

    assert shown(api, q="tram") == ["entered-2", "entered-1", "entered-0"]
    assert shown(api, q="tram", order="newest")[0] == "entered-first"


FTS5_SCAN = re.compile(rf"SCAN {search.TABLE} VIRTUAL TABLE INDEX (\d+):(\S*)")
FTS5_ROWID_DESCENDING = 0x40 | 0x80  # FTS5's idxNum: ORDER BY rowid, DESC
FTS5_ROWID_FROM = ">"  # FTS5's idxStr: rowid >= ?


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 plans")
@pytest.mark.parametrize(("route", "windows"), [("list", 1), ("api", 2), ("admin", 2)])
def test_a_ranked_search_reads_its_window_not_every_match(monkeypatch, request, route, windows):
    """FTS5 reads a common word's matches from the highest rowid down and stops once the window
    is full: no query reads every match (the window was cut by publication date, which meant
    reading and sorting them all). The list's one query ranks and counts the window
    (RankedWindow); the API and the admin count it, then rank the matches from its first
    rowid up, a scan that starts at that bound."""
    monkeypatch.setattr("claims.search.RANKED_MATCHES", 20)
    ClaimFactory.create_batch(60, conclusion="Tram fares rose.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as seed_claims does: a large archive's plans
    client, url = {
        "list": (Client, URL),
        "api": (Client, reverse("api:claim-list")),
        "admin": (lambda: request.getfixturevalue("admin_client"), ADMIN_URL),
    }[route]
    client = client()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": "tram"})

    assert response.status_code == 200
    if route == "list":
        assert "More than" not in response.text and "21 claims match." in response.text
    scans = []
    for query in captured:
        if search.TABLE in query["sql"]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"].replace("%", "%%"))
                plan = "\n".join(row[-1] for row in cursor.fetchall())
            assert not re.search(r"SCAN claims_claim\b", plan), plan  # claims by their key
            scans += [(int(flags), bounds, plan) for flags, bounds in FTS5_SCAN.findall(plan)]
    for flags, bounds, plan in scans:
        descending = flags & FTS5_ROWID_DESCENDING == FTS5_ROWID_DESCENDING
        assert descending or FTS5_ROWID_FROM in bounds, plan
    # The list: the window, ranked and counted, and the page's rows by key. The API and the
    # admin: the window counted, then ranked.
    assert len(scans) == windows

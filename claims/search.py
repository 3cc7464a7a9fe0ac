"""Full-text search over claims: one search behind the public list's `q` (and so the API, which
uses the same ClaimFilter) and the admin's claim search.

What is searched: the quote, the restatement (`claim_reviewed`), the conclusion and the
claimant's name, the first INDEXED_CHARS characters of each. Accents and case do not matter
("Méloni" finds "Meloni"); words match whole, without stemming (the archive mixes languages).

Where it lives: a table `claims_claimsearch` with one row per claim (drafts too: the admin
searches them; the public list starts from the published claims), which database triggers keep
in step with every write of a claim or a claimant's name, whatever makes it: forms, services,
`bulk_create`, `QuerySet.update()`, fixtures, deletes, raw SQL, COPY (seed_claims). Django does not
manage the table (`ClaimSearchEntry`, managed = False): `install()` creates it, its triggers and
its first contents, from the migration and again after every `migrate` if a trigger went missing
(SQLite drops a table's triggers when a migration rebuilds the table).

- PostgreSQL: `document`, a tsvector with the restatement and the claimant's name weighted A,
  the quote B and the conclusion C, GIN-indexed, in the text search configuration
  `claims_search` (the `simple` dictionary after `unaccent`). Queried with
  `SearchQuery(search_type="websearch")`, ranked with `SearchRank` (ts_rank).
- SQLite: an FTS5 virtual table (`unicode61 remove_diacritics 2`) with the four texts as
  columns, queried with MATCH and ranked by bm25 with the same weights.

What readers type is never passed on as query syntax. `parse()` reads it the way PostgreSQL's
websearch syntax does, and the same reading goes to both databases, each word quoted:
words (all must match), "a phrase", `or` between alternatives, `-word` to leave out. Anything
else (brackets, `*`, `:`, NEAR, a lone quote) is a separator. A search with no word to look for
finds nothing; it never raises.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Count, F, FloatField, Func, Lookup, Min
from django.db.models.functions import Cast

from claims.paging import MAX_PAGES

# What a search may be, in characters: a sentence or two is plenty.
MAX_LENGTH = 200
# How many matches a ranked search ranks, those added last (newest_matches): as many as the
# public list can show; the admin's ranked search too (ClaimAdmin.get_search_results).
RANKED_MATCHES = MAX_PAGES * 20
CONFIG = "claims_search"  # PostgreSQL's text search configuration
TABLE = "claims_claimsearch"
# A quote or a conclusion is a few sentences; beyond this nothing more is indexed, so no saved
# text, however long, is refused by the index (PostgreSQL's tsvector stops at 1 MB).
INDEXED_CHARS = 10_000
# ts_rank's default weights, D to A; bm25 gets the same weight per column.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
COLUMNS = {"quote": "B", "claim_reviewed": "A", "conclusion": "C", "claimant": "A"}

# Letters and digits: what SQLite's unicode61 tokenizer keeps as a word. PostgreSQL's document is
# built from the text with ASCII punctuation turned into spaces, so both split "covid-19",
# "3.5%" and "Zoë's" into the same words.
WORD = re.compile(r"[^\W_]+")
ITEM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    excluded: bool = False


def parse(text):
    """What a reader typed, as alternatives (joined by `or`), each a list of phrases that must
    all match, and of phrases left out. Alternatives with nothing to look for are dropped."""
    text = unicodedata.normalize("NFC", text or "")
    alternatives, current = [], []
    for excluded_quoted, quoted, excluded_bare, bare in ITEM.findall(text):
        if not quoted and bare.casefold() == "or" and not excluded_bare:
            alternatives.append(current)
            current = []
            continue
        words = tuple(word.casefold() for word in WORD.findall(quoted or bare))
        if words:
            current.append(Phrase(words, bool(excluded_quoted or excluded_bare)))
    alternatives.append(current)
    return [phrases for phrases in alternatives if any(not p.excluded for p in phrases)]


def websearch_text(alternatives):
    """The parsed search as PostgreSQL websearch syntax: every phrase quoted."""
    return " or ".join(
        " ".join(("-" if p.excluded else "") + '"' + " ".join(p.words) + '"' for p in phrases)
        for phrases in alternatives
    )


def fts5_text(alternatives):
    """The parsed search as an FTS5 query: every phrase a quoted string (words hold no `"`)."""

    def alternative(phrases):
        wanted = " AND ".join(f'"{" ".join(p.words)}"' for p in phrases if not p.excluded)
        left_out = "".join(f' NOT "{" ".join(p.words)}"' for p in phrases if p.excluded)
        return f"(({wanted}){left_out})"

    return " OR ".join(alternative(phrases) for phrases in alternatives)


class Fts5Match(Lookup):
    """`<the FTS5 table joined to the claims> MATCH %s`: FTS5 matches against the table itself,
    so the left-hand side is any column of the joined table, whose alias this names."""

    lookup_name = "fts5_match"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.lhs.alias)} MATCH %s", [self.rhs]


class Bm25(Func):
    """-bm25(<the FTS5 table>, weights…): higher is better, as with ts_rank."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        alias = compiler.quote_name(self.source_expressions[0].alias)
        weights = ", ".join(str(WEIGHTS[weight]) for weight in COLUMNS.values())
        return f"-bm25({alias}, {weights})", []


def search(queryset, text, *, ranked=True):
    """The claims of `queryset` matching `text`, best match first and equal matches in the
    queryset's own order (only the queryset's order if not `ranked`). Each carries
    `search_rank` (higher is better). Every match: a ranked search, public or in the admin,
    keeps a window of them (newest_matches)."""
    alternatives = parse(text)
    if not alternatives:
        return queryset.none()
    usual_order = list(queryset.query.order_by or queryset.model._meta.ordering)
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(websearch_text(alternatives), config=CONFIG, search_type="websearch")
        # ts_rank is a real (float4); as a double it reads back exactly, so the API's cursor
        # (claims/api/pagination.py) can hold a row's rank and find that row again.
        matched = queryset.filter(search_entry__document=query).annotate(
            search_rank=Cast(SearchRank(F("search_entry__document"), query), FloatField())
        )
    else:
        # An inner join (an expression's join would be an outer one, where MATCH cannot go).
        match = Fts5Match(F("search_entry__pk"), fts5_text(alternatives))
        matched = (
            queryset.filter(search_entry__isnull=False)
            .filter(match)
            .annotate(search_rank=Bm25(F("search_entry__pk")))
        )
    if not ranked:
        return matched
    # By name, not as an expression: the API's keyset pagination reads each ordering field's
    # value from the page's last row to make its cursor.
    return matched.order_by("-search_rank", *usual_order)


def newest_matches(found):
    """The window of matches a ranked search keeps (the list, the API, the CSV, the admin): the
    RANKED_MATCHES + 1 matches added last, which have the highest claim ids; and how many
    matches the window holds, every match when there are fewer.

    Ranking reads each ranked match's text, and a common word matches a tenth of the archive.
    Finding the newest matches by publication date, and counting them, read every match; by
    claim id the window is found without: FTS5 yields a search's matches by rowid, highest
    first, and stops at the LIMIT; PostgreSQL walks the claims' and the search table's
    primary keys down from the highest id together (or, for a rare word, takes its few matches
    from the GIN index). That one query gives the window's smallest claim id and its number of
    matches; the ranked query keeps the matches from that id up, and the number is the list's
    count (a count of the window would read it again). The window is what a reader can page
    through (MAX_PAGES pages of 20), and one more, so the list knows there were more. The
    search's other filters must be in `found` already: the window is of their matches."""
    window = window_of(found).aggregate(size=Count("*"), first=Min("search_entry__pk"))
    if window["size"] <= RANKED_MATCHES:  # every match fits: rank them all
        return found, window["size"]
    # Bounded on both sides of the join: FTS5 starts its scan at a bound on its rowid, and
    # PostgreSQL may start from either table's primary key.
    first = window["first"]
    return found.filter(search_entry__pk__gte=first, pk__gte=first), window["size"]


def window_of(found, *columns):
    """The window of a search's matches: the RANKED_MATCHES + 1 with the highest claim ids,
    newest first, as rows of the search table's key (the claim id) and `columns`. FTS5 yields
    a search's matches by that key, highest first, and stops at the LIMIT."""
    return found.order_by("-search_entry__pk").values_list("search_entry__pk", *columns)[
        : RANKED_MATCHES + 1
    ]


class RankedWindow:
    """A ranked search's window (newest_matches) for the HTML list's pages, each read in one
    query with the window's size: `page_and_size(bottom, top)`, for PageFirstPaginator.

    newest_matches counts the window in one query and the page ranks it again in another, so a
    common word's matches were walked twice, and every row of the window was joined to its
    article, claimant and verdict before the sort kept 20 (PostgreSQL read every article to
    join them). Here one query takes the window (its claim ids, ranks and the columns of the
    list's order, newest first by claim id, as newest_matches does), sorts it as the ranked
    search would, and counts it (`COUNT(*) OVER ()`): the page's keys and the window's size.
    Then the page's rows are read by key. At 100,000 claims on PostgreSQL a common word's page
    took 24 ms of SQL in two queries, and 12 in these two (docs/perf.md).

    `matches` is a ranked search (search()) with the list's other filters, not yet windowed;
    `rows` the list's claims, where the page's rows are read (the keys passed every filter).
    """

    def __init__(self, matches, rows):
        self.matches = matches
        self.rows = rows
        self.read = None  # (bottom, rows) of the page read last

    def order_by(self, *fields):
        # For CappedCountPaginator, which counts the window when no page was read (a page past
        # its end): every match as far as the window's size, in no order.
        return self.matches.order_by(*fields)

    def page_and_size(self, bottom, top):
        """The claims of [bottom:top] of the ranked window, and the window's size; the size is
        None when the page is past the window's end (no row to carry it)."""
        if self.matches.query.is_empty():  # a search with no word to look for
            self.read = (bottom, [])
            return [], 0
        order = [field.removeprefix("-") for field in self.matches.query.order_by]
        # The window's first column is the search table's key, the claim id (window_of).
        columns = ["search_entry__pk", *(name for name in order if name != "pk")]
        sql, params = window_of(self.matches, *columns[1:]).query.sql_with_params()
        quote = connections[self.matches.db].ops.quote_name
        sort = ", ".join(
            f"w.{quote(columns[0] if name == 'pk' else name)}"
            f" {'DESC' if field.startswith('-') else 'ASC'}"
            for field, name in zip(self.matches.query.order_by, order, strict=True)
        )
        ranked = (
            f"SELECT w.{quote(columns[0])}, COUNT(*) OVER () FROM ({sql}) w"
            f" ORDER BY {sort} LIMIT %s OFFSET %s"
        )
        with connections[self.matches.db].cursor() as cursor:
            cursor.execute(ranked, [*params, top - bottom, bottom])
            found = cursor.fetchall()
        keys = [key for key, _ in found]
        by_key = self.rows.order_by().in_bulk(keys) if keys else {}
        self.read = (bottom, [by_key[key] for key in keys if key in by_key])
        return self.read[1], (found[0][1] if found else None)

    def __getitem__(self, page):
        bottom = page.start or 0
        if self.read is None or self.read[0] != bottom:
            self.page_and_size(bottom, page.stop)
        return self.read[1][: page.stop - bottom]


# Installing the table and its triggers.


def _sqlite_text(column):
    return f"substr({column}, 1, {INDEXED_CHARS})"


def _sqlite_row(claim):
    claimant = (
        f"(SELECT {_sqlite_text('name')} FROM claims_claimant WHERE id = {claim}.claimant_id)"
    )
    return (
        f"INSERT INTO {TABLE} (rowid, quote, claim_reviewed, conclusion, claimant) "
        f"SELECT {claim}.id, {_sqlite_text(f'{claim}.quote')}, "
        f"{_sqlite_text(f'{claim}.claim_reviewed')}, {_sqlite_text(f'{claim}.conclusion')}, "
        f"{claimant}"
    )


SQLITE_TRIGGERS = {
    f"{TABLE}_claim_insert": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_claim_insert AFTER INSERT ON claims_claim BEGIN
            {_sqlite_row("new")};
        END""",
    f"{TABLE}_claim_update": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_claim_update
        AFTER UPDATE OF id, quote, claim_reviewed, conclusion, claimant_id ON claims_claim
        WHEN old.id IS NOT new.id OR old.quote IS NOT new.quote
            OR old.claim_reviewed IS NOT new.claim_reviewed
            OR old.conclusion IS NOT new.conclusion OR old.claimant_id IS NOT new.claimant_id
        BEGIN
            DELETE FROM {TABLE} WHERE rowid = old.id;
            {_sqlite_row("new")};
        END""",
    f"{TABLE}_claim_delete": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_claim_delete AFTER DELETE ON claims_claim BEGIN
            DELETE FROM {TABLE} WHERE rowid = old.id;
        END""",
    f"{TABLE}_claimant_rename": f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_claimant_rename
        AFTER UPDATE OF name ON claims_claimant WHEN old.name IS NOT new.name BEGIN
            UPDATE {TABLE} SET claimant = {_sqlite_text("new.name")}
            WHERE rowid IN (SELECT id FROM claims_claim WHERE claimant_id = new.id);
        END""",
}


def _install_sqlite(cursor):
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        f"{', '.join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for name, sql in SQLITE_TRIGGERS.items():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")  # an older version's
        cursor.execute(sql)
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"{_sqlite_row('claims_claim')} FROM claims_claim")


def _pg_text(column):
    # ASCII punctuation becomes a space, so PostgreSQL's parser finds the words SQLite's does
    # (it would otherwise read "covid-19" as "covid" and "-19", "3.5" as one number).
    blanks = " " * len(ASCII_PUNCTUATION)
    punctuation = ASCII_PUNCTUATION.replace("'", "''")
    return f"translate(left(coalesce({column}, ''), {INDEXED_CHARS}), '{punctuation}', '{blanks}')"


def _pg_document(quote, claim_reviewed, conclusion, claimant):
    texts = {"quote": quote, "claim_reviewed": claim_reviewed, "conclusion": conclusion}
    texts["claimant"] = claimant
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}', {_pg_text(texts[column])}), '{weight}')"
        for column, weight in COLUMNS.items()
    )


PG_CLAIMANT_NAME = "(SELECT name FROM claims_claimant WHERE id = NEW.claimant_id)"
PG_INSTALL = [
    # Trusted since PostgreSQL 13: the database's owner may create it, no superuser needed.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                ALTER MAPPING FOR word, numword, hword, hword_part, numhword, hword_numpart
                WITH unaccent, simple;
        END IF;
    END $$""",
    f"CREATE TABLE IF NOT EXISTS {TABLE} (rowid bigint PRIMARY KEY, document tsvector NOT NULL)",
    # WHERE document @@ websearch_to_tsquery(…): the search itself.
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document_idx ON {TABLE} USING gin (document)",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_document(
            quote text, claim_reviewed text, conclusion text, claimant text
        ) RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT {_pg_document("quote", "claim_reviewed", "conclusion", "claimant")}
        $$""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM {TABLE} WHERE rowid = OLD.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO {TABLE} (rowid, document) VALUES (NEW.id, {TABLE}_document(
                    NEW.quote, NEW.claim_reviewed, NEW.conclusion, {PG_CLAIMANT_NAME}))
                ON CONFLICT (rowid) DO UPDATE SET document = EXCLUDED.document;
            END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_claim_insert AFTER INSERT OR DELETE ON claims_claim
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_claim()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_claim_update
        AFTER UPDATE OF id, quote, claim_reviewed, conclusion, claimant_id ON claims_claim
        FOR EACH ROW WHEN (
            OLD.id IS DISTINCT FROM NEW.id OR OLD.quote IS DISTINCT FROM NEW.quote
            OR OLD.claim_reviewed IS DISTINCT FROM NEW.claim_reviewed
            OR OLD.conclusion IS DISTINCT FROM NEW.conclusion
            OR OLD.claimant_id IS DISTINCT FROM NEW.claimant_id
        ) EXECUTE FUNCTION {TABLE}_claim()""",
    # Django's flush (the live-server tests) empties the claims with TRUNCATE, which row
    # triggers do not see.
    f"""CREATE OR REPLACE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN TRUNCATE {TABLE}; RETURN NULL; END $$""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_claim_truncate AFTER TRUNCATE ON claims_claim
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()""",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_claimant() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {TABLE} SET document = {TABLE}_document(
                c.quote, c.claim_reviewed, c.conclusion, NEW.name)
            FROM claims_claim c WHERE c.claimant_id = NEW.id AND {TABLE}.rowid = c.id;
            RETURN NULL;
        END $$""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_claimant_rename AFTER UPDATE OF name ON claims_claimant
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
        EXECUTE FUNCTION {TABLE}_claimant()""",
    f"TRUNCATE {TABLE}",
    f"""INSERT INTO {TABLE} (rowid, document)
        SELECT c.id, {TABLE}_document(c.quote, c.claim_reviewed, c.conclusion, p.name)
        FROM claims_claim c LEFT JOIN claims_claimant p ON p.id = c.claimant_id""",
]
PG_TRIGGERS = [
    f"{TABLE}_claim_insert",
    f"{TABLE}_claim_update",
    f"{TABLE}_claim_truncate",
    f"{TABLE}_claimant_rename",
]


def triggers_missing(connection):
    """Whether any of the triggers that keep the search table in step is missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            wanted = PG_TRIGGERS
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            wanted = SQLITE_TRIGGERS
        present = {name for (name,) in cursor.fetchall()}
    return not present.issuperset(wanted)


def install(connection):
    """Create the search table where missing, (re)create its triggers, and fill it from the
    claims. A change to the SQL here reaches existing databases through a migration that
    calls this again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_INSTALL:
                cursor.execute(sql)
        else:
            _install_sqlite(cursor)


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for trigger in PG_TRIGGERS:
                table = "claims_claimant" if "claimant" in trigger else "claims_claim"
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            for function in ["claim", "claimant", "truncate", "document"]:
                cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{function}")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        else:
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def reinstall_after_migrate(using, **kwargs):
    """post_migrate: put back triggers a migration dropped (SQLite rebuilds a table to alter it,
    and its triggers go with the old one), and refill the table, which may have missed writes."""
    connection = connections[using]
    if connection.vendor in ("postgresql", "sqlite") and triggers_missing(connection):
        install(connection)

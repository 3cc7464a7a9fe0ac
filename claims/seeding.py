"""The data `seed_claims` writes: N published claims (and some drafts), as a busy desk would
have them, about 100 claims per article, with claimants, sources, evidence, notes and corrections.

Rows go in as plain tuples (claims/bulk_rows.py: COPY on PostgreSQL), each table in batches.
Every derived structure ends up as the desk's own edits would leave it: one baseline history row
per object (as `setup_demo` records for the demo), written with the object; the search index, by
its triggers; `work_order`, by the database; and at the end the published-claim counts of
articles, claimants and verdicts, and the public pages' stamp (`recount_published_claims()`).
The same random generator (`--seed`) gives the same data.
"""

import math
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from claims.bulk_rows import RowWriter, adapt_datetime
from claims.models import (
    Article,
    Claim,
    Claimant,
    Correction,
    Evidence,
    ReviewNote,
    Source,
    Verdict,
)
from claims.public_counts import recount_published_claims

CLAIMS_PER_ARTICLE = 100
DRAFT_SHARE = 0.1  # drafts on top of the N published claims
PUBLIC_NOTE_SHARE = 0.1
CORRECTION_SHARE = 0.02
NO_CLAIMANT_SHARE = 0.15  # the article's own statements
CLAIMS_PER_CLAIMANT = 50
SOURCES_PER_CLAIM = 10  # one source backs about this many claims
ARTICLES_PER_BATCH = 20

# Each table's columns, in the order the rows below give their values.
CLAIMANT_COLUMNS = ["id", "version", "slug", "name", "kind", "role", "url", "published_claims"]
SOURCE_COLUMNS = ["id", "version", "url", "title", "title_note", "publisher", "source_type",
                  "published_on", "archive_url", "accessed_on"]  # fmt: skip
ARTICLE_COLUMNS = ["id", "version", "slug", "headline", "outlet", "url", "published_on",
                   "language", "body", "created_at", "updated_at", "published_claims"]  # fmt: skip
CLAIM_COLUMNS = ["id", "version", "slug", "article_id", "quote", "occurrence", "span_start",
                 "span_end", "claim_reviewed", "claimant_id", "claim_type", "status",
                 "verdict_id", "conclusion", "researcher_id", "reviewer_id", "published_at",
                 "created_at", "updated_at"]  # fmt: skip
EVIDENCE_COLUMNS = ["id", "version", "claim_id", "source_id", "stance", "excerpt", "note",
                    "order"]  # fmt: skip
NOTE_COLUMNS = ["id", "version", "claim_id", "author_id", "body", "visibility", "created_at"]
CORRECTION_COLUMNS = ["id", "claim_id", "kind", "text", "previous_verdict_id",
                      "new_verdict_id", "created_by_id", "public", "created_at"]  # fmt: skip
PUBLISHED = Claim.Status.PUBLISHED.value
IN_PROGRESS = [status.value for status in Claim.IN_PROGRESS]
CLAIM_TYPES = Claim.Type.values
STANCES = Evidence.Stance.values
INTERNAL = ReviewNote.Visibility.INTERNAL.value
PUBLIC = ReviewNote.Visibility.PUBLIC.value

FIRST_NAMES = ["Giorgia", "Emmanuel", "Olaf", "Pedro", "Ursula", "Zoë", "Jürgen", "Inés", "Søren"]
LAST_NAMES = ["Méloni", "Müller", "Dubois", "García", "Kowalski", "Novák", "Ferreira", "Øster"]
ROLES = ["Minister of Labour", "Prime Minister", "Mayor", "Opposition leader", "Spokesperson"]
OUTLETS = ["The Daily Example", "Le Monde d'exemple", "Der Beispielbote", "El Ejemplo"]
TOPICS = [
    "unemployment",
    "inflation",
    "housing starts",
    "hospital waiting times",
    "crime",
    "emissions",
    "exports",
    "school places",
    "energy prices",
    "migration",
]
PLACES = ["the north", "the capital", "rural areas", "the coast", "Île-de-France", "Bavaria"]
VERBS = ["fell", "rose", "doubled", "halved", "stayed flat", "reached a record"]
FILLER = [
    "The figures were published on Tuesday.",
    "Officials did not respond to a request for comment.",
    "The debate continued late into the evening.",
    "Several analysts questioned the timing of the announcement.",
]


class Seeder:
    def __init__(self, rng, token, claims, progress, connection):
        self.rng, self.token, self.claims, self.progress = rng, token, claims, progress
        self.now = timezone.now()
        self.connection = connection
        self.db_now = adapt_datetime(connection, self.now)
        self.rows = RowWriter(connection, history_date=self.now, change_reason="Seeded")
        self.counts = dict.fromkeys(
            ["published claims", "drafts", "articles", "claimants", "sources", "evidence",
             "notes", "corrections"], 0
        )  # fmt: skip

    def run(self):
        if not Verdict.objects.exists():
            call_command("loaddata", "verdicts", verbosity=0)
            Verdict.history.bulk_history_create(list(Verdict.objects.all()))
        self.verdicts = list(Verdict.objects.values_list("pk", flat=True))
        self.checkers, self.editors = self.desk()
        self.claimants = self.make_claimants(max(1, math.ceil(self.claims / CLAIMS_PER_CLAIMANT)))
        self.sources = self.make_sources(max(3, math.ceil(self.claims / SOURCES_PER_CLAIM)))
        n_articles = math.ceil(self.claims / CLAIMS_PER_ARTICLE)
        done = 0
        for first in range(0, n_articles, ARTICLES_PER_BATCH):
            batch = range(first, min(first + ARTICLES_PER_BATCH, n_articles))
            per_article = [
                min(CLAIMS_PER_ARTICLE, self.claims - i * CLAIMS_PER_ARTICLE) for i in batch
            ]
            self.make_articles(batch, per_article)
            done += sum(per_article)
            self.progress.show(done)
        recount_published_claims()
        return self.counts

    def desk(self):
        User = get_user_model()
        people = {}
        for role, group in [("checker", "Fact-checkers"), ("editor", "Editors")]:
            people[role] = []
            for i in range(1, 4):
                user, created = User.objects.get_or_create(
                    username=f"seed-{role}-{i}",
                    defaults={"is_staff": True, "first_name": "Seed", "last_name": f"{role} {i}"},
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                    user.groups.add(*Group.objects.filter(name=group))
                people[role].append(user.pk)
        return people["checker"], people["editor"]

    def make_claimants(self, n):
        rng = self.rng
        ids = self.rows.reserve_ids(Claimant, n)
        rows = [
            (
                id,
                1,  # version
                f"seed-{self.token}-{i}",
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({i})",
                Claimant.Kind.PERSON.value,
                rng.choice(ROLES),
                "",  # url
                0,  # published_claims, counted at the end
            )
            for i, id in enumerate(ids)
        ]
        self.rows.insert(Claimant, CLAIMANT_COLUMNS, rows)
        self.counts["claimants"] += n
        return list(ids)

    def make_sources(self, n):
        rng = self.rng
        rows = []
        for i, id in enumerate(self.rows.reserve_ids(Source, n)):
            title = f"{rng.choice(TOPICS).capitalize()} report {i}"
            publisher = rng.choice(["National Statistics Office", "Central Bank", "Reuters"])
            source_type = rng.choice(Source.Type.values)
            published_on = (self.now - timedelta(days=rng.randrange(2000))).date()
            archive_url = (
                f"https://web.archive.org/web/2025/https://stats.example.org/{i}"
                if rng.random() < 0.7
                else ""
            )
            url = f"https://stats.example.org/{self.token}/report-{i}"
            rows.append(
                (id, 1, url, title, "", publisher, source_type, published_on, archive_url, None)
            )
        self.rows.insert(Source, SOURCE_COLUMNS, rows)
        self.counts["sources"] += n
        return [(row[0], row[3]) for row in rows]  # (id, title)

    def sentence(self, i, j):
        rng = self.rng
        return (
            f"{rng.choice(TOPICS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
            f"by {rng.randrange(1, 60)}% between {2000 + j % 25} and {2001 + j % 25}, "
            f"according to report {i}-{j}."
        )

    def make_articles(self, batch, per_article):
        rng, now, db_now = self.rng, self.now, self.db_now
        articles, plans = [], []
        ids = self.rows.reserve_ids(Article, len(batch))
        for id, i, n in zip(ids, batch, per_article, strict=True):
            n_drafts = math.ceil(n * DRAFT_SHARE)
            quotes = [self.sentence(i, j) for j in range(n + n_drafts)]
            headline = f"{rng.choice(TOPICS).capitalize()}: what was said, checked ({i})"
            parts, spans, offset = [headline, "\n\n"], [], len(headline) + 2
            for quote in quotes:
                spans.append((offset, offset + len(quote)))
                filler = f" {rng.choice(FILLER)}\n\n" if rng.random() < 0.3 else " "
                parts += [quote, filler]
                offset += len(quote) + len(filler)
            published_on = (now - timedelta(days=rng.randrange(1500))).date()
            outlet = rng.choice(OUTLETS)
            url = f"https://news.example.org/{self.token}/{i}"
            body = "".join(parts).rstrip()
            articles.append(
                (id, 1, f"seed-{self.token}-{i}", headline, outlet, url, published_on, "en",
                 body, db_now, db_now, 0)
            )  # fmt: skip
            plans.append((i, published_on, quotes, spans, n))
        self.rows.insert(Article, ARTICLE_COLUMNS, articles)
        self.counts["articles"] += len(articles)

        claims = []
        claim_ids = iter(self.rows.reserve_ids(Claim, sum(len(plan[2]) for plan in plans)))
        for article_id, (i, published_on, quotes, spans, n) in zip(ids, plans, strict=True):
            for j, (quote, (start, end)) in enumerate(zip(quotes, spans, strict=True)):
                claims.append(
                    self.claim(next(claim_ids), article_id, i, published_on, j, quote, start, end,
                               published=j < n)
                )  # fmt: skip
        self.rows.insert(Claim, CLAIM_COLUMNS, claims)

        evidence, notes, corrections = [], [], []
        for claim in claims:
            claim_id, status, verdict = claim[0], claim[11], claim[12]
            researcher, reviewer = claim[14], claim[15]
            sources = rng.sample(self.sources, rng.randint(1, 3))
            for order, (source, _) in enumerate(sources):
                evidence.append(
                    [claim_id, source, rng.choice(STANCES),
                     f"Table {rng.randrange(1, 20)} gives {rng.randrange(1, 60)}%.",
                     "The official series for the period.", order]
                )  # fmt: skip
            title = sources[-1][1]
            notes.append([claim_id, researcher, f"Desk: checked against {title}.", INTERNAL])
            if status != PUBLISHED:
                continue
            if rng.random() < PUBLIC_NOTE_SHARE:
                notes.append(
                    [claim_id, reviewer, "We added the latest figures after publication.", PUBLIC]
                )
            if rng.random() < CORRECTION_SHARE:
                # The verdict the claim has now is the corrected one, as after `correct`.
                previous = rng.choice(self.verdicts)
                corrections.append(
                    [claim_id, Correction.Kind.CORRECTION.value,
                     "The first version misread the table; the verdict changed.",
                     previous, verdict, reviewer, True]  # public: its claim is published
                )  # fmt: skip
        evidence_ids = self.rows.reserve_ids(Evidence, len(evidence))
        self.rows.insert(
            Evidence,
            EVIDENCE_COLUMNS,
            [(id, 1, *row) for id, row in zip(evidence_ids, evidence, strict=True)],
        )
        note_ids = self.rows.reserve_ids(ReviewNote, len(notes))
        self.rows.insert(
            ReviewNote,
            NOTE_COLUMNS,
            [(id, 1, *row, db_now) for id, row in zip(note_ids, notes, strict=True)],
        )
        correction_ids = self.rows.reserve_ids(Correction, len(corrections))
        self.rows.insert(
            Correction,
            CORRECTION_COLUMNS,
            [(id, *row, db_now) for id, row in zip(correction_ids, corrections, strict=True)],
        )
        self.counts["evidence"] += len(evidence)
        self.counts["notes"] += len(notes)
        self.counts["corrections"] += len(corrections)

    def claim(self, id, article_id, i, published_on, j, quote, start, end, published):
        rng = self.rng
        claimant = None if rng.random() < NO_CLAIMANT_SHARE else rng.choice(self.claimants)
        researcher = rng.choice(self.checkers)
        if published:
            self.counts["published claims"] += 1
            status = PUBLISHED
            published_at = timezone.make_aware(
                timezone.datetime.combine(published_on, timezone.datetime.min.time())
            ) + timedelta(hours=rng.randrange(1, 24 * 30))
            published_at = min(published_at, self.now)
            # Entered one to fourteen days before it was published, last changed within the
            # hour after (from the id, so the random draws, and the data, stay those of --seed).
            created_at = published_at - timedelta(hours=24 + id % (24 * 13))
            updated_at = min(published_at + timedelta(seconds=id % 3600), self.now)
            published_at = adapt_datetime(self.connection, published_at)
        else:
            self.counts["drafts"] += 1
            status = rng.choice(IN_PROGRESS)
            published_at = None
            # Work of the last two months, each draft last changed some time since its entry.
            created_at = self.now - timedelta(minutes=1 + id * 7919 % (60 * 24 * 60))
            updated_at = created_at + (self.now - created_at) * (id * 104729 % 100 / 100)
        claim_type = rng.choice(CLAIM_TYPES)
        verdict = rng.choice(self.verdicts) if published or rng.random() < 0.5 else None
        return (
            id,
            1,  # version
            f"seed-{self.token}-{i}-{j}",
            article_id,
            quote,
            # Each seeded sentence names its own report, so it occurs once in its article.
            None,  # occurrence
            start,
            end,
            quote[:300],  # claim_reviewed
            claimant,
            claim_type,
            status,
            verdict,
            "Official figures tell a different story." if published else "",  # conclusion
            researcher,
            rng.choice(self.editors) if published else None,  # reviewer
            published_at,
            adapt_datetime(self.connection, created_at),
            adapt_datetime(self.connection, updated_at),
        )


def analyze_claims_tables(connection, vacuum=False):
    """Gather the query planner's statistics for the app's tables after a bulk write (and, with
    `vacuum`, outside a transaction on PostgreSQL, the visibility map index-only scans need)."""
    from django.apps import apps

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(
                connection.ops.quote_name(model._meta.db_table)
                for model in apps.get_app_config("claims").get_models()
            )
            cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {tables}")
        else:
            cursor.execute("ANALYZE")

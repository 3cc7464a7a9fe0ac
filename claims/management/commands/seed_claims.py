"""Seed the configured database with N published claims (and some drafts), as a busy desk would
have them: about 100 claims per article, claimants, sources, evidence, notes and corrections.

For benchmarks and for trying the site at scale. Rows go in with bulk inserts, each table in
batches, all in one transaction (an interrupted run leaves nothing behind); afterwards every
derived structure is brought up to date exactly as the desk's own edits would leave it: one
baseline history row per object (as `setup_demo` records for the demo), and the published-claim
counts of articles, claimants and verdicts.
"""

import math
import random
import secrets
import sys
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

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
BATCH_SIZE = 2000

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


class ProgressBar:
    """A one-line progress bar on the command's stderr; silent at verbosity 0."""

    def __init__(self, stream, total, enabled, width=40):
        self.stream, self.total, self.enabled, self.width = stream, max(total, 1), enabled, width
        self.started = time.monotonic()

    def show(self, done):
        if not self.enabled:
            return
        filled = self.width * done // self.total
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{self.total:,} claims "
            f"{elapsed:5.1f}s",
            ending="",
        )
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Seed N published claims (plus about 10% drafts) into the configured database: about "
        "100 claims per article, with claimants, sources, evidence, public and internal notes, "
        "corrections and baseline history. Adds to what is there; never changes existing rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("claims", type=int, help="How many published claims to add.")
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for the same data twice."
        )

    def handle(self, *args, claims, seed, **options):
        if claims < 1:
            raise CommandError("Give a number of claims of at least 1.")
        if claims > 10_000_000:
            raise CommandError("At most 10,000,000 claims at a time.")
        started = time.monotonic()
        rng = random.Random(seed)
        # Slugs and URLs carry a run token, so seeding twice adds rather than collides.
        token = secrets.token_hex(3) if seed is None else f"{seed:x}"
        if Claim.objects.filter(slug__startswith=f"seed-{token}-").exists():
            raise CommandError(f"Claims from seed {seed} are already here; use another --seed.")
        progress = ProgressBar(
            self.stderr, claims, options["verbosity"] > 0 and sys.stderr.isatty()
        )
        with transaction.atomic():
            counts = Seeder(rng, token, claims, progress).run()
        progress.finish()
        if options["verbosity"]:
            summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Seeded {summary} in {time.monotonic() - started:.1f}s.")
            )


class Seeder:
    def __init__(self, rng, token, claims, progress):
        self.rng, self.token, self.claims, self.progress = rng, token, claims, progress
        self.now = timezone.now()
        self.counts = dict.fromkeys(
            ["published claims", "drafts", "articles", "claimants", "sources", "evidence",
             "notes", "corrections"], 0
        )  # fmt: skip

    def run(self):
        if not Verdict.objects.exists():
            call_command("loaddata", "verdicts", verbosity=0)
            Verdict.history.bulk_history_create(list(Verdict.objects.all()))
        self.verdicts = list(Verdict.objects.all())
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
                people[role].append(user)
        return people["checker"], people["editor"]

    def bulk(self, model, objs, history=True):
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        if history:
            model.history.bulk_history_create(
                objs, batch_size=BATCH_SIZE, default_change_reason="Seeded"
            )
        return objs

    def make_claimants(self, n):
        rng = self.rng
        objs = [
            Claimant(
                slug=f"seed-{self.token}-{i}",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({i})",
                kind=Claimant.Kind.PERSON,
                role=rng.choice(ROLES),
            )
            for i in range(n)
        ]
        self.counts["claimants"] += n
        return self.bulk(Claimant, objs)

    def make_sources(self, n):
        rng = self.rng
        objs = [
            Source(
                url=f"https://stats.example.org/{self.token}/report-{i}",
                title=f"{rng.choice(TOPICS).capitalize()} report {i}",
                publisher=rng.choice(["National Statistics Office", "Central Bank", "Reuters"]),
                source_type=rng.choice(Source.Type.values),
                published_on=(self.now - timedelta(days=rng.randrange(2000))).date(),
                archive_url=f"https://web.archive.org/web/2025/https://stats.example.org/{i}"
                if rng.random() < 0.7
                else "",
            )
            for i in range(n)
        ]
        self.counts["sources"] += n
        return self.bulk(Source, objs)

    def sentence(self, i, j):
        rng = self.rng
        return (
            f"{rng.choice(TOPICS).capitalize()} in {rng.choice(PLACES)} {rng.choice(VERBS)} "
            f"by {rng.randrange(1, 60)}% between {2000 + j % 25} and {2001 + j % 25}, "
            f"according to report {i}-{j}."
        )

    def make_articles(self, batch, per_article):
        rng, now = self.rng, self.now
        articles, plans = [], []
        for i, n in zip(batch, per_article, strict=True):
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
            articles.append(
                Article(
                    slug=f"seed-{self.token}-{i}",
                    headline=headline,
                    outlet=rng.choice(OUTLETS),
                    url=f"https://news.example.org/{self.token}/{i}",
                    published_on=published_on,
                    language="en",
                    body="".join(parts).rstrip(),
                )
            )
            plans.append((quotes, spans, n))
        self.bulk(Article, articles)
        self.counts["articles"] += len(articles)

        claims = []
        for article, (quotes, spans, n) in zip(articles, plans, strict=True):
            for j, (quote, (start, end)) in enumerate(zip(quotes, spans, strict=True)):
                claims.append(self.claim(article, j, quote, start, end, published=j < n))
        self.bulk(Claim, claims)

        evidence, notes, corrections = [], [], []
        for claim in claims:
            for order, source in enumerate(rng.sample(self.sources, rng.randint(1, 3))):
                evidence.append(
                    Evidence(
                        claim=claim,
                        source=source,
                        stance=rng.choice(Evidence.Stance.values),
                        excerpt=f"Table {rng.randrange(1, 20)} gives {rng.randrange(1, 60)}%.",
                        note="The official series for the period.",
                        order=order,
                    )
                )
            notes.append(
                ReviewNote(
                    claim=claim,
                    author=claim.researcher,
                    body=f"Desk: checked against {evidence[-1].source.title}.",
                    visibility=ReviewNote.Visibility.INTERNAL,
                )
            )
            if claim.status != Claim.Status.PUBLISHED:
                continue
            if rng.random() < PUBLIC_NOTE_SHARE:
                notes.append(
                    ReviewNote(
                        claim=claim,
                        author=claim.reviewer,
                        body="We added the latest figures after publication.",
                        visibility=ReviewNote.Visibility.PUBLIC,
                    )
                )
            if rng.random() < CORRECTION_SHARE:
                # The verdict the claim has now is the corrected one, as after `correct`.
                previous = rng.choice(self.verdicts)
                corrections.append(
                    Correction(
                        claim=claim,
                        kind=Correction.Kind.CORRECTION,
                        text="The first version misread the table; the verdict changed.",
                        previous_verdict=previous,
                        new_verdict=claim.verdict,
                        created_by=claim.reviewer,
                    )
                )
        self.bulk(Evidence, evidence)
        self.bulk(ReviewNote, notes)
        self.bulk(Correction, corrections)
        self.counts["evidence"] += len(evidence)
        self.counts["notes"] += len(notes)
        self.counts["corrections"] += len(corrections)

    def claim(self, article, j, quote, start, end, published):
        rng = self.rng
        claimant = None if rng.random() < NO_CLAIMANT_SHARE else rng.choice(self.claimants)
        researcher = rng.choice(self.checkers)
        if published:
            self.counts["published claims"] += 1
            status = Claim.Status.PUBLISHED
            published_at = timezone.make_aware(
                timezone.datetime.combine(article.published_on, timezone.datetime.min.time())
            ) + timedelta(hours=rng.randrange(1, 24 * 30))
            published_at = min(published_at, self.now)
        else:
            self.counts["drafts"] += 1
            status = rng.choice(Claim.IN_PROGRESS)
            published_at = None
        return Claim(
            slug=f"seed-{self.token}-{article.slug.rsplit('-', 1)[1]}-{j}",
            article=article,
            quote=quote,
            # Each seeded sentence names its own report, so it occurs once in its article.
            occurrence=None,
            span_start=start,
            span_end=end,
            claim_reviewed=quote[:300],
            claimant=claimant,
            claim_type=rng.choice(Claim.Type.values),
            status=status,
            verdict=rng.choice(self.verdicts) if published or rng.random() < 0.5 else None,
            conclusion="Official figures tell a different story." if published else "",
            researcher=researcher,
            reviewer=rng.choice(self.editors) if published else None,
            published_at=published_at,
        )

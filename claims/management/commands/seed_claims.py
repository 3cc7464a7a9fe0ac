"""Seed the configured database with N published claims (and some drafts), as a busy desk would
have them (claims/seeding.py), with a progress bar.

For benchmarks and for trying the site at scale. All in one transaction: an interrupted run
leaves nothing behind.
"""

import random
import secrets
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from claims.models import Claim
from claims.seeding import Seeder, analyze_claims_tables


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
            counts = Seeder(rng, token, claims, progress, connection).run()
            # Planner statistics for the grown tables, as a database in service has them: on
            # SQLite nothing else ever gathers them, and without them a search (an FTS5 join)
            # scanned every claim: 2.2 s instead of 20 ms at 100,000 claims.
            analyze_claims_tables(connection)
        progress.finish()
        if options["verbosity"]:
            summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Seeded {summary} in {time.monotonic() - started:.1f}s.")
            )

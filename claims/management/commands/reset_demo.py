from django.core.management.base import BaseCommand
from django.db import transaction

from claims import demo


class Command(BaseCommand):
    help = (
        "Replace all of the desk's data (claims, articles, sources, evidence, notes, corrections, "
        "claimants, verdicts) with the demo, and give the demo accounts their demo passwords. "
        "Says what it will delete and asks first. Other user accounts are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        existing = demo.desk_data()
        accounts = ", ".join(username for username, *_ in demo.DEMO_ACCOUNTS)
        self.stdout.write(
            f"This deletes the desk's data ({demo.describe(existing)}), rows the demo does not "
            "have included, loads the demo in its place and gives the demo accounts "
            f"({accounts}) their demo passwords. Other user accounts are kept; the history keeps "
            "a row for every deleted and loaded row."
        )
        if options["interactive"]:
            try:
                answer = input("Type 'yes' to replace the data with the demo: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                self.stdout.write("Nothing was changed. (Run with --yes to skip this question.)")
                return
        with transaction.atomic():
            for model in demo.DESK_MODELS:
                # QuerySet.delete() sends post_delete for each row: each deletion gets its
                # history row.
                model._default_manager.all().delete()
            demo.load()
            demo.demo_accounts(reset_passwords=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"The database now holds the demo: {demo.describe(demo.desk_data())}."
            )
        )
        for username, password, _, role in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} password {password:<24} ({role})")

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ACCOUNTS = [
    # (username, password, what they do); their groups come with the demo fixture.
    ("editor", "editor-demo-2025", "Editors: review, publish, send back, correct"),
    ("factchecker", "factchecker-demo-2025", "Fact-checkers: research and submit for review"),
]


class Command(BaseCommand):
    help = (
        "Load the verdict scale and the fact-checked seed article, record their baseline history "
        "and give the demo accounts their passwords. Safe to run again: nothing is duplicated."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("loaddata", "verdicts", "demo", verbosity=verbosity)
        # loaddata saves raw rows and records no history (HAZARDS.md #4): add one baseline
        # row to every object that has none yet.
        # Its "existing history found, skipping" on a second run is expected, so it is not shown.
        call_command(
            "populate_history", "--auto", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO()
        )
        User = get_user_model()
        for username, password, _ in DEMO_ACCOUNTS:
            user = User.objects.get_by_natural_key(username)
            user.set_password(password)
            user.save(update_fields=["password"])
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/admin/ as:")
            )
            for username, password, role in DEMO_ACCOUNTS:
                self.stdout.write(f"  {username:<12} password {password:<24} ({role})")

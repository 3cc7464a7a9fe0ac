from django.core.management.base import BaseCommand
from django.db import transaction

from claims import demo


class Command(BaseCommand):
    help = (
        "On an empty database: load the verdict scale and the fact-checked seed article, record "
        "their baseline history and give the demo accounts their passwords. On a database that "
        "already holds the desk's data: change none of it (reset_demo replaces it), only create "
        "missing demo accounts."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        existing = demo.desk_data()
        if existing:
            # Rows loaded by hand with loaddata have no history yet; nothing else is touched.
            demo.record_missing_history()
        else:
            demo.load(verbosity=verbosity)
        logins = demo.demo_accounts(reset_passwords=False)
        if not verbosity:
            return
        if existing:
            self.stdout.write(
                self.style.WARNING(
                    f"The database already holds the desk's data ({demo.describe(existing)}); "
                    "setup_demo left it as it is. To replace it with the demo, run "
                    "`python manage.py reset_demo`."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ as:")
        for username, password, _, role in demo.DEMO_ACCOUNTS:
            shown = password if logins[username] else "(its own password, left unchanged)"
            self.stdout.write(f"  {username:<12} password {shown:<24} ({role})")

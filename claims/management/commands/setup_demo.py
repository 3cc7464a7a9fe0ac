from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ACCOUNTS = [
    # (username, password, what they do)
    ("editor", "editor-demo-2025", "editor: reviews and publishes"),
    ("factchecker", "factchecker-demo-2025", "fact-checker: researches claims"),
]


class Command(BaseCommand):
    help = (
        "Load the verdict scale and the fact-checked seed article, and give the demo accounts "
        "their passwords and permissions. Safe to run again: nothing is duplicated."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("loaddata", "verdicts", "demo", verbosity=options["verbosity"])
        desk_permissions = Permission.objects.filter(content_type__app_label="claims") | Permission.objects.filter(
            content_type__app_label="auth", codename="view_user"
        )
        User = get_user_model()
        for username, password, _ in DEMO_ACCOUNTS:
            user = User.objects.get_by_natural_key(username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.user_permissions.set(desk_permissions)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/admin/ as:"))
        for username, password, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} password {password:<24} ({role})")

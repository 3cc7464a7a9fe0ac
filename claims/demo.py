"""The demo: the verdict scale and the fact-checked seed article (fixtures/), the demo accounts,
and the desk's data they would replace. Used by the setup_demo and reset_demo commands."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

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

FIXTURES = ["verdicts", "demo"]
DEMO_ACCOUNTS = [
    # (username, password, group, what they do)
    ("editor", "editor-demo-2025", "Editors", "Editors: review, publish, send back, correct"),
    (
        "factchecker",
        "factchecker-demo-2025",
        "Fact-checkers",
        "Fact-checkers: research and submit for review",
    ),
]
# The desk's data, in an order that deletes nothing another row still protects.
DESK_MODELS = [Correction, ReviewNote, Evidence, Claim, Source, Article, Claimant, Verdict]
BASELINE_REASON = "Demo data loaded"


def desk_data():
    """{model: row count} of the desk's data in the database, models with rows only."""
    shown_first = [Claim, Article, Source, Evidence, ReviewNote, Correction, Claimant, Verdict]
    counts = {model: model._default_manager.count() for model in shown_first}
    return {model: n for model, n in counts.items() if n}


def describe(counts):
    """'25 claims, 1 article, …' for {model: count}."""
    names = [
        f"{n} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in counts.items()
    ]
    return ", ".join(names) or "nothing"


def load(verbosity=0):
    """Load the fixtures and give every loaded row a baseline history row: loaddata saves raw
    rows and records none (HAZARDS.md #4). A demo account that already exists keeps its
    password (the fixture would make it unusable)."""
    accounts = get_user_model().objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
    passwords = dict(accounts.values_list("username", "password"))
    call_command("loaddata", *FIXTURES, verbosity=verbosity)
    for username, password in passwords.items():
        accounts.filter(username=username).update(password=password)
    for model in DESK_MODELS:
        if hasattr(model._meta, "simple_history_manager_attribute"):
            history = getattr(model, model._meta.simple_history_manager_attribute)
            history.bulk_history_create(
                list(model._default_manager.all()), default_change_reason=BASELINE_REASON
            )


def record_missing_history():
    """A baseline history row for each row that has none (rows loaded by hand with loaddata)."""
    call_command(
        "populate_history", "--auto", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO()
    )


def demo_accounts(*, reset_passwords):
    """Create the missing demo accounts with their demo passwords. With reset_passwords, every
    demo account gets its demo password back; without, an account keeps a usable password it
    has (someone may have changed it). Returns {username: True if its password is the demo's}."""
    User = get_user_model()
    result = {}
    for username, password, group, _ in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
        )
        if created:
            user.groups.add(Group.objects.get(name=group))
        if created or reset_passwords or not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
            result[username] = True
        else:
            result[username] = user.check_password(password)
    return result

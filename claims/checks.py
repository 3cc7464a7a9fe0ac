"""System checks for a production deployment (`manage.py check --deploy`)."""

import os

from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_secret_key_is_set(app_configs, **kwargs):
    # Without DJANGO_SECRET_KEY the settings use a random per-process key, which Django's own
    # check cannot tell from a real one: sessions and password-reset links would not survive a
    # restart or reach another worker.
    if os.environ.get("DJANGO_SECRET_KEY"):
        return []
    return [
        Error(
            "DJANGO_SECRET_KEY is not set, so this process uses a random key of its own.",
            hint="Set DJANGO_SECRET_KEY to a long random string kept secret, the same for "
            "every worker.",
            id="claimtracker.E001",
        )
    ]

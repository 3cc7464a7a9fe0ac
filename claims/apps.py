from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self):
        from claims import checks  # noqa: F401  (registers the deploy checks)

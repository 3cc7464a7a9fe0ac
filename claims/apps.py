from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from claims import checks  # noqa: F401  (registers the deploy checks)
        from claims.middleware import mark_session_refreshed

        user_logged_in.connect(mark_session_refreshed, dispatch_uid="claims_session_refreshed")
        from django.db.models.signals import post_migrate

        # The published-claim counters follow every save and delete of a claim, and every write
        # readers may see changes the public stamp, the public pages' cache key.
        from claims import public_cache, public_counts  # noqa: F401
        from claims.search import reinstall_after_migrate

        public_cache.connect_signals(self)
        # The search table's triggers, put back if a migration dropped them (claims/search.py).
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="claims_search")

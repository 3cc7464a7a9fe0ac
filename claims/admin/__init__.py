"""The editors' admin, by screen."""

from claims.admin import claim, desk, lockouts  # noqa: F401  (registers the admins)

import pytest

from tests.factories import ClaimFactory, EditorFactory, EvidenceFactory, FactCheckerFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Production redirects HTTP to HTTPS; the test client speaks plain HTTP.
    # test_security.py turns the redirect back on to check it.
    settings.SECURE_SSL_REDIRECT = False
    # Every factory user gets a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The API's throttle counts across tests in one process; tests/test_api.py shows the 429.
    settings.API_ANON_RATE = None


@pytest.fixture
def checker():
    return FactCheckerFactory(username="farah", first_name="Farah", last_name="Checker")


@pytest.fixture
def editor():
    return EditorFactory(username="eddie", first_name="Eddie", last_name="Editor")


@pytest.fixture
def ready(checker):
    """A claim in review with everything publishing needs, researched by `checker`."""
    claim = ClaimFactory(in_review=True, researcher=checker, reviewer=None)
    EvidenceFactory(claim=claim)
    return claim


@pytest.fixture(autouse=True)
def _empty_page_cache():
    # The page cache and per_stamp outlive a test's rolled-back transaction, which takes the
    # stamp back to an earlier token: a stamp of one test must not find another test's pages or
    # choices (claims/public_cache.py).
    from django.core.cache import cache
    from django.db import connection

    from claims.public_cache import per_stamp

    cache.clear()
    per_stamp.clear()
    connection.public_stamp_behind = False

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Production redirects HTTP to HTTPS; the test client speaks plain HTTP.
    # test_security.py turns the redirect back on to check it.
    settings.SECURE_SSL_REDIRECT = False
    # Every factory user gets a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production redirects HTTP to HTTPS; the test client speaks plain HTTP.
    # test_security.py turns the redirect back on to check it.
    settings.SECURE_SSL_REDIRECT = False

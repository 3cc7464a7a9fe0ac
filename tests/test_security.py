"""Production defaults and bad input: no 500s, no NUL bytes, HTTPS, CSP."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/claims/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


SECURE_DEFAULTS = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
]


def test_debug_is_off_and_cookies_are_secure_by_default():
    # In a fresh interpreter with no DJANGO_* variable: the tests' own environment (set by the
    # Makefile) would hide a changed default.
    result = run_python(
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURE_DEFAULTS!r}}}))",
        DJANGO_SETTINGS_MODULE="claimtracker.settings",
    )
    assert result.returncode == 0, result.stderr
    defaults = json.loads(result.stdout)
    assert defaults.pop("SECURE_HSTS_SECONDS") >= 31536000
    assert defaults == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/claims/?q=a%00b",
        "/claims/?verdict__exact=%00",
        "/admin/claims/claim/?q=%00",
        "/claims/%00/",
    ],
)
def test_nul_bytes_in_the_request_are_refused(admin_client, url):
    assert admin_client.get(url).status_code == 400


def test_nul_bytes_in_a_form_are_refused(admin_client):
    response = admin_client.post("/admin/claims/claimant/add/", {"name": "A\x00B", "slug": "a-b"})
    assert response.status_code == 400


def test_public_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


def test_public_pages_are_cacheable_and_answer_304_to_a_repeat_visit(client):
    from tests.factories import ClaimFactory

    claim = ClaimFactory()
    first = client.get(claim.get_absolute_url())
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")
    again = client.get(claim.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_admin_pages_are_not_cached(admin_client):
    response = admin_client.get("/admin/claims/claim/")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_python(code, **env):
    """Run code in a fresh interpreter with only these project variables set."""
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CLAIMTRACKER_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=60,
    )


def test_a_server_refuses_to_start_without_a_secret_key():
    result = run_python("import claimtracker.wsgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_management_commands_run_without_a_secret_key():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check'])",
        DJANGO_SETTINGS_MODULE="claimtracker.settings",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("url", ["/", "/claims/", "/methodology/", "/admin/login/"])
def test_no_site_may_frame_a_page(client, url):
    response = client.get(url)

    assert response.headers.get("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


PRODUCTION_KEY = "a-production-key-that-is-long-and-random-enough-for-django-0123456789"


def test_check_deploy_passes_with_only_the_documented_production_variables():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SETTINGS_MODULE="claimtracker.settings",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DJANGO_ALLOWED_HOSTS="claims.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_a_missing_production_key():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])",
        DJANGO_SETTINGS_MODULE="claimtracker.settings",
        DJANGO_ALLOWED_HOSTS="claims.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def settings_value(name, **env):
    result = run_python(
        f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))",
        DJANGO_SETTINGS_MODULE="claimtracker.settings",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_without_a_key_uses_a_random_key_per_process():
    first = settings_value("SECRET_KEY", DJANGO_DEBUG="1")
    second = settings_value("SECRET_KEY", DJANGO_DEBUG="1")
    assert first != second
    assert "insecure" not in first


def test_the_forwarded_proto_header_is_trusted_only_behind_a_proxy():
    assert settings_value("SECURE_PROXY_SSL_HEADER") == "None"
    assert settings_value("SECURE_PROXY_SSL_HEADER", DJANGO_BEHIND_PROXY="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_a_client_cannot_claim_https_with_a_header(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/claims/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301


def test_hsts_covers_subdomains_and_asks_for_preload_by_default(client):
    response = client.get("/claims/", secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert "includeSubDomains" in hsts and "preload" in hsts


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/no/such/page/"])
def test_every_response_sends_a_permissions_policy(client, url):
    policy = client.get(url).headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy


def test_the_app_sends_no_server_header(client):
    # gunicorn adds "Server: gunicorn" without a version; the app itself names nothing.
    assert "Server" not in client.get("/").headers


def test_the_database_urls_own_options_are_kept_beside_the_projects():
    # PostgreSQL runs without JIT (claimtracker/settings.py); a deployment's sslmode and its
    # own server options, given in DATABASE_URL, still reach the connection.
    url = (
        "postgres://u:p@db.example.org/claims?sslmode=require&options=-c%20statement_timeout%3D5000"
    )
    assert settings_value("DATABASES['default']['OPTIONS']", DATABASE_URL=url) == repr(
        {"sslmode": "require", "options": "-c statement_timeout=5000 -c jit=off"}
    )
    assert settings_value(
        "DATABASES['default']['OPTIONS']", DATABASE_URL="postgres://u:p@db.example.org/claims"
    ) == repr({"options": "-c jit=off"})

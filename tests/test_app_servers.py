"""Several app servers behind one database and one Redis (README: "Serving"): a claim published
through one server's admin is on the other server's pages at the next request, although that
server had the page cached in the shared Redis a moment before.

The servers are real gunicorn processes; the database is a SQLite file both open, or, when the
suite runs on PostgreSQL (DATABASE_URL), a database of their own beside the suite's. Redis is
Debian's redis-server, started here on a free port in a temporary folder (.ci/run installs it).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.management.commands.bench import postgres_server, recreate_database
from claims.models import PublicStamp
from claims.public_cache import change_stamp
from tests.admin_forms import browser_form
from tests.factories import ClaimFactory

ROOT = Path(settings.BASE_DIR)
CONCLUSION = "Crime fell by a fifth, not by half, in police figures."

SETUP = """
from django.contrib.auth import get_user_model
from claims import services
from claims.models import Article, Claim, Evidence, Source, Verdict

checker = get_user_model().objects.get(username="factchecker")
article = Article.objects.create(
    slug="two-servers", headline="Two servers", body="Two servers\\n\\nThe mayor said crime fell by half."
)
claim = Claim(article=article, slug="crime-fell-by-half", quote="crime fell by half",
              claim_type="number", verdict=Verdict.objects.get(slug="false"),
              conclusion=CONCLUSION)
claim.locate()
claim.save()
source = Source.objects.create(url="https://police.example.org/figures", title="Recorded crime")
Evidence.objects.create(claim=claim, source=source, stance="contradicts")
services.start_research(claim=claim, user=checker)
services.submit_for_review(claim=claim, user=checker)
print(claim.pk)
""".replace("CONCLUSION", repr(CONCLUSION))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, what):
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on port {port}")


@contextmanager
def running(command, port, what, **kwargs):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, **kwargs)
    try:
        wait_for_port(port, process, what)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a skip there would hide the test
        pytest.skip(message)
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path)]
    command += ["--save", "", "--appendonly", "no"]
    with running(command, port, "redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def database_url(tmp_path):
    """An empty database both servers share: of the suite's kind (SQLite or PostgreSQL)."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    url = suite.rsplit("/", 1)[0] + f"/{dj_database_url.parse(suite)['NAME']}_app_servers"
    recreate_database(url)
    try:
        yield url
    finally:
        connection, name = postgres_server(url)
        with connection:
            try:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.errors.InsufficientPrivilege:
                # FORCE will not end an autovacuum worker (it has no role of ours: CI saw one
                # at work on the servers' writes); a plain DROP stops such a worker itself.
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


class Browser:
    """Enough of a browser for the admin over plain HTTP: it keeps cookies itself, since the
    production settings mark them Secure and Python's cookie jar would not send those."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # 3xx, 304 and 4xx arrive here
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        response.text = response.read().decode()
        return response

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def post_form(self, path, changes):
        """Post the page's form back with these changes, as a browser does."""
        page = self.get(path).text
        data = browser_form(page) if "_form" in page else {}
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {**data, **changes, "csrfmiddlewaretoken": token})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_claim_published_on_one_app_server_shows_on_another_at_once(
    database_url, redis_url, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": "app-servers-test-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in [["migrate", "-v0"], ["setup_demo", "-v0"]]:
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True)
    setup = subprocess.run(
        [*manage, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True, capture_output=True
    )
    claim_pk = int(setup.stdout.decode().split()[-1])

    import redis

    store = redis.Redis.from_url(redis_url)
    ports = [free_port(), free_port()]
    servers = [
        [sys.executable, "-m", "gunicorn", "claimtracker.wsgi", f"--bind=127.0.0.1:{port}"]
        + ["--workers=1", "--log-level=warning"]
        for port in ports
    ]
    with (
        running(servers[0], ports[0], "app server A", env=env, cwd=ROOT),
        running(servers[1], ports[1], "app server B", env=env, cwd=ROOT),
    ):
        a, b = Browser(ports[0]), Browser(ports[1])
        before = b.get("/claims/")
        assert before.status == 200 and CONCLUSION not in before.text
        assert "public" in before.headers["Cache-Control"]
        assert store.dbsize() > 0  # B's page is in the shared Redis...
        assert CONCLUSION not in a.get("/claims/").text  # ...and A reads the same

        # An editor publishes it through server A's admin, with the claim page's button.
        login = a.post_form("/admin/login/", {"username": "editor", "password": "editor-demo-2025"})
        assert login.status == 302, login.text[:500]
        published = a.post_form(f"/admin/claims/claim/{claim_pk}/change/", {"_step": "publish"})
        assert published.status == 302, published.text[:500]

        after = b.get("/claims/")
        assert CONCLUSION in after.text
        assert b.get("/claims/crime-fell-by-half/").status == 200
        revalidated = b.get("/claims/", headers={"If-None-Match": before.headers["ETag"]})
        assert revalidated.status == 200
        assert revalidated.headers["ETag"] != before.headers["ETag"]
        assert (
            b.get("/claims/", headers={"If-None-Match": revalidated.headers["ETag"]}).status == 304
        )


@pytest.mark.django_db(transaction=True)
def test_the_stamp_changes_once_when_a_transaction_commits_and_not_before():
    change_stamp()
    before = PublicStamp.objects.get().token
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            ClaimFactory.create_batch(2)  # claims, articles, claimants, verdicts: many writes
            assert PublicStamp.objects.get().token == before  # not while it is open
    assert PublicStamp.objects.get().token != before
    changes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and PublicStamp._meta.db_table in q["sql"]
    ]
    assert len(changes) == 1

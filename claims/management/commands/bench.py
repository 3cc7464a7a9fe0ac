"""`manage.py bench`: seed a database of its own, then measure every page in one run.

(a) In process, with Django's test client: p50/p95 time and query count of the public pages
    (plain, filtered, searched, last page) and the admin's claim changelist, search and change page.
(b) Over HTTP under gunicorn with wrk: requests per second and p50/p95/p99 latency, uncached (the
    page cache off: every request renders), then from the page cache, then as 304s.
Both beside a hello-world view and two "floor" views (the list's 20 rows from one hand-written SQL
query, and a claim page from two, claims/bench.py), so every figure is also a ratio that holds
from one machine to another.
"""

import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

CHILD = "CLAIMTRACKER_BENCH_CHILD"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"seconds\\": %f, \\"p50_ms\\": %f, \\"p95_ms\\": %f, "
    .. "\\"p99_ms\\": %f, \\"status_errors\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


# wrk's requests for the soak: the public pages in turn (the report function is appended).
SOAK_SCRIPT = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format(nil, paths[i])
end
""" + WRK_SCRIPT.replace("%", "%%")


def floor_of(page):
    """The floor view a page is compared with: a claim page with the claim floor, the rest with
    the list's floor (claims/bench.py)."""
    return "claim floor" if page in ("claim page", "claim floor") else "floor"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def postgres_server(url):
    """A connection to the server of this PostgreSQL URL's database (to create or drop it), and
    the database's name."""
    import psycopg

    config = dj_database_url.parse(url)
    server = {
        "host": config["HOST"] or "localhost",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"],
    }
    return psycopg.connect(dbname="postgres", autocommit=True, **server), config["NAME"]


def recreate_database(url):
    """Make the database of this URL exist and be empty (a SQLite file is deleted)."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ["", "-journal", "-wal", "-shm"]:
            Path(config["NAME"] + suffix).unlink(missing_ok=True)
        return
    connection, name = postgres_server(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


class Command(BaseCommand):
    help = (
        "Seed N claims into a database of the bench's own, then measure every page in process "
        "and over HTTP (gunicorn + wrk), as ratios to a hello-world view and a floor view."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=1000, help="Published claims to seed.")
        parser.add_argument(
            "--database",
            default="sqlite",
            help="'sqlite' (a file in the temp folder), 'postgres' (a database named "
            "claimtracker_bench_N beside DATABASE_URL's) or a database URL. It is emptied first.",
        )
        parser.add_argument("--reuse", action="store_true", help="Keep an already seeded database.")
        parser.add_argument("--repeat", type=int, default=30, help="In-process runs per page.")
        parser.add_argument("--duration", type=int, default=8, help="Seconds of wrk per URL.")
        parser.add_argument(
            "--soak",
            type=int,
            default=60,
            help="Seconds of load over every public page in turn, between two readings of the "
            "workers' memory.",
        )
        parser.add_argument("--no-http", action="store_true", help="Skip the gunicorn + wrk part.")
        parser.add_argument("--port", type=int, default=8108)
        parser.add_argument("--json", default="", help="Where to write the figures as JSON.")

    # The parent: prepare the database, then run the measurements in a child process whose
    # settings point at it.

    def handle(self, *args, **options):
        if os.environ.get(CHILD):
            return self.measure(options)
        url = self.database_url(options["database"], options["claims"])
        if not options["reuse"]:
            self.empty_database(url)
        env = {
            **os.environ,
            CHILD: "1",
            "DATABASE_URL": url,
            "CLAIMTRACKER_BENCH": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-not-secret",
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_HSTS_SECONDS": "0",
            # The API's anonymous throttle (120 a minute) would answer most of wrk's requests
            # with a 429: bench measures what a page costs, not the throttle.
            "CLAIMTRACKER_API_RATE": "1000000/second",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        forwarded = [
            f"--{name}={options[name]}" for name in ["claims", "repeat", "duration", "soak", "port"]
        ]
        forwarded += ["--no-http"] if options["no_http"] else []
        forwarded += [f"--json={Path(options['json']).resolve()}"] if options["json"] else []
        result = subprocess.run([*manage, "bench", *forwarded], env=env)
        if result.returncode:
            raise CommandError("The measurements failed; see above.")

    def database_url(self, database, claims):
        if database == "sqlite":
            return (
                f"sqlite:///{Path(tempfile.gettempdir()) / f'claimtracker-bench-{claims}.sqlite3'}"
            )
        if database == "postgres":
            base = os.environ.get("DATABASE_URL", "")
            if not base.startswith("postgres"):
                raise CommandError("--database postgres needs DATABASE_URL=postgres://…")
            return base.rsplit("/", 1)[0] + f"/claimtracker_bench_{claims}"
        return database

    def empty_database(self, url):
        recreate_database(url)

    # The child: seed, then measure.

    def measure(self, options):
        from claims.models import Claim

        call_command("migrate", verbosity=0)
        seeded = Claim.objects.published().count()
        if seeded < options["claims"]:
            started = time.monotonic()
            call_command("seed_claims", options["claims"] - seeded, seed=1, verbosity=1)
            self.stdout.write(f"Seeded in {time.monotonic() - started:.1f}s.")
        self.analyze()
        report = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": self.machine(),
            "claims": Claim.objects.published().count(),
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[1],
            "in_process": self.in_process(options["repeat"]),
        }
        if not options["no_http"]:
            report["http"] = self.over_http(options["port"], options["duration"], options["soak"])
        report["load_average_after"] = os.getloadavg()
        self.print_report(report)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(report, indent=2) + "\n")
            self.stdout.write(f"Wrote {options['json']}")

    def analyze(self):
        """Planner statistics and, on PostgreSQL, the visibility map index-only scans need, for
        the freshly seeded tables, as a database in service would have them."""
        from django.db import connection

        from claims.seeding import analyze_claims_tables

        analyze_claims_tables(connection, vacuum=True)

    def machine(self):
        import django
        from django.db import connection

        return {
            "cpu": self.cpu_name(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "database_version": f"{connection.vendor} {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"{connection.vendor} {connection.pg_version}",
            "load_average": os.getloadavg(),
        }

    def cpu_name(self):
        try:
            text = Path("/proc/cpuinfo").read_text()
        except OSError:
            return platform.processor()
        match = re.search(r"model name\s*:\s*(.*)", text)
        return match.group(1) if match else platform.processor()

    def pages(self):
        """{name: url} of every page measured, chosen from the seeded data. Not measured: the CSV
        export and the sitemap's sections, whose size is the data's by definition (every claim;
        up to 50,000 URLs a section)."""
        from claims.models import Article, Claim, Claimant, Correction, Verdict
        from claims.views import CLAIMS_PER_PAGE

        try:
            from claims.paging import MAX_PAGES
        except ImportError:  # measuring a version from before bounded paging
            MAX_PAGES = 10**9

        from claims.views import ARTICLES_PER_PAGE

        def last_page(rows, per_page):
            return max(1, min(MAX_PAGES, -(-rows // per_page)))

        claim = Claim.objects.published().order_by("pk")[Claim.objects.published().count() // 2]
        article = Article.objects.public().order_by("pk")[Article.objects.public().count() // 2]
        claimant = Claimant.objects.public().order_by("-published_claims").first()
        verdict = Verdict.objects.public().first()
        total = Claim.objects.published().count()
        last = last_page(total, CLAIMS_PER_PAGE)
        admin_last = last_page(Claim.objects.count(), 100)  # 100 rows a page
        corrections = Correction.objects.public().count()
        return {
            "hello": "/bench/hello/",
            "floor": "/bench/floor/",
            "claim floor": f"/bench/floor/{claim.slug}/",
            "home": "/",
            "claims": "/claims/",
            "claims ?verdict": f"/claims/?verdict={verdict.slug}",
            "claims ?article": f"/claims/?article={article.slug}",
            "claims ?claim_type": "/claims/?claim_type=number",
            "claims ?q": "/claims/?q=housing",
            "claims last page": f"/claims/?page={last}",
            "claim page": claim.get_absolute_url(),
            "articles": "/articles/",
            "articles last page": "/articles/?page="
            f"{last_page(Article.objects.public().count(), ARTICLES_PER_PAGE)}",
            "article page": article.get_absolute_url(),
            "claimants": "/claimants/",
            "claimants last page": "/claimants/?page="
            f"{last_page(Claimant.objects.public().count(), ARTICLES_PER_PAGE)}",
            "claimant page": claimant.get_absolute_url(),
            "claimant page last page": f"{claimant.get_absolute_url()}?page="
            f"{last_page(claimant.published_claims, CLAIMS_PER_PAGE)}",
            "corrections": "/corrections/",
            "corrections last page": f"/corrections/?page={last_page(corrections, CLAIMS_PER_PAGE)}",
            "methodology": "/methodology/",
            "about": "/about/",
            "claims ?order=verdict": "/claims/?order=verdict",
            "claims ?order=-verdict last page": f"/claims/?order=-verdict&page={last}",
            "claim embed": f"{claim.get_absolute_url()}embed/",
            "feed of verdicts": "/feeds/claims.atom",
            "feed of corrections": "/feeds/corrections.atom",
            "sitemap index": "/sitemap.xml",
            "api claims": "/api/claims/",
            "api claims ?q": "/api/claims/?q=housing",
            "api claims ?order=verdict": "/api/claims/?order=verdict",
            "api claim": f"/api/claims/{claim.slug}/",
            "admin claims": "/admin/claims/claim/",
            "admin claims ?status": "/admin/claims/claim/?status__exact=published",
            "admin claims ?q": "/admin/claims/claim/?q=housing",
            "admin claims last page": f"/admin/claims/claim/?p={admin_last}",
            "admin claims by update": "/admin/claims/claim/?o=-6",
            "admin claims ?q by update": "/admin/claims/claim/?q=housing&o=-6",
            "admin claim change": f"/admin/claims/claim/{claim.pk}/change/",
            "admin evidence": "/admin/claims/evidence/",
            "admin notes": "/admin/claims/reviewnote/",
            "admin sources": "/admin/claims/source/",
        }

    def in_process(self, repeat):
        # What a page costs to render: the page cache (claims/public_cache.py) is off here.
        from django.test import override_settings

        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            return self.render_each(repeat)

    def render_each(self, repeat):
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        admin_user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client()
        client.force_login(admin_user)
        public = Client()
        results = {}
        for name, url in self.pages().items():
            this = client if url.startswith("/admin/") else public
            for _ in range(2):  # warm up
                response = this.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                this.get(url)
            # A copy now: the next request empties the log the capture reads from.
            captured = list(queries.captured_queries)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                this.get(url)
                times.append((time.perf_counter() - started) * 1000)
            results[name] = {
                "url": url,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 95), 2),
                "queries": len(captured),
                "sql_ms": round(sum(float(q["time"]) for q in captured) * 1000, 2),
            }
            self.stdout.write(f"  {name:<24} p50 {results[name]['p50_ms']:>9.1f} ms", ending="\n")
        return results

    # Over HTTP.

    def wrk(self):
        if shutil.which("wrk"):
            return shutil.which("wrk")
        self.stdout.write("wrk is missing: apt-get install wrk")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=True)
        return shutil.which("wrk")

    def over_http(self, port, duration, soak):
        wrk = self.wrk()
        workers = os.cpu_count() or 1
        pages = self.pages()
        script = Path(tempfile.mkdtemp()) / "report.lua"
        script.write_text(WRK_SCRIPT)
        results = {}
        # Uncached: the page cache off, every request renders (the validator still answers 304s).
        with self.gunicorn(port, workers, cache_seconds=0) as server:
            rss_before = self.worker_rss(server.pid)
            chosen = ["hello", "floor", "claim floor", "home", "claims", "claims ?verdict",
                      "claims last page", "claim page", "article page", "claimants"]  # fmt: skip
            for name in chosen:
                results[name] = self.load(wrk, script, port, pages[name], duration)
            # The workers' memory over a long load: every public page in turn, `soak` seconds.
            rss_before_soak = self.worker_rss(server.pid)
            public = [
                url for name, url in pages.items() if not url.startswith(("/admin/", "/bench/"))
            ]
            soak_script = script.with_name("soak.lua")
            soak_script.write_text(SOAK_SCRIPT % ", ".join(json.dumps(url) for url in public))
            results["soak (every public page)"] = self.load(wrk, soak_script, port, public[0], soak)
            rss_after = self.worker_rss(server.pid)
        # Cached: as served, each page rendered once, then read from the page cache.
        with self.gunicorn(port, workers) as server:
            for name in ["home", "claims", "claim page"]:
                results[f"{name} cached"] = self.load(wrk, script, port, pages[name], duration)
            etag = self.etag(port, pages["claims"])
            if etag:
                results["claims 304"] = self.load(
                    wrk, script, port, pages["claims"], duration, {"If-None-Match": etag}
                )
        return {
            "workers": workers,
            "connections": 8,
            "pages": results,
            "soak_seconds": soak,
            "worker_rss_kb_before": rss_before,
            "worker_rss_kb_before_soak": rss_before_soak,
            "worker_rss_kb_after": rss_after,
        }

    @contextmanager
    def gunicorn(self, port, workers, cache_seconds=None):
        env = {**os.environ, "CLAIMTRACKER_SERVING": "1"}
        if cache_seconds is not None:
            env["CLAIMTRACKER_PAGE_CACHE_SECONDS"] = str(cache_seconds)
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "claimtracker.wsgi",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        try:
            self.wait_for(port)
            for _ in range(4 * workers):  # every worker loads the app before its RSS is read
                self.etag(port, "/bench/hello/")
            yield server
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def wait_for(self, port):
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not start on port {port}")

    def etag(self, port, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
            return response.headers.get("ETag")

    def load(self, wrk, script, port, path, duration, headers=None):
        url = f"http://127.0.0.1:{port}{path}"
        with urllib.request.urlopen(url) as response:  # raises on 4xx/5xx
            if response.status != 200:
                raise CommandError(f"{path} answered {response.status}")
        # A slow page under load is a slow answer, not an error: wrk's 2 s default is raised.
        command = [wrk, "-t2", "-c8", f"-d{duration}s", "--timeout=10s", "-s", str(script), url]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        figures = json.loads(output.split("BENCH ", 1)[1].splitlines()[0])
        figures["req_per_s"] = round(figures["requests"] / figures["seconds"], 1)
        if figures["status_errors"] or figures["socket_errors"]:
            self.stderr.write(f"{path}: {figures['status_errors']} non-2xx/3xx responses")
        return figures

    def worker_rss(self, master):
        total = 0
        children = Path(f"/proc/{master}/task/{master}/children")
        for pid in children.read_text().split() if children.exists() else []:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total

    # The report.

    def print_report(self, report):
        out = self.stdout.write
        pages = report["in_process"]
        hello = pages["hello"]["p50_ms"]
        out(f"\n{report['claims']:,} published claims on {report['database']}, {report['date']}")
        out(f"machine: {report['machine']}")
        out(
            f"load average: {report['machine']['load_average']} at the start, "
            f"{report['load_average_after']} at the end (other work on this machine included)"
        )
        out("\nIn process (Django test client)")
        out(
            f"{'page':<24} {'p50 ms':>9} {'p95 ms':>9} {'queries':>7} {'SQL ms':>8} {'×hello':>8} {'×floor':>8}"
        )
        for name, r in pages.items():
            out(
                f"{name:<24} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} {r['queries']:>7} "
                f"{r['sql_ms']:>8.1f} {r['p50_ms'] / hello:>8.1f} "
                f"{r['p50_ms'] / pages[floor_of(name)]['p50_ms']:>8.2f}"
            )
        http = report.get("http")
        if not http:
            return
        out(f"\nOver HTTP: gunicorn, {http['workers']} workers, wrk -c{http['connections']}")
        base = http["pages"]["hello"]["req_per_s"]
        out(
            f"{'page':<24} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'of hello':>9} "
            f"{'4xx/5xx':>7} {'socket errors':>13}"
        )
        for name, r in http["pages"].items():
            out(
                f"{name:<24} {r['req_per_s']:>9.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                f"{r['p99_ms']:>8.1f} {r['req_per_s'] / base:>9.3f} "
                f"{r['status_errors']:>7} {r['socket_errors']:>13}"
            )
        out(
            f"worker RSS: {http['worker_rss_kb_before']:,} kB before the load, "
            f"{http['worker_rss_kb_before_soak']:,} kB before the {http['soak_seconds']} s soak, "
            f"{http['worker_rss_kb_after']:,} kB after it"
        )

"""Time a few pages in process, as `manage.py bench` does, with the page cache off: for each URL,
3 requests to warm up, then N timed ones with Django's test client; prints p50/p95 wall clock,
and the number of queries of one more request and their SQL time. For the configured database
(DATABASE_URL; DJANGO_ALLOWED_HOSTS must admit testserver):

    N=30 URLS='/claims/?q=housing /api/claims/?q=housing' \\
      python manage.py shell -c "exec(open('tools/time_pages.py').read())"
"""

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

URLS = os.environ.get("URLS", "/claims/?q=housing /api/claims/?q=housing").split()
N = int(os.environ.get("N", "30"))

client = Client()
with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
    for url in URLS:
        for _ in range(3):
            client.get(url)
        wall = []
        for _ in range(N):
            started = time.perf_counter()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        wall.sort()
        p95 = wall[min(N - 1, round(0.95 * (N - 1)))]
        sql = sum(float(query["time"]) for query in captured.captured_queries) * 1000
        print(
            f"{url:50} p50 {statistics.median(wall):7.1f}  p95 {p95:7.1f} ms  "
            f"queries {len(captured.captured_queries)}  sql {sql:.0f} ms"
        )

"""Time the claim list's searches in process, as `manage.py bench` times pages: for each search,
2 requests to warm up, then REPEAT timed ones with Django's test client; prints p50/p95 wall
clock, the p50 of this process's CPU time (all of a request's work on SQLite, which runs inside
it), and how many claims match. For the configured database (DATABASE_URL):

    REPEAT=5 QUERIES='housing|report 512-7' python manage.py shell -c "exec(open('tools/time_search.py').read())"
"""

import os
import re
import statistics
import time
from urllib.parse import urlencode

from django.db import connection
from django.test import Client

from claims.models import Claim

REPEAT = int(os.environ.get("REPEAT", "7"))
QUERIES = os.environ.get("QUERIES", "housing|méloni|report 512-7|zeppelin").split("|")

client = Client()
print(connection.vendor, f"{Claim.objects.published().count():,} published claims")
for q in QUERIES:
    url = "/claims/?" + urlencode({"q": q})
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    wall, cpu = [], []
    for _ in range(REPEAT):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    matches = re.search(r"([\d,]+) claims? match", response.content.decode())
    print(
        f"{url:<45} p50 {statistics.median(wall):8.1f} ms  p95 {p95:8.1f} ms  "
        f"cpu p50 {statistics.median(cpu):7.1f} ms  {matches.group(1) if matches else '?'} matches"
    )
print("load average", os.getloadavg())

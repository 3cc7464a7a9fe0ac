"""Markdown tables for docs/perf.md from `manage.py bench --json` files, with issue 9's targets.

    python tools/bench_report.py bench-sqlite-1000.json bench-sqlite-100000.json

The first file is the small database, the second the large one (same database engine): the
in-process table compares them page by page (query count, p50, p95, p95 large ÷ p95 small against
the target: 1.5 up to 100,000 claims, 2 beyond), then each file's HTTP figures are given as a share
of the hello-world view's requests per second, beside the targets that apply to them. Nothing is
measured here: it only reads what bench wrote.
"""

import json
import sys

# Issue 9's targets over HTTP, as a share of the hello-world view's requests per second.
HTTP_TARGETS = {
    "claims": 0.15,
    "claim page": 0.25,
    "home cached": 0.8,
    "claims cached": 0.8,
    "claim page cached": 0.8,
    "claims 304": 0.8,
}
# In process, p50 as a multiple of the floor view at most.
FLOOR_TARGETS = {"claims": 2, "claim page": 2}


def number(value, digits=1):
    return f"{value:,.{digits}f}"


def verdict(ok):
    return "yes" if ok else "**no**"


def load(report):
    start = ", ".join(f"{x:.1f}" for x in report["machine"]["load_average"])
    end = ", ".join(f"{x:.1f}" for x in report["load_average_after"])
    return f"load average ({start}) at the start, ({end}) at the end"


def in_process_table(small, large):
    limit = 1.5 if large["claims"] <= 100_000 else 2
    sizes = f"{small['claims']:,} → {large['claims']:,}"
    pages = large["in_process"]
    rows = [
        f"| page | queries {sizes} | p50 ms | p95 ms | p95 ratio (≤ {limit}) | p50 ÷ floor |",
        "|---|---|---|---|---|---|",
    ]
    for name, big in large["in_process"].items():
        little = small["in_process"].get(name)
        if little is None:
            continue
        ratio = big["p95_ms"] / little["p95_ms"] if little["p95_ms"] else float("inf")
        # A claim page against the claim floor (where bench measured one), the rest the list's.
        floor = "claim floor" if name == "claim page" and "claim floor" in pages else "floor"
        to_floor = big["p50_ms"] / pages[floor]["p50_ms"]
        target = FLOOR_TARGETS.get(name)
        floor_cell = number(to_floor) + (
            f" (≤ {target}: {verdict(to_floor <= target)})" if target else ""
        )
        rows.append(
            f"| {name} | {little['queries']} → {big['queries']} "
            f"| {number(little['p50_ms'])} → {number(big['p50_ms'])} "
            f"| {number(little['p95_ms'])} → {number(big['p95_ms'])} "
            f"| {number(ratio, 2)} {'' if ratio <= limit else '**over**'} | {floor_cell} |"
        )
    return "\n".join(rows)


def http_table(report):
    http = report["http"]
    hello = http["pages"]["hello"]["req_per_s"]
    rows = [
        "| page | req/s | of hello | target | p50 ms | p95 ms | p99 ms | 4xx/5xx | socket errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in http["pages"].items():
        share = r["req_per_s"] / hello
        target = HTTP_TARGETS.get(name)
        target_cell = f"≥ {target}: {verdict(share >= target)}" if target else ""
        rows.append(
            f"| {name} | {number(r['req_per_s'])} | {share:.3f} | {target_cell} "
            f"| {number(r['p50_ms'])} | {number(r['p95_ms'])} | {number(r['p99_ms'])} "
            f"| {r['status_errors']} | {r['socket_errors']} |"
        )
    rows.append("")
    rows.append(
        f"Workers' RSS: {http['worker_rss_kb_before']:,} kB before the load, "
        f"{http['worker_rss_kb_before_soak']:,} kB before the {http['soak_seconds']} s soak, "
        f"{http['worker_rss_kb_after']:,} kB after it."
    )
    return "\n".join(rows)


def main(paths):
    if len(paths) != 2:
        sys.exit("usage: python tools/bench_report.py SMALL.json LARGE.json")
    small, large = (json.loads(open(path).read()) for path in paths)
    if small["database"] != large["database"]:
        sys.exit(f"Two databases: {small['database']} and {large['database']}.")
    machine = large["machine"]
    print(
        f"{large['database']} ({machine['database_version']}), {machine['cpu']}, "
        f"{machine['cores']} cores, Python {machine['python']}, Django {machine['django']}.\n"
    )
    for report in [small, large]:
        print(f"- {report['claims']:,} claims: {report['date']}, {load(report)}")
    print()
    print(in_process_table(small, large))
    for report in [small, large]:
        if report.get("http"):
            print(
                f"\n{report['claims']:,} claims over HTTP "
                f"(gunicorn, {report['http']['workers']} workers, wrk -t2 -c{report['http']['connections']}):\n"
            )
            print(http_table(report))


if __name__ == "__main__":
    main(sys.argv[1:])

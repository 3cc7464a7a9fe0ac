"""`make mutants`: break the code one realistic way at a time and check that a test notices.

Each mutation in tools/mutations.py replaces one exact piece of text in one file. The runner
copies the project to a temporary folder (the working tree is never touched), runs the fast part
of the suite once unmutated, then for each mutation: applies it to the copy, runs the tests named
as its likely killers, then, if they all pass, the whole fast suite (browser tests left out; each
run stops at the first failure), and restores the file. A mutation no test fails on is a
survivor. A mutation whose original text is no longer in its file (the code moved on) is reported
as STALE and left out of the kill rate: update or drop it in tools/mutations.py.

    .venv/bin/python tools/mutants.py                # all of them
    .venv/bin/python tools/mutants.py highlight csp  # those whose file or name contains a word
    .venv/bin/python tools/mutants.py --list         # what would run, and which are stale
    .venv/bin/python tools/mutants.py --quick        # only each mutation's likely killers: a
                                                     # first look, its survivors may be killed
                                                     # by another test

Exit status: 0 when every mutation was killed, 1 when one survived or is stale.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutations import MUTATIONS  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "staticfiles", "db.sqlite3", "*.sqlite3",
    ".pytest_cache", ".ruff_cache", "*.egg-info", "node_modules", "build",
)  # fmt: skip
FAST_SUITE = ["tests", "--ignore-glob=tests/test_browser*.py"]
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
# As `make test` runs the suite, on SQLite, without writing bytecode (a mutation can keep a file's
# size and mtime second, and Python would then run the stale .pyc).
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
    "DJANGO_SECRET_KEY": "insecure-key-for-mutants-only",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
}
RUN_TIMEOUT = 900  # seconds; a mutant that hangs the suite counts as killed (by the timeout)


def status_of(mutation, root):
    """'ok', or why the mutation cannot be applied to the code as it is now."""
    path = root / mutation.path
    if not path.exists():
        return f"STALE: {mutation.path} no longer exists"
    text = path.read_text()
    for original, _ in mutation.edits:
        count = text.count(original)
        if count == 0:
            return f"STALE: its original text is no longer in {mutation.path}: {original!r}"
        if count > 1:
            return f"AMBIGUOUS: its original text occurs {count} times in {mutation.path}: {original!r}"
    return "ok"


def run_tests(root, targets):
    """(passed, first failure) of pytest on targets in the copy."""
    try:
        result = subprocess.run(
            [*PYTEST, *targets],
            cwd=root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return False, f"timed out after {RUN_TIMEOUT} s"
    if result.returncode == 0:
        return True, None
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.MULTILINE)
    if failed:
        return False, failed.group(1)
    last = (result.stdout.strip().splitlines() or result.stderr.strip().splitlines() or ["?"])[-1]
    return False, f"pytest exit {result.returncode}: {last}"


def copy_project(into):
    root = Path(into) / "project"
    shutil.copytree(PROJECT, root, ignore=IGNORED)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=root,
        env=ENV,
        check=True,
    )
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("words", nargs="*", help="only mutations whose file or name has one")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="run only each mutation's likely killers, not the whole suite (a first look)",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the unmutated run (when it just passed)"
    )
    args = parser.parse_args()
    chosen = [
        m
        for m in MUTATIONS
        if not args.words or any(w in m.path or w in m.name for w in args.words)
    ]
    if args.list:
        for m in chosen:
            print(f"{m.path}: {m.name} [{status_of(m, PROJECT)}]")
        return 0

    with tempfile.TemporaryDirectory(prefix="claimtracker-mutants-") as tmp:
        root = copy_project(tmp)
        print(f"{len(chosen)} mutation(s); the fast suite first, unmutated...", flush=True)
        passed, failure = (True, None) if args.no_baseline else run_tests(root, FAST_SUITE)
        if not passed:
            print(f"The suite fails without any mutation ({failure}); fix that first.")
            return 1
        killed, survivors, stale = [], [], []
        for number, mutation in enumerate(chosen, 1):
            label = f"[{number}/{len(chosen)}] {mutation.path}: {mutation.name}"
            status = status_of(mutation, root)
            if status != "ok":
                stale.append((mutation, status))
                print(f"{label}\n    {status}", flush=True)
                continue
            path = root / mutation.path
            original = path.read_text()
            mutated = original
            for before, after in mutation.edits:
                mutated = mutated.replace(before, after)
            started = time.monotonic()
            path.write_text(mutated)
            try:
                passed, failure = (True, None)
                if mutation.tests:
                    passed, failure = run_tests(root, list(mutation.tests))
                if passed and not (args.quick and mutation.tests):
                    passed, failure = run_tests(root, FAST_SUITE)
            finally:
                path.write_text(original)
            seconds = time.monotonic() - started
            if passed:
                survivors.append(mutation)
                print(f"{label}\n    SURVIVED ({seconds:.0f} s)", flush=True)
            else:
                killed.append(mutation)
                print(f"{label}\n    killed by {failure} ({seconds:.0f} s)", flush=True)

    applied = len(killed) + len(survivors)
    print()
    if survivors:
        print(f"{len(survivors)} survivor(s): no test failed on")
        for m in survivors:
            print(f"  - {m.path}: {m.name}")
    if stale:
        print(
            f"{len(stale)} mutation(s) no longer apply (update or drop them in tools/mutations.py):"
        )
        for m, status in stale:
            print(f"  - {m.path}: {m.name}: {status}")
    rate = f"{100 * len(killed) / applied:.0f}%" if applied else "n/a"
    print(
        f"Kill rate: {len(killed)} of {applied} applied mutations killed ({rate}); {len(stale)} stale."
    )
    if args.quick:
        print(
            "(--quick: only each mutation's likely killers ran; run without it before reporting.)"
        )
    return 0 if not survivors and not stale else 1


if __name__ == "__main__":
    sys.exit(main())

# ClaimTracker. The README's two commands: `make demo` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := tools/browser/node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run with debug off, as production does, but over plain HTTP (the test client and the
# live server speak no TLS); test_security.py turns the HTTPS redirect on to check it.
TEST_ENV := DJANGO_SECRET_KEY=insecure-key-for-tests-only DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0
DEMO_ENV := DJANGO_DEBUG=1

.PHONY: demo reset-demo serve test test-browser test-postgres install lint run clean mutants bench

demo: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py setup_demo
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Replace everything in db.sqlite3 with the demo (asks first; `make demo` never overwrites).
reset-demo: $(STAMP)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py reset_demo

# Production: debug off, a DJANGO_SECRET_KEY of your own, static files collected (WhiteNoise serves
# them), migrations applied, then gunicorn with WEB_CONCURRENCY workers (default: 2 per core + 1).
# DATABASE_URL and REDIS_URL as in the environment; README "Serving" for several app servers.
SERVE_ENV := DJANGO_DEBUG=0
serve: $(STAMP)
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  echo "make serve needs DJANGO_SECRET_KEY: a long random string of your own, the same on every app server." >&2; \
	  echo "For example: export DJANGO_SECRET_KEY=\"\$$($(PY) -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')\"" >&2; \
	  exit 1; \
	fi
	@if [ -z "$$DJANGO_ALLOWED_HOSTS" ]; then \
	  echo "DJANGO_ALLOWED_HOSTS is not set: serving localhost and 127.0.0.1 only."; fi
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1} $(SERVE_ENV) \
	  $(PY) -m gunicorn claimtracker.wsgi --bind $(HOST):$(PORT) \
	  --workers $${WEB_CONCURRENCY:-$$(( 2 * $$(getconf _NPROCESSORS_ONLN) + 1 ))} \
	  --access-logfile - --log-level warning

test: $(STAMP) $(NODE_STAMP)
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# The browser tests alone, in headless Chromium: the workflow, axe-core, the CSP and console,
# keyboard, layout, Lighthouse. Screenshots of every page land in artifacts/screenshots/.
test-browser: $(STAMP) $(NODE_STAMP)
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(PY) -m pytest tests/test_browser*.py $(PYTEST_ARGS)

# What the tests would miss: realistic bugs (tools/mutations.py) applied one at a time to a copy
# of the project, the fast suite run on each; prints the survivors and the kill rate. Slow: run it
# before you stop, not in CI. `make mutants MUTANTS="highlight csp"` runs only matching ones.
mutants: $(STAMP)
	nice $(PY) tools/mutants.py $(MUTANTS)

# Seeds its own database (BENCH_DATABASE: sqlite, postgres beside DATABASE_URL's, or a URL),
# then measures every page in process and under gunicorn + wrk; see docs/perf.md.
CLAIMS ?= 1000
BENCH_DATABASE ?= sqlite
bench: $(STAMP)
	$(PY) manage.py bench --claims $(CLAIMS) --database $(BENCH_DATABASE) \
	  --json bench-$(BENCH_DATABASE)-$(CLAIMS).json

install: $(STAMP)

# The virtualenv needs Python 3.12+ (Django 6.1). pyenv's shims honour .python-version (3.13).
$(STAMP): pyproject.toml
	@py=""; \
	for c in python3.13 python3.12 python3 python; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then py=$$c; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "ClaimTracker needs Python 3.12 or newer (Django 6.1), and none was found." >&2; \
	  echo "Install one (for example 'pyenv install 3.13' or your system's python3.13 package) and run make again." >&2; \
	  exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	  echo "Removing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); \
	fi; \
	[ -x $(PY) ] || { echo "Creating $(VENV) with $$($$py --version)"; $$py -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# What the browser tests inject and run (axe-core, Lighthouse), pinned in tools/browser's
# package-lock.json; reinstalled when the lock changes.
$(NODE_STAMP): tools/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "The browser tests need Node.js 18.16+ and npm (axe-core, Lighthouse)." >&2; exit 1; }
	cd tools/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache tools/browser/node_modules artifacts

"""
ClaimTracker settings: one module, configured from the environment.

DJANGO_DEBUG          "1"/"true" turns debug on (off by default; with it off the defaults are the secure ones)
DJANGO_SECRET_KEY     required to serve with debug off (wsgi.py/asgi.py refuse to start without it)
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost only when debugging, none otherwise)
DATABASE_URL          default sqlite:///<project>/db.sqlite3; postgres://user:pass@host/db in production
DJANGO_SECURE_SSL_REDIRECT, DJANGO_HSTS_SECONDS  override the HTTPS defaults behind a proxy that does it
DJANGO_HSTS_INCLUDE_SUBDOMAINS, DJANGO_HSTS_PRELOAD  on by default; turn off if a subdomain is not HTTPS-only
DJANGO_BEHIND_PROXY   "1" when a proxy in front sets X-Forwarded-Proto (and strips it from clients)
CLAIMTRACKER_API_RATE requests an anonymous client may make to /api/ (default "120/minute")
CLAIMTRACKER_DESK_NAME, CLAIMTRACKER_DESK_URL, CLAIMTRACKER_DESK_LOGO
                      the desk in ClaimReview JSON-LD (default: "ClaimTracker", this site, its icon)
CLAIMTRACKER_BENCH    "1" serves the reference views of `manage.py bench` (never in production)
REDIS_URL             redis://host:6379/0: the page cache lives there, shared by every app server
                      (default: each process keeps its own in memory)
CLAIMTRACKER_PAGE_CACHE_SECONDS  how long a public page stays in the server-side cache (600;
                      0 turns it off). Publishing or editing anything public ends it at once anyway.
CLAIMTRACKER_MAX_AGE, CLAIMTRACKER_CDN_MAX_AGE  Cache-Control max-age (60) and s-maxage (300) of
                      public pages: how long a browser, or a CDN in front, may show one unchecked
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("CLAIMTRACKER_SERVING", False):
        # Set by wsgi.py and asgi.py: a server without a key of its own must not start.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (any long random string), "
            "or set DJANGO_DEBUG=1 for a local development server."
        )
    # A development server and management commands (check, migrate, collectstatic...) get a
    # random key per process: nothing they sign must outlive them, and no fixed key is public.
    # `check --deploy` reports the missing production key (claims/checks.py).
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # SearchVectorField, SearchQuery, SearchRank (claims/search.py); inert on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this site (no CDN)
    "simple_history",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "claims.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "claims.middleware.PermissionsPolicyMiddleware",
    "claims.middleware.NeverCacheAdminMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous requests from the page cache before everything below, and stores the
    # public pages once everything below has added its headers (claims/public_cache.py).
    "claims.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "claims.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Public pages answer 304 from the public stamp before rendering (claims/public_cache.py);
    # this serves the rest (it hashes the rendered body: HAZARDS.md #13).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "claimtracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "claimtracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take SQLite's write lock when a transaction begins, so two saves of the same claim are
    # serialised and the admin's version check cannot race (PostgreSQL uses a row lock).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL compiles any query whose estimated cost passes
    # jit_above_cost, and at 1,000,000 claims that took in the public pages' short queries
    # (which read 20 rows, or probe 2,000 by key): 10-50 ms of compiling for 1-20 ms of work.
    # /corrections/ went from 38 to 16 ms, the sitemap index from 23 to 12 (docs/perf.md).
    # Added to what DATABASE_URL sets (?sslmode=require&options=…), which is kept.
    url_options = DATABASES["default"].setdefault("OPTIONS", {})
    url_options["options"] = f"{url_options.get('options', '')} -c jit=off".strip()

# The public pages' cache (claims/public_cache.py). Its keys carry the public stamp, which every
# write readers may see changes, so nothing in it outlives a change: a shared Redis keeps every
# app server's pages fresh and lets one server's render serve them all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "claimtracker",
            # A Redis that is down or slow costs a request a second at most: the page is then
            # rendered instead of read (claims/public_cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "claimtracker",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("CLAIMTRACKER_PAGE_CACHE_SECONDS", "600"))
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("CLAIMTRACKER_MAX_AGE", "60"))
# A CDN cannot be told of a change: this is how late it may show a correction.
PUBLIC_CACHE_S_MAXAGE = int(os.environ.get("CLAIMTRACKER_CDN_MAX_AGE", "300"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates in the admin as on the public site: "5 September 2025, 22:40" (claimtracker/formats/en).
FORMAT_MODULE_PATH = ["claimtracker.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Reverting from the history page would change a published verdict without a correction;
# the workflow's services are the only way to change status and verdict.
SIMPLE_HISTORY_REVERT_DISABLED = True
# History keeps a step's whole reason (a correction's text), not its first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGIN_URL = "admin:login"

# Login throttle (django-axes). After AXES_FAILURE_LIMIT failed logins for one account, or from
# one address, logins for it are refused for AXES_COOLOFF_TIME before any password is checked,
# so guessers cost no hashing. An editor unlocks under "Login lockouts" (claims/admin/lockouts.py).
AUTHENTICATION_BACKENDS = [
    "claims.login.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_CLIENT_IP_CALLABLE = "claims.login.client_ip"
AXES_USERNAME_CALLABLE = "claims.login.client_username"
AXES_LOCKOUT_CALLABLE = "claims.login.lockout_response"
AXES_ENABLE_ADMIN = False  # our own screen, for editors
AXES_DISABLE_ACCESS_LOG = True  # successful logins need no record of their own
AXES_VERBOSE = False

# A desk session ends after a working day without a request (claims.middleware.
# SlidingSessionMiddleware pushes the end back as the desk works), and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The desk as ClaimReview names it, author and publisher of every fact-check (claims/sharing.py).
# An empty url stands for this site's home page, an empty logo for the site's icon.
CLAIMTRACKER_DESK = {
    "name": os.environ.get("CLAIMTRACKER_DESK_NAME", "") or "ClaimTracker",
    "url": os.environ.get("CLAIMTRACKER_DESK_URL", ""),
    "logo": os.environ.get("CLAIMTRACKER_DESK_LOGO", ""),
}

# `manage.py bench` serves its reference views (claims/bench.py) only with this on.
BENCH_VIEWS = env_bool("CLAIMTRACKER_BENCH", False)

# Security. Public pages carry no inline script or style, so they need no nonce and stay
# cacheable; the admin's templates ask for a nonce and get one (HAZARDS.md #7).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Trusting X-Forwarded-* without a proxy that sets them would let any client claim HTTPS or
# another address (the login throttle counts by address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Sent by claims.middleware.PermissionsPolicyMiddleware: the site uses no browser feature.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The read-only JSON API (claims/api/). JSON only: the browsable API's pages carry inline
# script the site's CSP refuses, and /api/docs/ is the interactive way in. Nobody logs in to
# the API: every client sees the same public data, so no session and no CSRF are involved.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.ReaderRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Per client address, counted in the default cache (per process, or shared through Redis with
# REDIS_URL); a page served from the page cache is not counted. None turns the limit off
# (the test suite does; one test shows the 429).
API_ANON_RATE = os.environ.get("CLAIMTRACKER_API_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimTracker API",
    "DESCRIPTION": "Published fact-checks, read-only: claims with their verdict, evidence, "
    "public notes and corrections; articles, claimants, sources and the verdict scale.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator service: the docs page talks to this site only.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "ClaimantKindEnum": "claims.models.Claimant.Kind",
        "CorrectionKindEnum": "claims.models.Correction.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.document_refusals",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

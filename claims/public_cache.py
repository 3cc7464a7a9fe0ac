"""Caching of the public pages that holds across app servers: one decorator, `@public_page`.

Every anonymous public GET route (pages, feeds, sitemap, CSV, embeds, the API) wears it:

    @public_page
    @require_safe
    def claim_list(request): ...

    path("feeds/claims.atom", public_page(ClaimsFeed()))    # a class-based view: wrap it

It gives the route, in this order:
1. A cheap validator (HAZARDS.md #13). The ETag and Last-Modified come from the public stamp
   (`PublicStamp`, one row read with one small query), not from the rendered body, so a repeat
   visit's 304 renders nothing and runs that one query.
2. A server-side page cache through Django's cache framework (settings.CACHES: local memory, or
   Redis when REDIS_URL is set), one entry per full URL (scheme, host, path and query string,
   and the request headers a response names in Vary, as Django's own cache middleware does). The
   stamp's token is part of every key, so a new stamp makes every page of every app server stale
   at once: a generation key, never a scan of keys. `PublicPageCacheMiddleware` (near the top of
   settings.MIDDLEWARE) reads and writes it, so a stored page is served, or answered with a 304,
   before the session, authentication, URL resolving and the view.
3. `Cache-Control: public, max-age, s-maxage` for browsers and a CDN, on responses that are the
   same for every reader.

A response is stored and marked public only when it is the same for everybody: a 200, no cookie
set, and its view read neither the session (so nothing about the user), nor the CSRF token, nor
the CSP nonce (HAZARDS.md #7). Anything else is sent `private` and not stored, so a view that one
day shows the logged-in user's name stays correct, only uncached. A streamed response (the CSV
export) is marked public and validated but never stored: storing it would read it whole.

The stamp changes after every commit that writes a row readers may see (the models in
services.SHOWN_TO_READERS): saves and deletes of any kind (services' steps, admin forms, inlines,
bulk actions, deletes, loaddata, imports) reach `post_save`/`post_delete` below; `migrate` changes
it too (a deploy may change what pages look like). A bulk write sends no signal: whoever writes
with `QuerySet.update()` or `bulk_create()` calls `public_data_changed()` afterwards
(`recount_published_claims()`, which bulk writers call anyway, does).

The same token keeps values derived from public data in each process while it lasts: `per_stamp`
(the claim list's filter choices).
"""

import functools
import logging
import secrets
import threading
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.db.models.signals import post_delete, post_migrate, post_save
from django.middleware.csp import get_nonce
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_cache_key,
    get_conditional_response,
    learn_cache_key,
    patch_cache_control,
)
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from claims.models import PublicStamp

logger = logging.getLogger(__name__)

STAMP_PK = 1


# The stamp.


def public_data_changed(using=DEFAULT_DB_ALIAS):
    """Change the public stamp once the current transaction commits (at once outside one).

    Called for every write readers may see; a transaction that writes many rows changes it once.
    After the commit, not inside the transaction: the stamp's row lock would otherwise be held
    until the end of every editor's transaction, and two of them could deadlock on it.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        # Until the commit, this transaction's own reads see data newer than the stamp says.
        connection.public_stamp_behind = True
        if any(
            isinstance(func, StampChange) and func.using == using and not func.done
            for _, func, _ in connection.run_on_commit
        ):
            return
    transaction.on_commit(StampChange(using), using=using, robust=True)


class StampChange:
    """The on_commit callback that changes the stamp (an object, so a transaction can tell that
    it already has one waiting)."""

    def __init__(self, using):
        self.using = using
        self.done = False

    def __call__(self):
        self.done = True
        change_stamp(self.using)


def change_stamp(using=DEFAULT_DB_ALIAS):
    """Give the public stamp a new token and a later time, now."""
    now = timezone.now().replace(microsecond=0)  # Last-Modified has whole seconds
    with transaction.atomic(using=using):
        stamp, created = (
            PublicStamp.objects.using(using)
            .select_for_update()
            .get_or_create(
                pk=STAMP_PK, defaults={"token": secrets.token_hex(16), "changed_at": now}
            )
        )
        if not created:
            stamp.token = secrets.token_hex(16)
            # Always later, or a client revalidating by date alone (If-Modified-Since) would keep
            # a page that changed twice in the same second.
            stamp.changed_at = max(now, stamp.changed_at + timedelta(seconds=1))
            stamp.save(update_fields=["token", "changed_at"])
    transaction.get_connection(using).public_stamp_behind = False


# The stamp is read with one hand-written query: through the ORM the same read cost more than
# a whole hello-world request (356 µs against 29 µs, SQLite, measured with timeit), and it runs
# on every public request, cached or not.
STAMP_SQL = "SELECT {token}, {changed_at} FROM {table} WHERE {pk} = %s"


def _read_stamp(connection):
    meta = PublicStamp._meta
    quote = connection.ops.quote_name
    sql = STAMP_SQL.format(
        table=quote(meta.db_table),
        token=quote(meta.get_field("token").column),
        changed_at=quote(meta.get_field("changed_at").column),
        pk=quote(meta.pk.column),
    )
    if (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    ):
        # The stamp's query is this request's health check (CONN_HEALTH_CHECKS), instead of
        # a `SELECT 1` of its own before it: one round trip to PostgreSQL per cached page or
        # 304, not two. A connection the server dropped fails it, and is replaced at once.
        connection.health_check_done = True
        try:
            row = _fetch_stamp(connection, sql)
        except (InterfaceError, OperationalError):
            connection.close()
            row = _fetch_stamp(connection, sql)
    else:
        row = _fetch_stamp(connection, sql)
    if row is None:
        return None
    token, changed_at = row
    if isinstance(changed_at, str):  # a backend without a datetime converter
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):  # SQLite keeps UTC without its offset (USE_TZ)
        changed_at = timezone.make_aware(changed_at, UTC)
    return token, changed_at


def _fetch_stamp(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql, [STAMP_PK])
        return cursor.fetchone()


def current_stamp(request):
    """(token, changed_at) of the public stamp, read once per request; None when this request
    must not be cached or validated by it (no stamp yet, or a transaction with public writes
    not yet committed: tests run inside one)."""
    if not hasattr(request, "_public_stamp"):
        connection = transaction.get_connection()
        if connection.in_atomic_block and getattr(connection, "public_stamp_behind", False):
            request._public_stamp = None
        else:
            request._public_stamp = _read_stamp(connection)
    return request._public_stamp


class PerStamp:
    """Values derived from public data, remembered in this process while the public stamp's token
    stays the same: `per_stamp(current_stamp(request), key, compute)` is compute(), run once per
    key and token.

    Per process on purpose: the token is read from the database, which every app server shares,
    so a change committed through any of them reaches every process at its next request, and each
    computes the value again once. A new token drops every value remembered under the old one (so
    memory holds only the current stamp's), and at most MAX_KEYS are kept. With no stamp (a
    transaction whose public writes are not yet stamped) nothing is remembered or read.

    Threads may compute the same value twice, and a request that read the old token may put its
    value back under it; neither is wrong, since a value is only ever read under the token it was
    computed after. Values are shared between requests: never change one in place.
    """

    MAX_KEYS = 32

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        self._remembered = (None, {})  # (token, {key: value}), replaced whole by a new token

    def __call__(self, stamp, key, compute):
        if stamp is None:
            return compute()
        token, values = self._remembered
        if token == stamp[0] and key in values:
            return values[key]
        value = compute()
        with self._lock:
            if self._remembered[0] != stamp[0]:
                self._remembered = (stamp[0], {})
            values = self._remembered[1]
            if len(values) < self.MAX_KEYS:
                values[key] = value
        return value


per_stamp = PerStamp()


def _etag(request, *args, **kwargs):
    stamp = current_stamp(request)
    return f'"{stamp[0]}"' if stamp else None


def _last_modified(request, *args, **kwargs):
    stamp = current_stamp(request)
    return stamp[1] if stamp else None


# Signals: every write readers may see changes the stamp.


def _public_models():
    from claims.services import SHOWN_TO_READERS

    return set(SHOWN_TO_READERS)


def _on_public_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender in _PUBLIC_MODELS:
        public_data_changed(using)


def _on_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # After `migrate` (a deploy) and `flush`, which empties the stamp's table too.
    try:
        change_stamp(using)
    except DatabaseError:  # migrated back to before the stamp existed
        logger.info("No public stamp table in %s; pages are not cached.", using)


_PUBLIC_MODELS = set()


def connect_signals(app_config):
    _PUBLIC_MODELS.update(_public_models())
    post_save.connect(_on_public_write, dispatch_uid="public_cache_after_save")
    post_delete.connect(_on_public_write, dispatch_uid="public_cache_after_delete")
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="public_cache_after_migrate")


# The page cache.


def _cached_response(request, prefix):
    try:
        request.get_host()
    except DisallowedHost:  # refused below (CommonMiddleware) with a 400; no cache key for it
        return None
    try:
        for method in ["GET", "HEAD"] if request.method == "HEAD" else ["GET"]:
            key = get_cache_key(request, prefix, method, cache)
            if key is not None and (response := cache.get(key)) is not None:
                return response
    except Exception:  # a cache that is down must not take the site with it: render instead
        logger.warning("The page cache could not be read", exc_info=True)
    return None


def _cache_set(request, response, prefix):
    try:
        key = learn_cache_key(request, response, settings.PUBLIC_PAGE_CACHE_SECONDS, prefix, cache)
        cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
    except Exception:  # as above: the page is still served, only not stored
        logger.warning("The page cache could not be written", exc_info=True)


def same_for_everyone(request, response):
    """Whether this response may be shared between readers (cached by us, a CDN, a proxy)."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not get_nonce(request)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not request.path_info.startswith("/admin/")
    )


def _finish(request, response, prefix):
    """Headers for browsers and CDNs, and into the page cache if everyone may share it; called
    once the response is rendered and every inner middleware has seen it, since a template may
    read the session or a nonce."""
    if response.status_code == 304:
        return
    if not same_for_everyone(request, response):
        patch_cache_control(response, private=True, no_cache=True)
        return
    _shared_cache_control(response)
    if prefix and settings.PUBLIC_PAGE_CACHE_SECONDS and not response.streaming:
        _cache_set(request, response, prefix)


def _page_cache(view):
    """The view's response, judged (and stored) by PublicPageCacheMiddleware on its way out."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        stamp = current_stamp(request)
        request._public_page_prefix = _cache_key_prefix(stamp) if stamp else None
        return view(request, *args, **kwargs)

    return cached_view


def _cache_key_prefix(stamp):
    return f"public.{stamp[0]}"


class PublicPageCacheMiddleware:
    """The page cache's two ends, outside every other middleware but the security ones.

    Coming in, an anonymous GET or HEAD is answered from the page cache when the current stamp
    has the page: a 304 if the reader's copy is current, else the stored response. That costs
    the stamp's query and a cache read: no session, CSRF, authentication, URL resolving, view or
    template. A request with a session cookie (an editor) always goes through: the desk is few,
    and its session must slide (claims.middleware.SlidingSessionMiddleware).

    Going out, a response of a @public_page view gets its Cache-Control, and is stored when it is
    the same for everyone (same_for_everyone). It is stored here, once every inner middleware has
    added its headers (CSP, X-Frame-Options, Vary), so a stored page is served exactly as it was
    first sent.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.PUBLIC_PAGE_CACHE_SECONDS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith("/admin/")
            and _goes_to_a_public_page(
                getattr(request, "urlconf", None) or settings.ROOT_URLCONF, request.path_info
            )
        ):
            stamp = current_stamp(request)
            cached = _cached_response(request, _cache_key_prefix(stamp)) if stamp else None
            if cached is not None:
                return _conditional(request, cached)
        response = self.get_response(request)
        if hasattr(request, "_public_page_prefix"):
            _finish(request, response, request._public_page_prefix)
        return response


def _conditional(request, response):
    """A 304 when the reader's copy is the stored one (as ConditionalGetMiddleware decides)."""
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified") or "")
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _shared_cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_CACHE_MAX_AGE,
        s_maxage=settings.PUBLIC_CACHE_S_MAXAGE,
    )


def public_page(view):
    """Validator (ETag/Last-Modified from the public stamp), page cache and Cache-Control for an
    anonymous public GET route. See the module's docstring."""
    validated = condition(etag_func=_etag, last_modified_func=_last_modified)(_page_cache(view))

    @functools.wraps(view)
    def public_view(request, *args, **kwargs):
        response = validated(request, *args, **kwargs)
        if response.status_code == 304:  # a 304 carries the 200's caching headers (RFC 9111)
            _shared_cache_control(response)
        return response

    public_view.is_public_page = True  # PublicPageCacheMiddleware looks only for these
    return public_view


@functools.lru_cache(maxsize=4096)
def _goes_to_a_public_page(urlconf, path_info):
    """Whether the path resolves to a @public_page view, the only ones the page cache holds,
    remembered per path and URLconf: any other request (/health/, a 404, the bench's
    hello-world) reads no stamp. Resolving costs a few microseconds once per path; the stamp's
    query costs a round trip to PostgreSQL each time."""
    try:
        return getattr(resolve(path_info, urlconf).func, "is_public_page", False)
    except Resolver404:
        return False

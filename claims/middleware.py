import time

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers


def _has_nul(querydict):
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists()
    )


class RejectNulBytesMiddleware:
    """Refuse NUL bytes in the path, query string, cookies or form with a 400 before any view runs.

    PostgreSQL cannot store them and raises DataError, which would be a 500 on any filter, admin
    changelist or form (Django ticket #30064; HAZARDS.md #3), and on the session lookup of an
    anonymous visitor whose cookie is `sessionid="abc\\000"` (Python unquotes it to a NUL;
    HAZARDS.md #15).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _has_nul(request.GET):
            return self.refuse(request, "NUL characters are not allowed in a request.")
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            return self.refuse(
                request,
                "NUL characters are not allowed in a cookie. Clear this site's cookies and retry.",
            )
        if request.method == "POST" and _has_nul(request.POST):
            return self.refuse(request, "NUL characters are not allowed in a form.")
        return self.get_response(request)

    @staticmethod
    def refuse(request, message):
        # The JSON API's clients read its errors as JSON (claims/api/schema.py documents this).
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# How often a desk session's end is pushed back: saving the session on every request would add
# an UPDATE to each admin page; every 5 minutes keeps "8 hours after the last request" within 5.
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_REFRESHED_KEY = "refreshed_at"


def mark_session_refreshed(sender, request, user, **kwargs):
    """user_logged_in receiver: a login has just saved the session with a fresh expiry."""
    request.session[SESSION_REFRESHED_KEY] = time.time()


class SlidingSessionMiddleware:
    """A desk session ends SESSION_COOKIE_AGE after the latest admin request, not after login.

    Only admin requests that carry a session cookie touch the session, so public pages stay
    cacheable (no Vary: Cookie) and cost readers nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key is not None
            and request.path_info.startswith("/admin/")
            and not session.is_empty()
        ):
            now = time.time()
            if now - session.get(SESSION_REFRESHED_KEY, 0) >= SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now  # modified: saved with a new expiry
        return response


class NeverCacheAdminMiddleware:
    """Nothing under /admin/ may be kept by a browser, a proxy or a CDN. The admin marks its
    pages never_cache, but not every response (its JavaScript catalog, /admin/jsi18n/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/admin/"):
            add_never_cache_headers(response)
        return response

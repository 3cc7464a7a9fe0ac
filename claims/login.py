"""The login throttle's hooks for django-axes (settings AXES_*): where a login comes from, and
what a locked-out user is told."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def client_ip(request):
    """The connection's address or, behind a proxy that says so (DJANGO_BEHIND_PROXY), the last
    address in X-Forwarded-For, the one that proxy appended (earlier ones a client can forge)."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.BEHIND_PROXY:
        candidates.insert(0, request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate.strip()))
        except ValueError:
            continue
    return None


# AccessAttempt.username is 255 characters; no account name is longer than User's 150.
USERNAME_MAX_LENGTH = 150


def client_username(request, credentials=None):
    """The account a login is for, cut to the longest possible username: a 100 kB name was
    a 500 on PostgreSQL when the throttle stored it."""
    source = credentials if credentials else request.POST
    username = source.get("username")
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def lockout_response(request, original_response=None, credentials=None):
    """429, inside the admin's frame, saying why, for how long, and who can unlock."""
    context = {
        **admin.site.each_context(request),
        "title": "Login paused",
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return TemplateResponse(request, "admin/login_locked.html", context, status=429).render()


class ThrottledLoginBackend(AxesStandaloneBackend):
    """The throttle for every login that comes with a request (the admin's login form).

    A call to authenticate() without one (the shell, the test client's login()) is left to the
    next backend instead of raising: the throttle counts addresses, and there is none.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

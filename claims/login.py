"""The login throttle's hooks for django-axes (settings AXES_*): where a login comes from, and
what a locked-out user is told."""

import ipaddress

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


def lockout_response(request, original_response=None, credentials=None):
    """429, inside the admin's frame, saying why, for how long, and who can unlock."""
    context = {
        **admin.site.each_context(request),
        "title": "Login paused",
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return TemplateResponse(request, "admin/login_locked.html", context, status=429).render()

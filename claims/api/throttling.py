from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from claims.login import client_ip


class ReaderRateThrottle(AnonRateThrottle):
    """settings.API_ANON_RATE per client address (read at each request, so tests can change it),
    the address as the login throttle sees it: a forged X-Forwarded-For counts for nothing.

    A module of its own: REST_FRAMEWORK names it, and DRF imports it while defining its views.
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request):
        return client_ip(request) or "unknown"

"""Rate limits per client; the rates are read from settings on each request."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.KAKEHASHI_API_RATES["anonymous"]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.KAKEHASHI_API_RATES["user"]

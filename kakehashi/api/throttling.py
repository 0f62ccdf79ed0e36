"""Rate limits per client: a counter per client and fixed window in the cache (one atomic
increment per request). Rates are read from settings (KAKEHASHI_API_RATES) per request."""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class WindowThrottle(BaseThrottle):
    scope = ""

    def rate(self) -> tuple[int, int]:
        count, period = settings.KAKEHASHI_API_RATES[self.scope].split("/")
        return int(count), PERIODS[period.strip()[0]]

    def client(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        client = self.client(request)
        if client is None:
            return True
        limit, period = self.rate()
        now = time.time()
        window = int(now // period)
        self.wait_seconds = period - (now % period)
        key = f"throttle:{self.scope}:{client}:{window}"
        if cache.add(key, 1, timeout=period + 1):
            return True
        try:
            return cache.incr(key) <= limit
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=period + 1)
            return True

    def wait(self):
        return getattr(self, "wait_seconds", None)


class AnonymousThrottle(WindowThrottle):
    scope = "anonymous"

    def client(self, request):
        return None if request.user and request.user.is_authenticated else self.get_ident(request)


class UserThrottle(WindowThrottle):
    scope = "user"

    def client(self, request):
        return str(request.user.pk) if request.user and request.user.is_authenticated else None

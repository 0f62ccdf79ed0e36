"""Anonymous list responses cached briefly: public data is the same for every anonymous
client. Any change to a registry model starts a new generation, so no stale page survives a
change in this process; other processes (LocMem is per process) see it within the timeout."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "api:generation"
CACHED_APPS = {"core", "registry", "evaluation"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def _bump(sender, **kwargs) -> None:
    if sender._meta.app_label in CACHED_APPS:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.add(GENERATION_KEY, 1, timeout=None)


def key_for(request) -> str | None:
    """The cache key of an anonymous GET, or None when it must not be cached."""
    timeout = settings.KAKEHASHI_API_PUBLIC_CACHE_SECONDS
    if not timeout or request.method != "GET" or request.user.is_authenticated:
        return None
    renderer = getattr(request, "accepted_renderer", None)
    fmt = getattr(renderer, "format", "json")
    # Hashed: query strings are unbounded and cache backends limit key length.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"api:page:{generation()}:{fmt}:{path}"


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump, dispatch_uid=f"kakehashi_api_cache_{signal}")

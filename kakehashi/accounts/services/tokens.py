"""Personal API tokens: created with an expiry, stored as a SHA-256 hash, revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from kakehashi.accounts.models import ApiToken
from kakehashi.accounts.services import security_log

KEY_PREFIX = "kkh_"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(user, name: str = "", days: int | None = None, request=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the key, which is never stored."""
    days = days or settings.KAKEHASHI_TOKEN_DAYS
    days = max(1, min(days, settings.KAKEHASHI_TOKEN_MAX_DAYS))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "API")[:100],
        prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(key),
        expires=timezone.now() + timedelta(days=days),
    )
    security_log.record(
        security_log.Kind.TOKEN_CREATED,
        request=request,
        user=user,
        token=token.pk,
        name=token.name,
        expires=token.expires.isoformat(),
    )
    return token, key


def revoke(token: ApiToken, request=None, by=None) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    security_log.record(
        security_log.Kind.TOKEN_REVOKED,
        request=request,
        user=by or token.user,
        username=token.user.get_username(),
        token=token.pk,
        name=token.name,
    )


def authenticate(key: str) -> ApiToken | None:
    """The active token for `key`, or None (unknown, revoked, expired or inactive user)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token


def for_user(user):
    return ApiToken.objects.filter(user=user)

"""The security log: sign-ins, failures, lockouts, tokens, permission denials."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from kakehashi.accounts.models import SecurityEvent
from kakehashi.accounts.services import context

Kind = SecurityEvent.Kind


def record(kind: str, request=None, user=None, username: str = "", **detail) -> SecurityEvent:
    acting = context.current()
    request = request if request is not None else acting.request
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip=context.client_ip(request),
        request_id=acting.request_id,
        method=getattr(request, "method", "") or "",
        path=(getattr(request, "path", "") or "")[:500],
        detail=detail,
    )


def _limits() -> tuple[int, timedelta]:
    return (
        settings.KAKEHASHI_LOGIN_FAILURE_LIMIT,
        timedelta(seconds=settings.KAKEHASHI_LOCKOUT_SECONDS),
    )


def is_locked_out(username: str, ip: str | None) -> bool:
    """Too many failed sign-ins for this user name (or from this address) lately.

    Failures count from the last successful sign-in of the user, within the lockout window;
    an address is locked after three times the per-user limit (spraying many user names)."""
    limit, window = _limits()
    since = timezone.now() - window
    failures = SecurityEvent.objects.filter(timestamp__gte=since, kind=Kind.LOGIN_FAILED)
    if username:
        last_login = (
            SecurityEvent.objects.filter(kind=Kind.LOGIN, username=username, timestamp__gte=since)
            .values_list("timestamp", flat=True)
            .first()
        )
        per_user = failures.filter(username=username)
        if last_login:
            per_user = per_user.filter(timestamp__gt=last_login)
        if per_user.count() >= limit:
            return True
    return bool(ip) and failures.filter(ip=ip).count() >= 3 * limit

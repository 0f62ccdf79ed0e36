"""Receivers: complete audit log entries; record sign-ins in the security log."""

from auditlog.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save

from kakehashi.accounts.services import audit, security_log


def _logged_in(sender, request, user, **kwargs):
    security_log.record(security_log.Kind.LOGIN, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_log.record(security_log.Kind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "_kakehashi_locked_out", False):
        return  # the lockout itself is recorded
    username = str(credentials.get("username", ""))
    security_log.record(security_log.Kind.LOGIN_FAILED, request=request, username=username)


def connect() -> None:
    pre_save.connect(audit.fill_log_entry, sender=LogEntry, dispatch_uid="kakehashi_audit_fill")
    user_logged_in.connect(_logged_in, dispatch_uid="kakehashi_logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="kakehashi_logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="kakehashi_login_failed")

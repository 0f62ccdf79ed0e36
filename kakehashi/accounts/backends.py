"""Sign-in with a lockout after repeated failures (counted in the security log)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from kakehashi.accounts.services import context, security_log


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username and security_log.is_locked_out(username, context.client_ip(request)):
            security_log.record(security_log.Kind.LOCKOUT, request=request, username=username)
            if request is not None:
                request._kakehashi_locked_out = True
            # Stops authenticate() here: no other backend is tried.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD

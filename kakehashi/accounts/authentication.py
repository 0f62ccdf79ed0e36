"""DRF authentication by personal token: `Authorization: Token <key>`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from kakehashi.accounts.services import security_log, tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from error
        token = tokens.authenticate(key)
        if token is None:
            security_log.record(
                security_log.Kind.TOKEN_REJECTED, request=request._request, prefix=key[:10]
            )
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword

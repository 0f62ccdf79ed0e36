"""OpenAPI: the token authentication scheme and which operations are public."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.permissions import SAFE_METHODS

from kakehashi.api.permissions import ReadOnly, RecordPermission


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kakehashi.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal token: `Token <key>` (create one at /{lang}/account/tokens/).",
        }


class AutoSchema(openapi.AutoSchema):
    """Public reads need no credentials: say so (an empty security requirement)."""

    def get_auth(self):
        auths = super().get_auth()
        public = (RecordPermission, ReadOnly)
        if self.method in SAFE_METHODS and any(
            isinstance(permission, public) for permission in self.view.get_permissions()
        ):
            if {} not in auths:
                auths.append({})
        return auths

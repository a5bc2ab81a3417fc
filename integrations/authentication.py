"""Token authentication for integrations: ``Authorization: Token <key>`` (or ``Bearer <key>``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from integrations.models import ApiToken
from integrations.services import api_key_hash, api_token_used

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """Listed first in the settings: its ``authenticate_header`` makes an anonymous request a 401, not a 403."""

    def authenticate(self, request: Request) -> tuple[object, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # another scheme, or none: session authentication may still apply
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as: Authorization: Token <key>."))
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token key is not ASCII.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=api_key_hash(key)).first()
        # One answer for unknown, revoked and expired keys: the response does not say which keys exist.
        if token is None or not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        api_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The scheme in the OpenAPI schema: Swagger UI's "Authorize" sends the key as a Bearer token."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer",
                "description": "An API token created in the admin (Integrations -> API tokens), sent as "
                               "`Authorization: Token <key>` or `Authorization: Bearer <key>`."}

"""Who is calling the API: an agency system with a bearer token, or a signed-in user.

Tokens are looked up by their SHA-256 (the plaintext is never stored). The token's user
becomes ``request.user`` so the access policy and the audit see the same person as on the
web. A signed-in session is accepted too, so the docs page can be tried from the browser;
ninja's session auth enforces CSRF on unsafe methods, since a browser sends the cookie on
cross-site requests and a bearer header it does not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from tongxin.accounts.models import ApiToken, hash_token

# Recording every use would add a write to every read; a minute is precise enough to tell
# whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

NO_CREDENTIALS = (
    "需要身份认证:请在 Authorization 头中提供 API 令牌(Bearer),或先登录。"
    " / Authentication required: send an API token (Authorization: Bearer …) or sign in."
)
BAD_CREDENTIALS = (
    "API 令牌无效、已吊销或已过期,或其用户已停用。"
    " / The API token is invalid, revoked or expired, or its user is inactive."
)


class TokenRefused(AuthenticationError):
    """A bearer token was sent but cannot be used: stop here, do not try the session."""

    def __init__(self) -> None:
        super().__init__(message=BAD_CREDENTIALS)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # hash_token() encodes ASCII; anything else cannot be one of our tokens.
        if not token.isascii():
            raise TokenRefused()
        api_token = (
            ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        )
        now = timezone.now()
        if (
            api_token is None
            or api_token.revoked_at is not None
            or (api_token.expires_at is not None and api_token.expires_at <= now)
            or not api_token.user.is_active
        ):
            raise TokenRefused()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


token_auth = ApiTokenAuth()
session_auth = SessionAuth(csrf=True)

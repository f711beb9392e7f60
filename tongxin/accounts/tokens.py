"""Issuing and revoking API tokens for agency systems.

A token is ``tx_`` + 43 URL-safe characters (256 random bits). Only its SHA-256 is stored;
the plaintext is returned once by ``issue_token`` and never logged. The 8 characters after
``tx_`` are kept as the token's public prefix, so operators can name a token (to revoke it, or
in the audit trail) without holding it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import ApiToken, hash_token
from tongxin.audit.record import Actor, record_change

TOKEN_PREFIX = "tx_"  # noqa: S105 (marks our tokens in logs and scanners; not a secret)
PREFIX_LENGTH = 8


class TokenError(Exception):
    """A token action that cannot be carried out; the message is in Chinese and English."""


def _new_token() -> tuple[str, str]:
    # Redraw when the prefix is taken (48 random bits: rare, but it must stay unique) or
    # starts with "-", which `tongxin api-token --revoke PREFIX` would read as an option.
    while True:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        prefix = token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + PREFIX_LENGTH]
        if not prefix.startswith("-") and not ApiToken.objects.filter(prefix=prefix).exists():
            return token, prefix


def issue_token(
    *, actor: Actor, user: Any, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the plaintext (shown once)."""
    if not user.is_active:
        raise TokenError(
            f"用户 {user.get_username()} 已停用,不能签发令牌。"
            f" / User {user.get_username()} is inactive."
        )
    if expires_in_days is not None and expires_in_days < 1:
        raise TokenError("有效天数须为正整数。 / --expires-days must be a positive number.")
    name = name.strip()[:100]
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token, prefix = _new_token()
        api_token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            token_hash=hash_token(token),
            expires_at=expires_at,
        )
        record_change(
            actor=actor,
            action="api_token.issue",
            object_type="api_token",
            object_ids=[prefix],
            details={
                "user": user.get_username(),
                "name": name,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return api_token, token


def revoke_token(*, actor: Actor, prefix: str) -> ApiToken:
    """Revoke the token named by ``prefix``. Revoking a revoked token changes nothing."""
    with transaction.atomic():
        api_token = (
            ApiToken.objects.select_for_update()
            .select_related("user")
            .filter(prefix=prefix)
            .first()
        )
        if api_token is None:
            raise TokenError(f"没有前缀为 {prefix} 的令牌。 / No token with prefix {prefix}.")
        if api_token.revoked_at is not None:
            return api_token
        api_token.revoked_at = timezone.now()
        api_token.save(update_fields=["revoked_at"])
        record_change(
            actor=actor,
            action="api_token.revoke",
            object_type="api_token",
            object_ids=[prefix],
            details={"user": api_token.user.get_username(), "name": api_token.name},
        )
    return api_token

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tongxin.access.policy import scopes_of


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's agencies and roles, for the page header."""
    return {"user_scopes": scopes_of(getattr(request, "user", None))}

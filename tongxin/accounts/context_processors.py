from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tongxin.access.policy import scopes_of
from tongxin.support.models import PROVIDERS

# Agencies that provide a support pathway receive referrals: their 转介 link opens the
# incoming list; everyone else's opens what they sent.
RECEIVING_KINDS = frozenset(kind for kinds in PROVIDERS.values() for kind in kinds)


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's agencies and roles, for the page header."""
    scopes = scopes_of(getattr(request, "user", None))
    return {
        "user_scopes": scopes,
        "receives_referrals": any(scope.agency_kind in RECEIVING_KINDS for scope in scopes),
    }

"""The AccessEvent of a page or endpoint that is about to show people data: who (the
request's user, on which channel), for which agency, which records. Written before the
data leaves, so a failed audit write fails the response."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tongxin.access import policy
from tongxin.audit.record import Actor, record_disclosure


def disclose(
    request: HttpRequest,
    action: str,
    object_type: str,
    object_ids: list[Any],
    details: dict[str, Any] | None = None,
    *,
    channel: str = "web",
) -> None:
    record_disclosure(
        actor=Actor.from_request(request, channel=channel),
        action=action,
        object_type=object_type,
        object_ids=object_ids,
        details=details,
        agency_name=policy.primary_agency_name(request.user),
    )

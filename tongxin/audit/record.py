"""Writing audit rows. Every action function calls ``record_change`` inside its transaction;
every disclosure calls ``record_disclosure`` before the data leaves the server. Both raise if
the row cannot be written, so a failed audit write fails the action or the disclosure."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tongxin.audit.models import AccessEvent, AuditEvent, ChainedEvent, ChainHead


@dataclass(frozen=True)
class Actor:
    """Who acts, through which channel; passed to every action function."""

    user: Any  # a User, or None for the system itself
    channel: str  # "web", "api", "cli" or "system"
    ip_address: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = "web") -> Actor:
        user: Any = request.user
        if isinstance(user, AnonymousUser):
            user = None
        return cls(user=user, channel=channel, ip_address=request.META.get("REMOTE_ADDR", ""))

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, channel="system")

    @classmethod
    def cli(cls, user: AbstractBaseUser | None = None) -> Actor:
        return cls(user=user, channel="cli")

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user is not None else ""


def chain_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key: bytes = settings.TONGXIN_AUDIT_KEY
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def _append(
    model: type[ChainedEvent],
    chain: str,
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_ids: Iterable[object],
    details: dict[str, Any] | None,
    agency_name: str,
) -> ChainedEvent:
    ids = [str(object_id) for object_id in object_ids]
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(chain=chain)
        event = model(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor=actor.user,
            actor_username=actor.username,
            agency_name=agency_name,
            channel=actor.channel,
            ip_address=actor.ip_address,
            action=action,
            object_type=object_type,
            object_ids=ids,
            subject_id=ids[0] if len(ids) == 1 else "",
            # Round-trip through JSON so the hashed content equals what the database returns.
            details=json.loads(json.dumps(details or {}, ensure_ascii=False, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = chain_hash(event.chained_content())
        event.save()
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def record_change(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_ids: Iterable[object],
    details: dict[str, Any] | None = None,
    agency_name: str = "",
) -> AuditEvent:
    event = _append(
        AuditEvent,
        "audit",
        actor=actor,
        action=action,
        object_type=object_type,
        object_ids=object_ids,
        details=details,
        agency_name=agency_name,
    )
    assert isinstance(event, AuditEvent)
    return event


def record_disclosure(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_ids: Iterable[object],
    details: dict[str, Any] | None = None,
    agency_name: str = "",
) -> AccessEvent:
    event = _append(
        AccessEvent,
        "access",
        actor=actor,
        action=action,
        object_type=object_type,
        object_ids=object_ids,
        details=details,
        agency_name=agency_name,
    )
    assert isinstance(event, AccessEvent)
    return event

"""Append-only, hash-chained audit of writes (AuditEvent) and disclosures (AccessEvent).

Each row carries ``seq`` (1, 2, 3, … per chain), the previous row's hash and its own hash:
an HMAC-SHA256 over the row's canonical content under TONGXIN_AUDIT_KEY, which is not in the
database, so whoever can edit rows cannot recompute the chain. ``ChainHead`` holds the last
seq and hash of each chain: appending locks it (serialising writers) and ``tongxin audit
verify`` compares it with the last row, so deleting the newest rows is detected too.
Database triggers (migration 0002) refuse UPDATE and DELETE on both tables.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class ChainedEvent(models.Model):
    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(_("时间"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("操作人账号"), max_length=150, blank=True)
    agency_name = models.CharField(_("机构"), max_length=100, blank=True)
    channel = models.CharField(_("渠道"), max_length=8)  # web / api / cli / system
    ip_address = models.CharField(_("IP"), max_length=45, blank=True)
    action = models.CharField(_("动作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_ids = models.JSONField(_("对象"), default=list)
    # The one object a row is about (object_ids[0] when there is exactly one), so the history
    # of one file is an indexed lookup rather than a scan of a JSON list. Derived, not hashed:
    # verify checks that it agrees with object_ids, which are.
    subject_id = models.CharField(_("主体"), max_length=64, blank=True, default="")
    details = models.JSONField(_("详情"), default=dict)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True
        ordering = ["seq"]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.action} {self.object_type} ({self.actor_username or self.channel})"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit rows are append-only")

    def chained_content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "agency_name": self.agency_name,
            "channel": self.channel,
            "ip_address": self.ip_address,
            "action": self.action,
            "object_type": self.object_type,
            "object_ids": self.object_ids,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }


class AuditEvent(ChainedEvent):
    """A state change, written by the action function in the same transaction."""

    class Meta(ChainedEvent.Meta):
        verbose_name = _("操作审计")
        verbose_name_plural = _("操作审计")
        indexes = [
            # audit trail of one record: object_type + occurred_at filter in the person page
            # history of one record (person page): object_type = … AND subject_id = … ORDER BY seq
            models.Index(
                fields=["object_type", "subject_id", "seq"], name="auditevent_subject_idx"
            ),
            models.Index(fields=["actor", "occurred_at"], name="auditevent_actor_idx"),
        ]


class AccessEvent(ChainedEvent):
    """A disclosure: a detail view, the hits of a list or search, an export, an API read."""

    class Meta(ChainedEvent.Meta):
        verbose_name = _("访问审计")
        verbose_name_plural = _("访问审计")
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="accessevent_actor_idx"),
        ]


class ChainHead(models.Model):
    chain = models.CharField(max_length=16, primary_key=True)  # "audit" or "access"
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"{self.chain}@{self.last_seq}"

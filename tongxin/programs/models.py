"""Enrollments in programs and the casework rows hanging off them.

Work queues read precomputed, indexed columns (``next_contact_due_on``, partial indexes on
open rows), never rules evaluated row by row. Closed programs (HIV) are stored under a keyed
program code and their details encrypted, so a database dump does not say who has HIV.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.lib.field_crypto import EncryptedTextField
from tongxin.organisation.models import Agency
from tongxin.people.models import Person


class Enrollment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="enrollments"
    )
    # The program's code, or for closed programs a keyed code (registry.storage_code).
    program = models.CharField(_("项目"), max_length=32)
    status = models.CharField(_("状态"), max_length=24)
    level = models.CharField(_("管理等级"), max_length=24, blank=True)
    risk_level = models.PositiveSmallIntegerField(_("危险性等级"), null=True, blank=True)
    category = models.CharField(_("类别"), max_length=32, blank=True)
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("负责机构"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("开始日期"))
    planned_end_on = models.DateField(_("计划结束日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=32, blank=True)
    details_text = EncryptedTextField(_("项目信息"), null=True, blank=True)
    # Denormalised from the open contacts; recomputed by every action that touches them.
    next_contact_due_on = models.DateField(_("下次联系"), null=True, blank=True)
    lost_contact_since = models.DateField(_("失联起始"), null=True, blank=True)
    source_enrollment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ons",
        help_text=_("自动转入本项目的来源,例如解除矫正后的安置帮教。"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("项目登记")
        verbose_name_plural = _("项目登记")
        indexes = [
            # enrollments_visible_to(): program + owner agency scope
            models.Index(fields=["program", "owner_agency", "status"], name="enrol_scope_idx"),
            # work queue: my open cases by next due date
            models.Index(
                fields=["responsible_worker", "next_contact_due_on"],
                name="enrol_worker_due_idx",
                condition=Q(ended_on__isnull=True),
            ),
            # unassigned cases of an agency
            models.Index(
                fields=["owner_agency"],
                name="enrol_unassigned_idx",
                condition=Q(responsible_worker__isnull=True, ended_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.program}:{self.status}"

    @property
    def details(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.details_text) if self.details_text else {}
        return loaded

    @details.setter
    def details(self, value: dict[str, Any]) -> None:
        self.details_text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class LevelChange(models.Model):
    """History of an enrollment's level: who, when, why."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="level_changes"
    )
    from_level = models.CharField(max_length=24, blank=True)
    to_level = models.CharField(max_length=24)
    risk_level = models.PositiveSmallIntegerField(null=True, blank=True)
    effective_on = models.DateField()
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_level}→{self.to_level}"


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("走访")
    OFFICE_REPORT = "office_report", _("到所报告")
    PHONE = "phone", _("电话联系")
    VIDEO = "video", _("视频联系")
    WRITTEN_REPORT = "written_report", _("书面报告")
    FOLLOW_UP = "follow_up", _("随访")


class ContactStatus(models.TextChoices):
    PLANNED = "planned", _("待完成")
    DONE = "done", _("已完成")
    MISSED = "missed", _("未完成")
    EXCUSED = "excused", _("免除")
    CANCELLED = "cancelled", _("已取消")


class Contact(models.Model):
    """One scheduled or recorded visit, report or follow-up, as a row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(_("方式"), max_length=16, choices=ContactKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=ContactStatus.choices, default=ContactStatus.PLANNED
    )
    due_on = models.DateField(_("应完成日期"))
    window_ends_on = models.DateField(_("最迟日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    outcome = EncryptedTextField(_("情况记录"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["due_on", "id"]
        indexes = [
            # scan_missed_contacts(): planned rows whose window has closed
            models.Index(
                fields=["window_ends_on"],
                name="contact_open_window_idx",
                condition=Q(status="planned"),
            ),
        ]
        constraints = [
            # At most one planned contact per enrollment: the next one.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="planned"),
                name="contact_one_planned_per_enrollment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}@{self.due_on}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("未到期")
    MET = "met", _("已完成")
    MISSED = "missed", _("已逾期")
    WAIVED = "waived", _("已撤销")


class Deadline(models.Model):
    """A legal deadline derived from an event, with its citation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="deadlines")
    code = models.CharField(max_length=40)
    due_on = models.DateField(_("期限"))
    citation = models.CharField(_("依据"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=8, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    met_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法定期限")
        verbose_name_plural = _("法定期限")
        ordering = ["due_on", "id"]
        indexes = [
            # scan_deadlines() and the work queue: open deadlines by date
            models.Index(fields=["due_on"], name="deadline_open_idx", condition=Q(status="open")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "code"],
                condition=Q(status="open"),
                name="deadline_one_open_per_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}@{self.due_on}"


class AlertKind(models.TextChoices):
    CONTACT_MISSED = "contact_missed", _("联系逾期未完成")
    DEADLINE_MISSED = "deadline_missed", _("法定期限已过")
    LOST_TO_FOLLOW_UP = "lost_to_follow_up", _("失访")
    UNASSIGNED = "unassigned", _("无责任人")


class Alert(models.Model):
    """Something a person must act on. One open alert per cause (``cause_key``)."""

    kind = models.CharField(_("类型"), max_length=24, choices=AlertKind.choices)
    cause_key = models.CharField(max_length=120)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="alerts")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(_("发出日期"))
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        indexes = [
            # the work queue: open alerts of an agency
            models.Index(
                fields=["owner_agency", "raised_on"],
                name="alert_open_idx",
                condition=Q(resolved_at__isnull=True),
            ),
        ]
        constraints = [
            # Never flood: a cause raises one open alert, however often the scan runs.
            models.UniqueConstraint(
                fields=["cause_key"],
                condition=Q(resolved_at__isnull=True),
                name="alert_one_open_per_cause",
            )
        ]

    def __str__(self) -> str:
        return self.cause_key

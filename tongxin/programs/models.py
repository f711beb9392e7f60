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


def json_view(text_attribute: str) -> Any:
    """A dict view over an encrypted text column holding JSON (details, inputs, payloads)."""

    def read(instance: models.Model) -> dict[str, Any]:
        text = getattr(instance, text_attribute)
        loaded: dict[str, Any] = json.loads(text) if text else {}
        return loaded

    def write(instance: models.Model, value: dict[str, Any]) -> None:
        setattr(
            instance,
            text_attribute,
            json.dumps(value, ensure_ascii=False, sort_keys=True, default=str),
        )

    return property(read, write)


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

    details = json_view("details_text")

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


# -- teams ---------------------------------------------------------------------------------


class TeamKind(models.TextChoices):
    CORRECTION = "correction", _("矫正小组")
    AID = "aid", _("帮教小组")
    CARE = "care", _("关爱帮扶小组")
    DRUG = "drug", _("社区戒毒(康复)工作小组")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("组长")
    JUSTICE_STAFF = "justice_staff", _("司法所工作人员")
    VILLAGE_CADRE = "village_cadre", _("村(居)委会人员")
    FAMILY = "family", _("家庭成员或监护人")
    EMPLOYER = "employer", _("所在单位或学校人员")
    SOCIAL_WORKER = "social_worker", _("社会工作者")
    VOLUNTEER = "volunteer", _("志愿者")
    POLICE = "police", _("社区民警")
    DOCTOR = "doctor", _("精防医生/社区医务人员")
    MINORS_SPECIALIST = "minors_specialist", _("熟悉未成年人身心特点的人员")


class Team(models.Model):
    """The team around one case (社区矫正法 art 25, 戒毒条例 art 17, care teams)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="team")
    kind = models.CharField(_("小组类别"), max_length=12, choices=TeamKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("小组")
        verbose_name_plural = _("小组")

    def __str__(self) -> str:
        return f"{self.kind}:{self.enrollment_id}"


class TeamMember(models.Model):
    """A member: staff with a login, or family, cadres and volunteers without one."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("角色"), max_length=20, choices=TeamRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=[("M", _("男")), ("F", _("女"))])
    phone = EncryptedTextField(_("联系电话"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        ordering = ["joined_on", "id"]

    def __str__(self) -> str:
        return self.name


# -- assessments ---------------------------------------------------------------------------


class AssessmentKind(models.TextChoices):
    MENTAL_HEALTH_RISK = "mh_risk", _("危险性评估")
    CORRECTIONS_CLASSIFICATION = "classification", _("分类管理评估")


class Assessment(models.Model):
    """A risk or classification assessment; it may propose a level change for approval."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("类别"), max_length=16, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("评估日期"))
    risk_level = models.PositiveSmallIntegerField(_("危险性等级"), null=True, blank=True)
    inputs_text = EncryptedTextField(_("评估内容"), null=True, blank=True)
    proposed_level = models.CharField(_("建议等级"), max_length=24, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评估")
        verbose_name_plural = _("评估")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}@{self.assessed_on}"

    inputs = json_view("inputs_text")


# -- approvals -----------------------------------------------------------------------------


class ApprovalKind(models.TextChoices):
    LEAVE = "leave", _("外出")
    FREQUENT_TRAVEL = "frequent_travel", _("经常性跨市县活动")
    RESIDENCE_CHANGE = "residence_change", _("变更执行地")
    LEVEL_CHANGE = "level_change", _("管理等级调整")
    VISITOR = "visitor", _("会客")
    PROHIBITED_PLACE = "prohibited_place", _("进入特定区域场所")


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    REVIEWED = "reviewed", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class Approval(models.Model):
    """A request decided in one or two steps (司法所 review → county approval)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="approvals")
    kind = models.CharField(_("事项"), max_length=20, choices=ApprovalKind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    # Which agency kind decides the last step ("justice_office", "justice_bureau", "higher").
    approver_level = models.CharField(_("审批层级"), max_length=20)
    steps_required = models.PositiveSmallIntegerField(_("审批步骤"), default=2)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    payload_text = EncryptedTextField(_("申请内容"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("申请日期"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["-requested_on", "-id"]
        indexes = [
            # approvals waiting for a decision (work queue)
            models.Index(
                fields=["status", "approver_level"],
                name="approval_open_idx",
                condition=Q(status__in=["submitted", "reviewed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.status}"

    payload = json_view("payload_text")


class ApprovalStep(models.Model):
    """One recorded decision: who, when, agree or not, and the written opinion."""

    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(
        _("环节"), max_length=8, choices=[("review", _("审核")), ("approve", _("审批"))]
    )
    agreed = models.BooleanField(_("同意"))
    opinion = models.TextField(_("意见"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.step}:{self.agreed}"


# -- sanctions, rewards, lost contact --------------------------------------------------------


class MeasureKind(models.TextChoices):
    PRAISE = "praise", _("表扬")
    REPRIMAND = "reprimand", _("训诫")
    WARNING = "warning", _("警告")
    PROPOSE_PUBLIC_SECURITY = "propose_public_security", _("提请治安管理处罚")
    PROPOSE_REVOKE_PROBATION = "propose_revoke_probation", _("提请撤销缓刑")
    PROPOSE_REVOKE_PAROLE = "propose_revoke_parole", _("提请撤销假释")
    PROPOSE_IMPRISON = "propose_imprison", _("提请收监执行")


class Measure(models.Model):
    """A decided reward or sanction, with the reason, evidence and the suggestion it answered."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("类别"), max_length=28, choices=MeasureKind.choices)
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("事实与理由"))
    evidence = EncryptedTextField(_("证据材料"), null=True, blank=True)
    suggestion = models.CharField(_("系统建议"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("奖惩")
        verbose_name_plural = _("奖惩")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind}@{self.decided_on}"


class LostContact(models.Model):
    """An episode of lost contact (脱管/失联): searched for, police notified, found or not."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="lost_contacts"
    )
    since_on = models.DateField(_("失联日期"))
    police_notified_on = models.DateField(_("通报公安日期"), null=True, blank=True)
    found_on = models.DateField(_("找到日期"), null=True, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("失联记录")
        verbose_name_plural = _("失联记录")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(found_on__isnull=True),
                name="lost_contact_one_open_per_enrollment",
            )
        ]

    def __str__(self) -> str:
        return f"lost since {self.since_on}"


class SearchAction(models.Model):
    """One search step: phone, visit, information check, police request (社区矫正法 art 30)."""

    episode = models.ForeignKey(LostContact, on_delete=models.PROTECT, related_name="searches")
    on_date = models.DateField(_("日期"))
    method = models.CharField(
        _("方式"),
        max_length=12,
        choices=[
            ("phone", _("电话")),
            ("visit", _("实地查找")),
            ("info_check", _("信息化核查")),
            ("police", _("请公安协查")),
        ],
    )
    outcome = EncryptedTextField(_("结果"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on_date", "id"]

    def __str__(self) -> str:
        return f"{self.method}@{self.on_date}"

"""Import batches and their rows: what was imported from which file, by whom, with what result.

A batch is one uploaded file of one roster kind for one importing agency. Its rows are the
row report: every spreadsheet row with its outcome, the person it created or matched, and
the reasons (errors or notes) in the active language. The cleaned values of a row hold ID
numbers, phones and addresses, so they are stored encrypted; the reasons are too, because a
message may quote the cell it is about (a phone number written wrongly).
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
from tongxin.programs.models import Enrollment, json_view


class RosterKindChoice(models.TextChoices):
    # The same codes as ``reading.RosterKind``; labels for pages and reports.
    RELEASE_NOTICE = "release_notice", _("刑满释放人员通知")
    CORRECTIONS_INTAKE = "corrections_intake", _("社区矫正对象交付接收")
    POLICE_ROSTER = "police_roster", _("公安列管名单")


class BatchStatus(models.TextChoices):
    CHECKING = "checking", _("检查中")
    PREVIEW = "preview", _("待确认导入")
    COMMITTING = "committing", _("导入中")
    REJECTED = "rejected", _("已驳回")
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("导入失败")


class Outcome(models.TextChoices):
    CREATED = "created", _("新建档案")
    MATCHED = "matched", _("匹配已有人员")
    UNCHANGED = "unchanged", _("已导入过,未变")
    POSSIBLE_DUPLICATE = "possible_duplicate", _("疑似重复,待核对")
    EXISTS_ELSEWHERE = "exists_elsewhere", _("已在其他机构建档")
    NOT_IN_REGISTRY = "not_in_registry", _("登记中无此人")
    VALID = "valid", _("本行无误(文件被驳回,未导入)")
    REJECTED = "rejected", _("有误")


# The outcome columns of a batch, in report order.
COUNTED_OUTCOMES = (
    Outcome.CREATED,
    Outcome.MATCHED,
    Outcome.UNCHANGED,
    Outcome.POSSIBLE_DUPLICATE,
    Outcome.EXISTS_ELSEWHERE,
    Outcome.NOT_IN_REGISTRY,
    Outcome.VALID,
    Outcome.REJECTED,
)


class ImportBatch(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("名单类型"), max_length=24, choices=RosterKindChoice.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    size = models.PositiveBigIntegerField(_("文件大小"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("导入机构"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The channel of the request that commits ("web", "api", "cli"): the background task
    # writes the audit row in that person's name and channel.
    channel = models.CharField(max_length=8, default="web")
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.CHECKING
    )
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    created_count = models.PositiveIntegerField(_("新建"), default=0)
    matched_count = models.PositiveIntegerField(_("匹配"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    possible_duplicate_count = models.PositiveIntegerField(_("疑似重复"), default=0)
    exists_elsewhere_count = models.PositiveIntegerField(_("他处建档"), default=0)
    not_in_registry_count = models.PositiveIntegerField(_("登记中无此人"), default=0)
    valid_count = models.PositiveIntegerField(_("无误未导入"), default=0)
    rejected_count = models.PositiveIntegerField(_("有误"), default=0)
    progress_done = models.PositiveIntegerField(_("已处理"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    error_message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名单导入批次")
        verbose_name_plural = _("名单导入批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is imported once per kind and agency; previews and rejected
            # attempts may repeat, a second commit may not (a race ends here).
            models.UniqueConstraint(
                fields=["kind", "agency", "sha256"],
                condition=Q(status="committed"),
                name="importbatch_one_commit_per_file",
            )
        ]
        indexes = [
            # the agency's import list: agency = … ORDER BY created_at DESC
            models.Index(fields=["agency", "created_at"], name="importbatch_agency_idx"),
            # already imported?: kind = … AND agency = … AND sha256 = … AND status = committed
            models.Index(fields=["sha256"], name="importbatch_sha_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.file_name}:{self.status}"

    def count_of(self, outcome: str) -> int:
        return int(getattr(self, f"{outcome}_count"))

    def set_counts(self, counts: dict[str, int]) -> None:
        for outcome in COUNTED_OUTCOMES:
            setattr(self, f"{outcome}_count", counts.get(outcome, 0))
        self.row_count = sum(counts.values())

    @property
    def counts(self) -> dict[str, int]:
        return {str(outcome): self.count_of(outcome) for outcome in COUNTED_OUTCOMES}


def _json_list_view(text_attribute: str) -> Any:
    """A list view over an encrypted text column holding a JSON array."""

    def read(instance: models.Model) -> list[Any]:
        text = getattr(instance, text_attribute)
        loaded: list[Any] = json.loads(text) if text else []
        return loaded

    def write(instance: models.Model, value: list[Any]) -> None:
        setattr(instance, text_attribute, json.dumps(value, ensure_ascii=False) if value else None)

    return property(read, write)


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="rows")
    row_number = models.PositiveIntegerField(_("行号"))
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    # The person created or matched; for a possible duplicate the first candidate.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The enrollment this row opened, or the existing one it found unchanged.
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Public ids of the people a possible duplicate may be (all within the importer's scope).
    candidates = models.JSONField(default=list, blank=True)
    # The linkage's view of each candidate, in the order of ``candidates``: {"person": uuid,
    # "score": 0–100, "method": linkage.Method, "evidence": {"name": …, "birth": …, "id": …,
    # "sex": …, "place": bool}}, for the review (tongxin.dedup).
    scored_candidates = models.JSONField(default=list, blank=True)
    values_text = EncryptedTextField(_("清洗后的内容"), null=True, blank=True)
    reasons_text = EncryptedTextField(_("原因"), null=True, blank=True)
    # HMAC of kind + ID number + the event date (release or judgment): the same row in
    # another file of the same kind has the same key, without the number in plaintext.
    natural_key_index = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("名单导入行")
        verbose_name_plural = _("名单导入行")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="importrow_unique_row")
        ]
        indexes = [
            # earlier imports of the same row: natural_key_index IN (…)
            models.Index(fields=["natural_key_index"], name="importrow_natural_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}:{self.outcome}"

    values = json_view("values_text")
    reasons = _json_list_view("reasons_text")


# -- reconciliation ---------------------------------------------------------------------------


class RunStatus(models.TextChoices):
    # A run is written whole in one transaction: there is no state in between.
    DONE = "done", _("已完成")


class DiscrepancyKind(models.TextChoices):
    ROSTER_ONLY = "roster_only", _("名单有、登记无(疑似漏管)")
    REGISTRY_ONLY = "registry_only", _("登记有、名单无")
    MISMATCH = "mismatch", _("信息不一致")
    REVIEW = "review", _("疑似同一人,待确认")


class DiscrepancyStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已处理")


class Resolution(models.TextChoices):
    REGISTERED = "registered", _("已登记建档")
    NOT_OURS = "not_ours", _("非本辖区")
    ALREADY_KNOWN = "already_known", _("已掌握")
    CORRECTED = "corrected", _("已更正")
    CONFIRMED_MATCH = "confirmed_match", _("确认为同一人")
    NOT_A_MATCH = "not_a_match", _("确认非同一人")


class ReconciliationRun(models.Model):
    """One reconciliation of a partner's roster against the registry: a dated snapshot.

    The file is named by its name and SHA-256 (a reconciliation imports nothing, so there is
    no import batch). The counts are of this run; its discrepancies are the worklist.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("名单类型"), max_length=24, choices=RosterKindChoice.choices)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    used_partner_key = models.BooleanField(_("使用身份证号哈希"), default=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("核对机构"), on_delete=models.PROTECT, related_name="+"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核对人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=RunStatus.choices, default=RunStatus.DONE
    )
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    matched_count = models.PositiveIntegerField(_("匹配"), default=0)
    review_count = models.PositiveIntegerField(_("待确认"), default=0)
    roster_only_count = models.PositiveIntegerField(_("名单有、登记无"), default=0)
    registry_only_count = models.PositiveIntegerField(_("登记有、名单无"), default=0)
    mismatch_count = models.PositiveIntegerField(_("信息不一致"), default=0)
    invalid_count = models.PositiveIntegerField(_("有误行"), default=0)
    created_at = models.DateTimeField(_("核对时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("名单核对")
        verbose_name_plural = _("名单核对")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "created_at"], name="reconrun_agency_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.file_name}:{self.created_at:%Y-%m-%d}"

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.row_count,
            "matched": self.matched_count,
            "review": self.review_count,
            "roster_only": self.roster_only_count,
            "registry_only": self.registry_only_count,
            "mismatch": self.mismatch_count,
            "invalid": self.invalid_count,
        }


class Discrepancy(models.Model):
    """One item of the reconciliation worklist, for ``agency`` to resolve.

    A roster-only row (someone the police list whom no open case covers: a 漏管 candidate)
    is assigned to the 司法所 of the row's residence, so it is that office's alert to act
    on. ``subject_key`` names the person (``person:<id>``) or, for a roster-only row, a
    keyed hash of its ID number: a later run that finds the same open discrepancy links to
    it (``last_run``) instead of adding a second one.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("发现于"),
        on_delete=models.PROTECT,
        related_name="discrepancies",
    )
    last_run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("最近一次核对"),
        on_delete=models.PROTECT,
        related_name="seen_discrepancies",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=DiscrepancyKind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("负责机构"), on_delete=models.PROTECT, related_name="+"
    )
    row_number = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    candidates = models.JSONField(default=list, blank=True)
    subject_key = models.CharField(max_length=80)
    # {"roster": {field: value}, "registry": {field: value}}: only the values that differ,
    # or for a roster-only row the row as the partner sent it.
    values_text = EncryptedTextField(_("名单与登记的内容"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=DiscrepancyStatus.choices, default=DiscrepancyStatus.OPEN
    )
    resolution = models.CharField(
        _("处理结果"), max_length=16, choices=Resolution.choices, blank=True
    )
    note_text = EncryptedTextField(_("处理说明"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("核对差异")
        verbose_name_plural = _("核对差异")
        ordering = ["run", "kind", "row_number", "id"]
        constraints = [
            # One open item per subject, kind and responsible agency: a rerun links to it.
            models.UniqueConstraint(
                fields=["kind", "agency", "subject_key"],
                condition=Q(status="open"),
                name="discrepancy_one_open_per_subject",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="discrepancy_worklist_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.row_number}:{self.status}"

    values = json_view("values_text")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("核对中")
    DONE = "done", _("已完成")
    REFUSED = "refused", _("未核对")
    FAILED = "failed", _("核对失败")


# A job in one of these states has let go of its file.
FINISHED_JOB_STATUSES = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class ReconciliationJob(models.Model):
    """A reconciliation asked for on the web page and run by a background task.

    The uploaded file waits here, encrypted, until the task has read it, and is dropped as
    soon as the job ends whatever its outcome: a reconciliation keeps the run and its
    worklist, never the partner's file. ``partner`` is the name the county derives the
    partner's hash key from (``keyed_hash.partner_key``); empty for plain ID numbers.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("核对机构"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核对人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The channel of the request: the task writes the run's audit rows in that person's
    # name and channel.
    channel = models.CharField(max_length=8, default="web")
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    partner = models.CharField(_("合作单位"), max_length=100, blank=True)
    content_text = EncryptedTextField(null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    message = models.TextField(_("说明"), blank=True)
    run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("核对结果"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名单核对任务")
        verbose_name_plural = _("名单核对任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "created_at"], name="reconjob_agency_idx")]

    def __str__(self) -> str:
        return f"{self.file_name}:{self.status}"

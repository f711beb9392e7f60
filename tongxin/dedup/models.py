"""Candidate pairs (``MatchCandidate``) and merges (``PersonMerge``)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.lib.field_crypto import EncryptedTextField
from tongxin.people.models import Person
from tongxin.rosters.models import ImportRow


class PairKind(models.TextChoices):
    IMPORT_ROW = "import_row", _("名单行与已有档案")
    PEOPLE = "people", _("两份档案")


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("待核对")
    SAME = "same", _("同一人")
    NOT_SAME = "not_same", _("不是同一人")


class MatchCandidate(models.Model):
    """Two records that may be one human, with the linkage's score and evidence.

    ``person`` is the registered file (for two files: the older one). ``other_person`` is the
    second file of a pair of files; for an import row it is the file created from the row
    once the row was decided "not the same". ``subject_key`` names an import row's human
    (blind index of its ID number, else of its name and birth date), so a decision about the
    row is remembered for the same row in later files.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类别"), max_length=12, choices=PairKind.choices)
    import_row = models.ForeignKey(
        ImportRow,
        verbose_name=_("名单行"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_key = models.CharField(max_length=64, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("已有档案"), on_delete=models.PROTECT, related_name="+"
    )
    other_person = models.ForeignKey(
        Person,
        verbose_name=_("另一份档案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.FloatField(_("相似度"))
    method = models.CharField(_("发现方式"), max_length=16)
    # The linkage's agreements: {"name": "same_sound", "birth": "same", "id": "missing",
    # "sex": "same", "place": false}.
    evidence = models.JSONField(_("依据"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核对人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    reason_text = EncryptedTextField(_("核对说明"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("疑似重复")
        verbose_name_plural = _("疑似重复")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_row", "person"],
                condition=Q(kind="import_row"),
                name="matchcandidate_one_per_row_and_person",
            ),
            # A pair of files is asked once while open (the scan keeps person < other).
            models.UniqueConstraint(
                fields=["person", "other_person"],
                condition=Q(kind="people", status="open"),
                name="matchcandidate_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="matchcandidate_queue_idx"),
            models.Index(fields=["subject_key"], name="matchcandidate_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.person_id}:{self.status}"

    @property
    def reason(self) -> str:
        return self.reason_text or ""


class PersonMerge(models.Model):
    """One file merged into another. ``moved`` lists, per model and field, the primary keys
    of the rows re-pointed from ``merged`` to ``survivor``: an unmerge moves exactly those
    back, so rows written on the survivor after the merge stay where they are."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survivor = models.ForeignKey(
        Person, verbose_name=_("保留的档案"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        Person, verbose_name=_("被合并的档案"), on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        MatchCandidate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {"programs.Enrollment.person": [ids], ...}
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("合并人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("合并时间"))
    reason_text = EncryptedTextField(_("合并理由"), null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unmerged_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    unmerge_reason_text = EncryptedTextField(_("撤销理由"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案合并")
        verbose_name_plural = _("档案合并")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(unmerged_at__isnull=True),
                name="personmerge_one_active_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.merged_id}->{self.survivor_id}"

    @property
    def is_active(self) -> bool:
        return self.unmerged_at is None

    @property
    def moved_count(self) -> int:
        rows: dict[str, Any] = self.moved
        return sum(len(ids) for ids in rows.values())


def awaiting_review(pairs: models.QuerySet[MatchCandidate]) -> models.QuerySet[MatchCandidate]:
    """The open pairs still to decide. A pair of files one of which was merged meanwhile
    waits: while the merge holds the question is about the survivor (the scan proposes that
    pair), and if the merge is undone the pair is back as it was."""
    return (
        pairs.filter(status=CandidateStatus.OPEN)
        .exclude(kind=PairKind.PEOPLE, person__merged_into__isnull=False)
        .exclude(kind=PairKind.PEOPLE, other_person__merged_into__isnull=False)
    )

"""Request and response bodies of the assessment endpoints.

An assessment travels with its UUID, kind, date, the risk level (mental health) and the level
it leads to. Its inputs (including the notes) and the level-change proposal it filed are
casework: given only to users who may work the case. Values are checked by the assessment
actions, whose messages name the field and the fix (a risk level outside 0–5, a score outside
0–100), so the bodies accept any number here.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from tongxin.programs.assessments import AssessmentOutcome
from tongxin.programs.models import Approval, ApprovalStatus, Assessment
from tongxin.programs.registry import ProgramSpec


class ProposalOut(Schema):
    """The level-change approval an assessment filed; it is decided with the case's approvals."""

    uuid: uuid_module.UUID
    level: str
    level_label: str
    status: str
    status_label: str

    @classmethod
    def from_approval(cls, approval: Approval, spec: ProgramSpec) -> ProposalOut:
        level = approval.payload.get("level", "")
        return cls(
            uuid=approval.uuid,
            level=level,
            level_label=str(spec.level_labels.get(level, level)),
            status=approval.status,
            status_label=str(ApprovalStatus(approval.status).label),
        )


class AssessmentOut(Schema):
    uuid: uuid_module.UUID
    kind: str
    kind_label: str
    assessed_on: dt.date
    risk_level: int | None = Field(description="危险性等级 0–5(精神卫生)/ mental-health risk")
    proposed_level: str = Field(description="评估得出的等级 / the level the assessment leads to")
    proposed_level_label: str
    assessor: str = Field(description="评估人用户名 / the assessor's username")
    inputs: dict[str, Any] | None = Field(
        description="评估内容和理由,仅负责机构可见 / inputs and reasons, for the case's agency only"
    )
    proposal: ProposalOut | None = Field(
        description="提出的等级调整申请,仅负责机构可见 / the level-change proposal, if any"
    )

    @classmethod
    def from_assessment(
        cls,
        assessment: Assessment,
        spec: ProgramSpec,
        *,
        casework: bool,
        proposal: Approval | None,
    ) -> AssessmentOut:
        level = assessment.proposed_level
        return cls(
            uuid=assessment.uuid,
            kind=assessment.kind,
            kind_label=str(assessment.get_kind_display()),
            assessed_on=assessment.assessed_on,
            risk_level=assessment.risk_level,
            proposed_level=level,
            proposed_level_label=str(spec.level_labels.get(level, level)),
            assessor=assessment.assessor.get_username(),
            inputs=assessment.inputs if casework else None,
            proposal=(
                ProposalOut.from_approval(proposal, spec)
                if casework and proposal is not None
                else None
            ),
        )


class CaseAssessmentsOut(Schema):
    case: uuid_module.UUID
    items: list[AssessmentOut] = Field(description="最近的在前 / newest first")


class AssessmentRecordedOut(Schema):
    assessment: AssessmentOut
    notice: str = Field(
        description="未提出调整的原因(已有申请在审批)/ why no proposal was filed, if so"
    )

    @classmethod
    def from_outcome(cls, outcome: AssessmentOutcome, spec: ProgramSpec) -> AssessmentRecordedOut:
        return cls(
            assessment=AssessmentOut.from_assessment(
                outcome.assessment, spec, casework=True, proposal=outcome.proposal
            ),
            notice=outcome.notice,
        )


class RiskAssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assessed_on: dt.date
    risk_level: int = Field(description="危险性等级 0–5 / risk level 0 to 5")
    symptoms_controlled: bool = Field(description="精神症状基本消失 / symptoms largely gone")
    insight_good: bool = Field(description="自知力基本恢复 / insight largely recovered")
    social_function_good: bool = Field(description="社会功能一般或良好 / social function fair+")
    notes: str = Field("", max_length=2000, description="评估情况,加密保存 / notes, encrypted")


class ClassificationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assessed_on: dt.date
    reoffending_risk: str = Field(max_length=16, description="high / medium / low")
    public_security_penalty: bool = Field(False, description="受到治安管理处罚 / police penalty")
    failed_assessment: bool = Field(False, description="考核不合格 / failed an assessment")
    average_quarterly_score: float | None = Field(
        None, description="季度考核平均分 0–100 / average quarterly score"
    )
    notes: str = Field("", max_length=2000, description="评估情况,加密保存 / notes, encrypted")

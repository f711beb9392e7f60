"""Request and response bodies of the approval (审批) endpoints.

Approvals, cases and people travel as UUIDs, users as usernames, agencies by name (and the
destination of a change of execution place by its id, as the web form sends it). The request's
own fields (``request``) and the written opinions are casework: given only to users who may
work the case, and left out of the body for everyone else who may see it.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from tongxin.api.program_schemas import PersonRef
from tongxin.programs.approvals_display import STEP_LABELS, next_step, period
from tongxin.programs.models import Approval, ApprovalKind, ApprovalStatus, ApprovalStep
from tongxin.programs.registry import get_spec

KIND_CODES = " / ".join(ApprovalKind.values)
# Generous bounds against abuse; the action's own limits answer with its Chinese message.
TEXT_BOUND = 2000


class ApprovalStepOut(Schema):
    step: str = Field(description="review (审核) / approve (审批)")
    step_label: str
    agreed: bool
    opinion: str | None = Field(
        description="意见,仅负责机构可见 / the written opinion, for the case's agency only"
    )
    decided_by: str = Field(description="决定人用户名 / the decider's username")
    agency: str = Field(description="决定人所在机构 / the agency the decider acted for")
    decided_at: dt.datetime

    @classmethod
    def from_step(cls, step: ApprovalStep, *, casework: bool) -> ApprovalStepOut:
        return cls(
            step=step.step,
            step_label=str(STEP_LABELS.get(step.step, step.step)),
            agreed=step.agreed,
            opinion=step.opinion if casework else None,
            decided_by=step.decided_by.get_username(),
            agency=step.agency.name,
            decided_at=step.decided_at,
        )


class ApprovalOut(Schema):
    """One request with its steps. ``request`` and the opinions are left out of the body
    unless the caller may work the case (the endpoints drop unset fields)."""

    uuid: uuid_module.UUID
    case: uuid_module.UUID
    person: PersonRef
    program: str = Field(description="项目代码 / program code")
    program_label: str
    kind: str = Field(description=KIND_CODES)
    kind_label: str
    status: str = Field(description=" / ".join(ApprovalStatus.values))
    status_label: str
    steps_required: int = Field(description="1 或 2(审核后审批) / 1, or 2 (review then approve)")
    next_step: str | None = Field(description="review / approve;办结为 null / null once closed")
    next_step_label: str
    next_decider: str = Field(description="谁决定下一步 / who decides the next step")
    starts_on: dt.date | None
    ends_on: dt.date | None
    period: str = Field(description="日期说明 / the dates as shown on the web page")
    requested_on: dt.date
    requested_by: str = Field(description="申请人用户名 / the requester's username")
    version: int = Field(description="决定时回传 / send back when deciding")
    request: dict[str, Any] | None = Field(
        None, description="申请内容,仅负责机构可见 / the request's fields, for the case's agency"
    )
    steps: list[ApprovalStepOut]

    @classmethod
    def from_approval(
        cls,
        approval: Approval,
        *,
        casework: bool,
        steps: list[ApprovalStep],
        next_decider: str,
    ) -> ApprovalOut:
        enrollment = approval.enrollment
        spec = get_spec(enrollment.program)
        step = next_step(approval)
        fields: dict[str, Any] = {
            "uuid": approval.uuid,
            "case": enrollment.uuid,
            "person": PersonRef(uuid=enrollment.person.uuid, name=enrollment.person.name),
            "program": spec.code,
            "program_label": str(spec.label),
            "kind": approval.kind,
            "kind_label": str(ApprovalKind(approval.kind).label),
            "status": approval.status,
            "status_label": str(ApprovalStatus(approval.status).label),
            "steps_required": approval.steps_required,
            "next_step": step or None,
            "next_step_label": str(STEP_LABELS[step]) if step else "",
            "next_decider": next_decider,
            "starts_on": approval.starts_on,
            "ends_on": approval.ends_on,
            "period": period(approval),
            "requested_on": approval.requested_on,
            "requested_by": approval.requested_by.get_username(),
            "version": approval.version,
            "steps": [ApprovalStepOut.from_step(s, casework=casework) for s in steps],
        }
        if casework:
            fields["request"] = approval.payload
        return cls.model_validate(fields)


class ApprovalRequestIn(Schema):
    """A request; which fields a kind needs is the web form's (and the action says what is
    missing): leave and frequent travel ``destination``; visitor ``visitor_name``, ``place``
    and optionally ``time``; restricted place ``place``; change of execution place
    ``destination_agency`` and ``new_address``; level change ``level`` (and optionally
    ``risk_level``, ``assessment``). Every kind needs ``reason``."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=20, description=KIND_CODES)
    starts_on: dt.date | None = Field(None, description="开始日期(变更执行地为迁居日期)")
    ends_on: dt.date | None = Field(None, description="结束日期 / end date")
    reason: str = Field("", max_length=TEXT_BOUND, description="事由 / reason")
    destination: str = Field("", max_length=TEXT_BOUND, description="目的地 / destination")
    visitor_name: str = Field("", max_length=TEXT_BOUND, description="会见人姓名 / visitor")
    time: str = Field("", max_length=TEXT_BOUND, description="会客时间 / visiting hours")
    place: str = Field("", max_length=TEXT_BOUND, description="地点或场所 / place")
    new_address: str = Field("", max_length=TEXT_BOUND, description="新居住地址 / new address")
    destination_agency: int | None = Field(
        None, description="新执行地司法所或司法局的编号 / id of the new place's justice agency"
    )
    level: str = Field("", max_length=24, description="调整后的等级代码 / the new level's code")
    risk_level: int | None = Field(None, description="危险性等级 0–5 / risk level 0–5")
    assessment: uuid_module.UUID | None = Field(None, description="所依据的评估 / assessment")

    def payload(self) -> dict[str, Any]:
        """The kind's fields as the action reads them (it keeps only the kind's own)."""
        given = self.model_dump(exclude={"kind", "starts_on", "ends_on"}, exclude_none=True)
        if self.assessment is not None:
            given["assessment"] = str(self.assessment)
        return given


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    agreed: bool = Field(description="同意 true / 不同意 false(办结为不予批准)")
    opinion: str = Field(max_length=TEXT_BOUND, description="审核或审批意见 / written opinion")
    version: int = Field(description="读取时的版本号 / the approval's version that was read")

"""Request and response bodies of the case (enrollment) and work-queue endpoints.

Cases, people and contacts travel as UUIDs; programs as their public code (``corrections``),
never the keyed storage code of a closed program; workers as usernames. Labels follow the
request's language. Program details and casework notes (contact outcomes, reasons for level
changes) are given only to users who may work the case; everyone else who may see the case
gets its status, level and dates.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

from tongxin.programs.models import (
    Alert,
    AlertKind,
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Contact,
    ContactKind,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
    LevelChange,
)
from tongxin.programs.queue import SummaryRow, WorkQueue
from tongxin.programs.registry import ProgramSpec, get_spec

# -- queries -------------------------------------------------------------------------------


class CaseQuery(Schema):
    program: str = Field("", max_length=32, description="项目代码 / program code, e.g. corrections")
    status: str = Field("", max_length=24, description="状态代码 / status code, e.g. active")
    person: uuid_module.UUID | None = Field(None, description="人员 UUID / the person's UUID")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)

    @field_validator("person", "page", "page_size", mode="before")
    @classmethod
    def _blank_is_not_given(cls, value: object, info: ValidationInfo) -> object:
        # Forms and many clients send empty parameters (?person=&page=): take the default.
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value


class SummaryQuery(Schema):
    by: Literal["agency", "worker"] = Field(
        "agency", description="按负责机构或责任人汇总 / count by owner agency or worker"
    )


# -- output pieces ---------------------------------------------------------------------------


class PersonRef(Schema):
    uuid: uuid_module.UUID
    name: str


def _person(enrollment: Enrollment) -> PersonRef:
    return PersonRef(uuid=enrollment.person.uuid, name=enrollment.person.name)


def _level_label(spec: ProgramSpec, level: str) -> str:
    return str(spec.level_labels.get(level, level)) if level else ""


class CaseSummary(Schema):
    uuid: uuid_module.UUID
    person: PersonRef
    program: str = Field(description="项目代码 / program code")
    program_label: str
    status: str
    status_label: str
    level: str
    level_label: str
    risk_level: int | None
    owner_agency: str
    responsible_worker: str | None = Field(description="责任人用户名 / the worker's username")
    started_on: dt.date
    planned_end_on: dt.date | None
    next_contact_due_on: dt.date | None
    version: int

    @staticmethod
    def fields_of(enrollment: Enrollment) -> dict[str, Any]:
        spec = get_spec(enrollment.program)
        worker = enrollment.responsible_worker
        return {
            "uuid": enrollment.uuid,
            "person": _person(enrollment),
            "program": spec.code,
            "program_label": str(spec.label),
            "status": enrollment.status,
            "status_label": str(spec.statuses.get(enrollment.status, enrollment.status)),
            "level": enrollment.level,
            "level_label": _level_label(spec, enrollment.level),
            "risk_level": enrollment.risk_level,
            "owner_agency": enrollment.owner_agency.name,
            "responsible_worker": worker.get_username() if worker is not None else None,
            "started_on": enrollment.started_on,
            "planned_end_on": enrollment.planned_end_on,
            "next_contact_due_on": enrollment.next_contact_due_on,
            "version": enrollment.version,
        }

    @classmethod
    def from_enrollment(cls, enrollment: Enrollment) -> CaseSummary:
        return cls.model_validate(cls.fields_of(enrollment))


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CaseSummary]


class LevelChangeOut(Schema):
    from_level: str
    to_level: str
    to_level_label: str
    risk_level: int | None
    effective_on: dt.date
    reason: str | None = Field(description="仅负责机构可见 / for the case's own agency only")
    changed_by: str | None

    @classmethod
    def from_change(
        cls, change: LevelChange, spec: ProgramSpec, *, casework: bool
    ) -> LevelChangeOut:
        return cls(
            from_level=change.from_level,
            to_level=change.to_level,
            to_level_label=_level_label(spec, change.to_level),
            risk_level=change.risk_level,
            effective_on=change.effective_on,
            reason=change.reason if casework else None,
            changed_by=change.changed_by.get_username() if change.changed_by else None,
        )


class DeadlineOut(Schema):
    code: str
    label: str = Field(description="期限名称 / what the deadline is for")
    due_on: dt.date
    citation: str = Field(description="法律依据 / the legal source")
    status: str
    status_label: str
    met_on: dt.date | None

    @classmethod
    def from_deadline(cls, deadline: Deadline, spec: ProgramSpec, details: Any) -> DeadlineOut:
        """``details`` are the enrollment's program details (a label may depend on them)."""
        return cls(
            code=deadline.code,
            label=spec.deadline_label(deadline.code, details),
            due_on=deadline.due_on,
            citation=deadline.citation,
            status=deadline.status,
            status_label=str(DeadlineStatus(deadline.status).label),
            met_on=deadline.met_on,
        )


class ContactOut(Schema):
    uuid: uuid_module.UUID
    kind: str
    kind_label: str
    status: str
    status_label: str
    due_on: dt.date
    window_ends_on: dt.date
    done_on: dt.date | None
    outcome: str | None = Field(description="仅负责机构可见 / for the case's own agency only")

    @classmethod
    def from_contact(cls, contact: Contact, *, casework: bool) -> ContactOut:
        return cls(
            uuid=contact.uuid,
            kind=contact.kind,
            kind_label=str(ContactKind(contact.kind).label),
            status=contact.status,
            status_label=str(ContactStatus(contact.status).label),
            due_on=contact.due_on,
            window_ends_on=contact.window_ends_on,
            done_on=contact.done_on,
            outcome=contact.outcome if casework else None,
        )


class AlertOut(Schema):
    kind: str
    kind_label: str
    raised_on: dt.date
    assignee: str | None

    @classmethod
    def from_alert(cls, alert: Alert) -> AlertOut:
        return cls(
            kind=alert.kind,
            kind_label=str(AlertKind(alert.kind).label),
            raised_on=alert.raised_on,
            assignee=alert.assignee.get_username() if alert.assignee else None,
        )


class CaseDetail(CaseSummary):
    """A case with its history. ``details`` is left out of the body unless the caller may
    work the case (the endpoint drops unset fields)."""

    ended_on: dt.date | None
    end_reason: str
    lost_contact_since: dt.date | None
    details: dict[str, Any] | None = Field(
        None, description="项目信息,仅负责机构可见 / program details, for the case's agency only"
    )
    levels: list[LevelChangeOut]
    deadlines: list[DeadlineOut]
    contacts: list[ContactOut]
    open_alerts: list[AlertOut]

    @classmethod
    def from_enrollment_with_history(
        cls,
        enrollment: Enrollment,
        *,
        casework: bool,
        levels: list[LevelChange],
        deadlines: list[Deadline],
        contacts: list[Contact],
        alerts: list[Alert],
    ) -> CaseDetail:
        spec = get_spec(enrollment.program)
        fields: dict[str, Any] = {
            **cls.fields_of(enrollment),
            "ended_on": enrollment.ended_on,
            "end_reason": enrollment.end_reason,
            "lost_contact_since": enrollment.lost_contact_since,
            "levels": [LevelChangeOut.from_change(c, spec, casework=casework) for c in levels],
            "deadlines": [
                DeadlineOut.from_deadline(d, spec, enrollment.details) for d in deadlines
            ],
            "contacts": [ContactOut.from_contact(c, casework=casework) for c in contacts],
            "open_alerts": [AlertOut.from_alert(a) for a in alerts],
        }
        if casework:
            fields["details"] = enrollment.details
        return cls.model_validate(fields)


# -- writes ----------------------------------------------------------------------------------


class CaseCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    person: uuid_module.UUID = Field(description="人员 UUID / the person's UUID")
    program: str = Field(max_length=32, description="项目代码 / program code")
    details: dict[str, Any] = Field(
        default_factory=dict, description="项目信息,按项目校验 / program details"
    )
    started_on: dt.date
    responsible_worker: str | None = Field(
        None, max_length=150, description="责任人用户名 / the worker's username"
    )


class TransitionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    transition: str = Field(max_length=32, description="操作代码 / e.g. report, release")
    on_date: dt.date
    reason: str = Field("", max_length=32, description="原因代码 / reason code, if asked")
    version: int = Field(description="读取时的版本号 / the version that was read")


class ContactIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: ContactKind
    done_on: dt.date
    outcome: str = Field("", max_length=2000, description="情况记录 / what happened")


class LevelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    level: str = Field(max_length=24)
    reason: str = Field(max_length=300)
    effective_on: dt.date
    risk_level: int | None = Field(None, ge=0, le=5)
    version: int = Field(description="读取时的版本号 / the version that was read")


class AssignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    worker: str | None = Field(
        max_length=150, description="责任人用户名;null 取消 / username; null unassigns"
    )
    version: int = Field(description="读取时的版本号 / the version that was read")


# -- work queue --------------------------------------------------------------------------------


class QueueContactOut(Schema):
    case: uuid_module.UUID
    person: PersonRef
    program: str
    due_on: dt.date
    window_ends_on: dt.date
    kind: str
    kind_label: str

    @classmethod
    def from_contact(cls, contact: Contact) -> QueueContactOut:
        return cls(
            case=contact.enrollment.uuid,
            person=_person(contact.enrollment),
            program=get_spec(contact.enrollment.program).code,
            due_on=contact.due_on,
            window_ends_on=contact.window_ends_on,
            kind=contact.kind,
            kind_label=str(ContactKind(contact.kind).label),
        )


class QueueDeadlineOut(DeadlineOut):
    case: uuid_module.UUID
    person: PersonRef

    @classmethod
    def from_queue(cls, deadline: Deadline) -> QueueDeadlineOut:
        return cls.model_validate(
            {
                **DeadlineOut.from_deadline(
                    deadline, get_spec(deadline.enrollment.program), deadline.enrollment.details
                ).model_dump(),
                "case": deadline.enrollment.uuid,
                "person": _person(deadline.enrollment),
            }
        )


class QueueAlertOut(AlertOut):
    case: uuid_module.UUID
    person: PersonRef

    @classmethod
    def from_queue(cls, alert: Alert) -> QueueAlertOut:
        return cls.model_validate(
            {
                **AlertOut.from_alert(alert).model_dump(),
                "case": alert.enrollment.uuid,
                "person": _person(alert.enrollment),
            }
        )


class QueueCaseOut(Schema):
    case: uuid_module.UUID
    person: PersonRef
    program: str
    program_label: str
    started_on: dt.date

    @classmethod
    def from_enrollment(cls, enrollment: Enrollment) -> QueueCaseOut:
        spec = get_spec(enrollment.program)
        return cls(
            case=enrollment.uuid,
            person=_person(enrollment),
            program=spec.code,
            program_label=str(spec.label),
            started_on=enrollment.started_on,
        )


class QueueApprovalOut(Schema):
    """A request waiting for the caller's decision; what was asked for stays in the case."""

    uuid: uuid_module.UUID
    case: uuid_module.UUID
    person: PersonRef
    kind: str
    kind_label: str
    status: str
    status_label: str
    requested_on: dt.date
    starts_on: dt.date | None
    ends_on: dt.date | None

    @classmethod
    def from_approval(cls, approval: Approval) -> QueueApprovalOut:
        return cls(
            uuid=approval.uuid,
            case=approval.enrollment.uuid,
            person=_person(approval.enrollment),
            kind=approval.kind,
            kind_label=str(ApprovalKind(approval.kind).label),
            status=approval.status,
            status_label=str(ApprovalStatus(approval.status).label),
            requested_on=approval.requested_on,
            starts_on=approval.starts_on,
            ends_on=approval.ends_on,
        )


class WorkQueueOut(Schema):
    today: dt.date
    overdue: list[QueueContactOut]
    due_today: list[QueueContactOut]
    due_soon: list[QueueContactOut]
    deadlines: list[QueueDeadlineOut]
    alerts: list[QueueAlertOut]
    unassigned: list[QueueCaseOut] = Field(description="本机构无责任人的案件 / no worker yet")
    approvals: list[QueueApprovalOut] = Field(description="待您审核或审批 / for your decision")

    @classmethod
    def from_queue(cls, queue: WorkQueue) -> WorkQueueOut:
        return cls(
            today=queue.today,
            overdue=[QueueContactOut.from_contact(c) for c in queue.overdue],
            due_today=[QueueContactOut.from_contact(c) for c in queue.due_today],
            due_soon=[QueueContactOut.from_contact(c) for c in queue.due_soon],
            deadlines=[QueueDeadlineOut.from_queue(d) for d in queue.deadlines],
            alerts=[QueueAlertOut.from_queue(a) for a in queue.alerts],
            unassigned=[QueueCaseOut.from_enrollment(e) for e in queue.unassigned],
            approvals=[QueueApprovalOut.from_approval(a) for a in queue.approvals],
        )


class SummaryRowOut(Schema):
    label: str = Field(description="负责机构名称或责任人用户名 / agency name or username")
    overdue: int
    due_today: int
    due_soon: int
    total: int
    missed_deadlines: int
    open_alerts: int

    @classmethod
    def from_row(cls, row: SummaryRow) -> SummaryRowOut:
        return cls(
            label=row.label,
            overdue=row.overdue,
            due_today=row.due_today,
            due_soon=row.due_soon,
            total=row.total,
            missed_deadlines=row.missed_deadlines,
            open_alerts=row.open_alerts,
        )


class SummaryOut(Schema):
    by: Literal["agency", "worker"]
    rows: list[SummaryRowOut]

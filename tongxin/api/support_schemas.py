"""Request and response bodies of the support and referral endpoints.

People, needs, consents and referrals travel as UUIDs; agencies as their id (public bodies,
listed by ``GET /support/agencies``); pathways, statuses and field codes as codes with their
label in the request's language.

Two views of a referral: the *sending* side (the agency that sent it and its supervisors) sees
the person, the need and the consent it relied on; the *receiving* agency sees the referral
and the fields it names (``fields``: code, label, value) and nothing else of the person — not
their UUID, not a field the referral does not name. Casework text of a need (its note,
outcome, history notes and measures) goes only to users who may work the need.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

from tongxin.api.program_schemas import PersonRef
from tongxin.api.schemas import RegionOut
from tongxin.organisation.models import Agency, AgencyKind
from tongxin.people.models import Person
from tongxin.support.disclosure import FIELDS, DisclosedField
from tongxin.support.figures import SupportFigures, TownshipFigures
from tongxin.support.models import (
    PROVIDERS,
    Consent,
    ConsentForm,
    LivelihoodFacts,
    NeedStatus,
    Notification,
    Pathway,
    Referral,
    ReferralEvent,
    ReferralStatus,
    SupportMeasure,
    SupportNeed,
    SupportNeedChange,
)

FIELD_CODES = ", ".join(FIELDS)
VERSION_HELP = "读取时的版本号 / the version that was read"


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _person(person: Person) -> PersonRef:
    return PersonRef(uuid=person.uuid, name=person.name)


# -- queries -------------------------------------------------------------------------------


class _BlankIsDefault(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_not_given(cls, value: object, info: ValidationInfo) -> object:
        # Forms and many clients send empty parameters (?status=&page=): take the default.
        if value == "" and info.field_name is not None:
            field = cls.model_fields[info.field_name]
            return value if field.is_required() else field.default
        return value


class ReferralQuery(_BlankIsDefault):
    side: Literal["incoming", "outgoing"] = Field(
        description="incoming:转给本机构的;outgoing:本机构转出的 / received or sent by my agency"
    )
    status: ReferralStatus | None = Field(None, description="状态代码 / status code")
    pathway: Pathway | None = Field(None, description="帮扶途径代码 / pathway code")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class PageQuery(_BlankIsDefault):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class FiguresQuery(_BlankIsDefault):
    as_of: dt.date | None = Field(
        None, description="统计日期,默认今天 / the day, today if left out"
    )


class AgencyQuery(_BlankIsDefault):
    pathway: Pathway | None = Field(
        None, description="只列提供此途径的机构 / only the providers of this pathway"
    )


# -- agencies --------------------------------------------------------------------------------


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region: RegionOut
    provides: list[str] = Field(
        description="可接收转介的帮扶途径 / pathways it takes referrals for"
    )

    @classmethod
    def from_agency(cls, agency: Agency) -> AgencyOut:
        return cls(
            id=agency.pk,
            name=agency.name,
            kind=agency.kind,
            kind_label=str(AgencyKind(agency.kind).label),
            region=RegionOut(code=agency.region.code, name=agency.region.name),
            provides=[code for code, kinds in PROVIDERS.items() if agency.kind in kinds],
        )


class AgencyRef(Schema):
    id: int
    name: str

    @classmethod
    def from_agency(cls, agency: Agency) -> AgencyRef:
        return cls(id=agency.pk, name=agency.name)


# -- referrals -------------------------------------------------------------------------------


class FieldRef(Schema):
    code: str
    label: str


class FieldValue(FieldRef):
    value: str

    @classmethod
    def from_disclosed(cls, field: DisclosedField) -> FieldValue:
        return cls(code=field.code, label=field.label, value=field.value)


def _field_refs(codes: list[str]) -> list[FieldRef]:
    return [
        FieldRef(code=code, label=str(rule.label)) for code, rule in FIELDS.items() if code in codes
    ]


def _access_until(referral: Referral) -> dt.date | None:
    return referral.consent.expires_on if referral.consent is not None else referral.override_until


class ReferralEventOut(Schema):
    status: str
    status_label: str
    on_date: dt.date
    agency: str

    @classmethod
    def from_event(cls, event: ReferralEvent) -> ReferralEventOut:
        return cls(
            status=event.status,
            status_label=str(ReferralStatus(event.status).label),
            on_date=event.on_date,
            agency=event.agency.name,
        )


class ReferralSummary(Schema):
    """One referral in a list. ``person`` (the UUID) is given to the sending side only (null
    for the receiving agency, which gets the name: every referral names it)."""

    uuid: uuid_module.UUID
    person_name: str
    person: uuid_module.UUID | None = Field(
        None, description="仅转出方可见,接收方为 null / for the sending side only"
    )
    pathway: str
    pathway_label: str
    status: str
    status_label: str
    from_agency: AgencyRef
    to_agency: AgencyRef
    sent_on: dt.date
    respond_by: dt.date
    overdue: bool = Field(description="已过答复期限仍未答复 / sent and not answered in time")
    version: int

    @staticmethod
    def fields_of(referral: Referral, *, today: dt.date, sender: bool) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "uuid": referral.uuid,
            "person_name": referral.person.name,
            "pathway": referral.pathway,
            "pathway_label": str(Pathway(referral.pathway).label),
            "status": referral.status,
            "status_label": str(ReferralStatus(referral.status).label),
            "from_agency": AgencyRef.from_agency(referral.from_agency),
            "to_agency": AgencyRef.from_agency(referral.to_agency),
            "sent_on": referral.sent_on,
            "respond_by": referral.respond_by,
            "overdue": referral.status == ReferralStatus.SENT and referral.respond_by < today,
            "version": referral.version,
        }
        if sender:
            fields["person"] = referral.person.uuid
        return fields

    @classmethod
    def from_referral(cls, referral: Referral, *, today: dt.date, sender: bool) -> ReferralSummary:
        return cls.model_validate(cls.fields_of(referral, today=today, sender=sender))


class ReferralPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReferralSummary]


class ReferralDetail(ReferralSummary):
    """A referral as the caller sees it: the steps, the outcome and the fields it names for
    everyone who may see it; the need, the consent and the override reason for the sending
    side; the values of the named fields for the receiving agency. Parts a side does not get
    are left out of the body."""

    sides: list[Literal["sender", "receiver"]] = Field(
        description="调用者所在的一方 / which side(s) the caller is on"
    )
    purpose: str
    disclosed_fields: list[FieldRef] = Field(description="转介披露的字段 / the fields it names")
    without_consent: bool = Field(description="无同意紧急转介 / sent under the override")
    access_until: dt.date | None = Field(
        description="接收方可查看至(同意或紧急转介的有效期)/ the receiver sees it until"
    )
    accepted_on: dt.date | None
    service_started_on: dt.date | None
    closed_on: dt.date | None
    closing_reason: str | None = Field(description="退回、终止或撤回的原因 / why it was closed")
    outcome: str | None = Field(description="服务结果 / the outcome of the service")
    events: list[ReferralEventOut]
    need: uuid_module.UUID | None = Field(None, description="仅转出方可见 / sending side only")
    consent: uuid_module.UUID | None = Field(None, description="仅转出方可见 / sending side only")
    override_reason: str | None = Field(None, description="仅转出方可见 / sending side only")
    fields: list[FieldValue] | None = Field(
        None, description="仅接收方:所披露字段的值 / receiving agency only: the named fields"
    )

    @classmethod
    def from_referral_for(
        cls,
        referral: Referral,
        *,
        today: dt.date,
        sender: bool,
        disclosed: list[DisclosedField] | None,
        events: list[ReferralEvent],
    ) -> ReferralDetail:
        """``disclosed`` is the receiver's view of the named fields, None if the caller is
        not the receiving agency."""
        fields: dict[str, Any] = {
            **cls.fields_of(referral, today=today, sender=sender),
            "sides": [
                side for side, on in (("sender", sender), ("receiver", disclosed is not None)) if on
            ],
            "purpose": referral.purpose,
            "disclosed_fields": _field_refs(referral.disclosed_fields),
            "without_consent": referral.consent_id is None,
            "access_until": _access_until(referral),
            "accepted_on": referral.accepted_on,
            "service_started_on": referral.service_started_on,
            "closed_on": referral.closed_on,
            "closing_reason": referral.closing_reason,
            "outcome": referral.outcome,
            "events": [ReferralEventOut.from_event(event) for event in events],
        }
        if sender:
            fields["need"] = referral.need.uuid
            fields["consent"] = referral.consent.uuid if referral.consent is not None else None
            fields["override_reason"] = referral.override_reason
        if disclosed is not None:
            fields["fields"] = [FieldValue.from_disclosed(field) for field in disclosed]
        return cls.model_validate(fields)


class ReferralStateOut(Schema):
    """A referral's state after a step; read it with ``GET /referrals/{uuid}``."""

    uuid: uuid_module.UUID
    status: str
    status_label: str
    respond_by: dt.date
    version: int

    @classmethod
    def from_referral(cls, referral: Referral) -> ReferralStateOut:
        return cls(
            uuid=referral.uuid,
            status=referral.status,
            status_label=str(ReferralStatus(referral.status).label),
            respond_by=referral.respond_by,
            version=referral.version,
        )


class ReferralIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_agency: int = Field(description="接收机构 id / the receiving agency's id")
    purpose: str = Field(max_length=500, description="转介事由 / what is asked of the receiver")
    fields: list[str] = Field(
        description=f"披露字段(姓名总会披露)/ fields to disclose (the name always): {FIELD_CODES}"
    )
    consent: uuid_module.UUID | None = Field(None, description="所依据的同意 / the consent")
    override_reason: str = Field(
        "", max_length=500, description="无同意时主管填写的理由 / supervisors only, no consent"
    )


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on_date: dt.date
    version: int = Field(description=VERSION_HELP)


class ReasonStepIn(StepIn):
    reason: str = Field(max_length=500, description="原因 / why")


class OutcomeStepIn(StepIn):
    outcome: str = Field(max_length=500, description="服务结果 / what was provided")


# -- needs -----------------------------------------------------------------------------------


class NeedChangeOut(Schema):
    from_status: str
    to_status: str
    to_status_label: str
    on_date: dt.date
    note: str | None = Field(description="仅可办理者可见 / for those who may work the need")
    changed_by: str | None

    @classmethod
    def from_change(cls, change: SupportNeedChange, *, casework: bool) -> NeedChangeOut:
        return cls(
            from_status=change.from_status,
            to_status=change.to_status,
            to_status_label=str(NeedStatus(change.to_status).label),
            on_date=change.on_date,
            note=change.note if casework else None,
            changed_by=_username(change.changed_by),
        )


class MeasureOut(Schema):
    uuid: uuid_module.UUID
    description: str | None = Field(description="仅可办理者可见 / for those who may work the need")
    provider_agency: str
    started_on: dt.date
    ended_on: dt.date | None

    @classmethod
    def from_measure(cls, measure: SupportMeasure, *, casework: bool) -> MeasureOut:
        return cls(
            uuid=measure.uuid,
            description=measure.description if casework else None,
            provider_agency=measure.provider_agency.name,
            started_on=measure.started_on,
            ended_on=measure.ended_on,
        )


class NeedOut(Schema):
    uuid: uuid_module.UUID
    pathway: str
    pathway_label: str
    status: str
    status_label: str
    case: uuid_module.UUID | None = Field(description="所属案件 / the case it was found in")
    responsible_agency: str
    responsible_worker: str | None = Field(description="责任人用户名 / the worker's username")
    identified_on: dt.date
    target_on: dt.date | None
    closed_on: dt.date | None
    version: int

    @staticmethod
    def fields_of(need: SupportNeed) -> dict[str, Any]:
        return {
            "uuid": need.uuid,
            "pathway": need.pathway,
            "pathway_label": str(Pathway(need.pathway).label),
            "status": need.status,
            "status_label": str(NeedStatus(need.status).label),
            "case": need.enrollment.uuid if need.enrollment is not None else None,
            "responsible_agency": need.responsible_agency.name,
            "responsible_worker": _username(need.responsible_worker),
            "identified_on": need.identified_on,
            "target_on": need.target_on,
            "closed_on": need.closed_on,
            "version": need.version,
        }

    @classmethod
    def from_need(cls, need: SupportNeed) -> NeedOut:
        return cls.model_validate(cls.fields_of(need))


class NeedList(Schema):
    person: PersonRef
    items: list[NeedOut]

    @classmethod
    def of(cls, person: Person, needs: list[SupportNeed]) -> NeedList:
        return cls(person=_person(person), items=[NeedOut.from_need(need) for need in needs])


class NeedDetail(NeedOut):
    person: PersonRef
    note: str | None = Field(description="仅可办理者可见 / for those who may work the need")
    outcome: str | None = Field(description="仅可办理者可见 / for those who may work the need")
    history: list[NeedChangeOut]
    measures: list[MeasureOut]
    referrals: list[ReferralSummary] = Field(
        description="调用者作为转出方可见的转介 / its referrals the caller sees as the sender"
    )

    @classmethod
    def from_need_with_history(
        cls,
        need: SupportNeed,
        *,
        casework: bool,
        changes: list[SupportNeedChange],
        measures: list[SupportMeasure],
        referrals: list[Referral],
        today: dt.date,
    ) -> NeedDetail:
        return cls.model_validate(
            {
                **cls.fields_of(need),
                "person": _person(need.person),
                "note": need.note if casework else None,
                "outcome": need.outcome if casework else None,
                "history": [NeedChangeOut.from_change(c, casework=casework) for c in changes],
                "measures": [MeasureOut.from_measure(m, casework=casework) for m in measures],
                "referrals": [
                    ReferralSummary.from_referral(r, today=today, sender=True) for r in referrals
                ],
            }
        )


class NeedIn(Schema):
    model_config = ConfigDict(extra="forbid")

    pathway: str = Field(max_length=24, description="帮扶途径代码 / pathway code")
    identified_on: dt.date
    target_on: dt.date | None = None
    note: str = Field("", max_length=500, description="情况说明 / the circumstances")
    case: uuid_module.UUID | None = Field(None, description="所属案件 / the case it was found in")
    responsible_worker: str | None = Field(
        None, max_length=150, description="责任人用户名 / the worker's username"
    )


class NeedStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_status: str = Field(
        max_length=12, description="planned, in_progress, met, declined, not_needed"
    )
    on_date: dt.date
    note: str = Field("", max_length=500, description="说明(本人拒绝时必填)/ required if declined")
    outcome: str = Field("", max_length=500, description="结果(已解决时必填)/ required if met")
    version: int = Field(description=VERSION_HELP)


class MeasureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(max_length=500)
    started_on: dt.date
    ended_on: dt.date | None = None


# -- consents --------------------------------------------------------------------------------


class ConsentOut(Schema):
    uuid: uuid_module.UUID
    purposes: list[FieldRef] = Field(description="所同意的帮扶途径 / the pathways it covers")
    agencies: list[AgencyRef]
    form: str
    form_label: str
    guardian_name: str | None
    given_on: dt.date
    expires_on: dt.date
    withdrawn_on: dt.date | None
    holds_today: bool
    recorded_by_agency: str

    @classmethod
    def from_consent(cls, consent: Consent, *, today: dt.date) -> ConsentOut:
        return cls(
            uuid=consent.uuid,
            purposes=[
                FieldRef(code=code, label=str(Pathway(code).label)) for code in consent.purposes
            ],
            agencies=[AgencyRef.from_agency(a) for a in consent.agencies.all()],
            form=consent.form,
            form_label=str(ConsentForm(consent.form).label),
            guardian_name=consent.guardian_name,
            given_on=consent.given_on,
            expires_on=consent.expires_on,
            withdrawn_on=consent.withdrawn_on,
            holds_today=consent.holds_on(today),
            recorded_by_agency=consent.recorded_by_agency.name,
        )


class ConsentList(Schema):
    person: PersonRef
    items: list[ConsentOut]


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purposes: list[str] = Field(description="帮扶途径代码 / pathway codes")
    agencies: list[int] = Field(description="可接收信息的机构 id / ids of the agencies")
    form: str = Field(max_length=20, description="written, oral_recorded, guardian_written")
    given_on: dt.date
    expires_on: dt.date | None = Field(None, description="默认一年 / a year if left out")
    guardian_name: str = Field("", max_length=50)


class WithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on_date: dt.date


# -- notifications ---------------------------------------------------------------------------


class NotificationOut(Schema):
    """A step of a referral the other agency took; names no person (the receiver of a revoked
    referral no longer may see who it was about)."""

    id: int
    referral: uuid_module.UUID
    direction: Literal["incoming", "outgoing"] = Field(
        description="转给本机构的或本机构转出的 / received by or sent by my agency"
    )
    status: str
    status_label: str
    pathway: str
    pathway_label: str
    other_agency: str
    created_at: dt.datetime

    @classmethod
    def from_notification(cls, notification: Notification) -> NotificationOut:
        referral = notification.referral
        incoming = notification.agency_id == referral.to_agency_id
        return cls(
            id=notification.pk,
            referral=referral.uuid,
            direction="incoming" if incoming else "outgoing",
            status=notification.status,
            status_label=str(ReferralStatus(notification.status).label),
            pathway=referral.pathway,
            pathway_label=str(Pathway(referral.pathway).label),
            other_agency=(referral.from_agency if incoming else referral.to_agency).name,
            created_at=notification.created_at,
        )


class NotificationList(Schema):
    count: int
    page: int
    page_size: int
    items: list[NotificationOut]


class NotificationsReadIn(Schema):
    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(description="通知 id / notification ids")


class NotificationsReadOut(Schema):
    marked: int = Field(description="标记为已读的条数 / how many were marked read")


# -- 三无 ------------------------------------------------------------------------------------


class FactsOut(Schema):
    no_home: bool | None
    no_relatives: bool | None
    no_work: bool | None
    cannot_work: bool | None
    no_income: bool | None
    no_supporter: bool | None
    recorded_on: dt.date
    recorded_by_agency: str
    released_three_nos: bool = Field(description="无家可归、无亲可投、无业可就")
    assistance_three_nos: bool = Field(description="无劳动能力、无生活来源、无法定义务人")

    @classmethod
    def from_facts(cls, facts: LivelihoodFacts) -> FactsOut:
        return cls(
            no_home=facts.no_home,
            no_relatives=facts.no_relatives,
            no_work=facts.no_work,
            cannot_work=facts.cannot_work,
            no_income=facts.no_income,
            no_supporter=facts.no_supporter,
            recorded_on=facts.recorded_on,
            recorded_by_agency=facts.recorded_by_agency.name,
            released_three_nos=facts.released_three_nos,
            assistance_three_nos=facts.assistance_three_nos,
        )


class LivelihoodOut(Schema):
    person: PersonRef
    current: FactsOut | None = Field(description="最新核实的情况 / the newest record")
    history: list[FactsOut] = Field(description="新的在前 / newest first")


class FactsIn(Schema):
    """Each criterion true, false or null (not known)."""

    model_config = ConfigDict(extra="forbid")

    recorded_on: dt.date
    no_home: bool | None = None
    no_relatives: bool | None = None
    no_work: bool | None = None
    cannot_work: bool | None = None
    no_income: bool | None = None
    no_supporter: bool | None = None


class ThreeNosOut(Schema):
    person: PersonRef
    residence_region: RegionOut
    released_three_nos: bool
    assistance_three_nos: bool


class ThreeNosPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ThreeNosOut]


# -- figures ---------------------------------------------------------------------------------


class TownshipFiguresOut(Schema):
    township: str = Field(description="乡镇名称,合计为空 / township name, empty for the total")
    code: str = Field(description="区划代码,合计为空 / region code, empty for the total")
    reentry_people: int = Field(description="在册安置帮教对象 / people in a 安置帮教 case")
    resettled: int
    aided: int
    resettlement_rate: float | None = Field(description="安置率 % / resettlement rate")
    aid_rate: float | None = Field(description="帮教率 % / aid rate")
    referrals: int
    completed: int
    median_days_to_service: float | None = Field(
        description="从转介到开始服务的中位天数 / median days from referral to service"
    )

    @classmethod
    def from_figures(cls, figures: TownshipFigures) -> TownshipFiguresOut:
        segments = figures.path.strip("/").split("/")
        return cls(
            township=figures.name,
            code=segments[-1] if figures.path else "",
            reentry_people=figures.reentry_people,
            resettled=figures.resettled,
            aided=figures.aided,
            resettlement_rate=figures.resettlement_rate,
            aid_rate=figures.aid_rate,
            referrals=figures.referrals,
            completed=figures.completed,
            median_days_to_service=figures.median_days_to_service,
        )


class PathwayFiguresOut(Schema):
    pathway: str
    label: str
    counts: dict[str, int] = Field(description="状态代码 → 转介数 / status → referrals")
    total: int


class FiguresOut(Schema):
    as_of: dt.date
    townships: list[TownshipFiguresOut]
    total: TownshipFiguresOut
    by_pathway: list[PathwayFiguresOut]

    @classmethod
    def from_figures(cls, figures: SupportFigures) -> FiguresOut:
        return cls(
            as_of=figures.as_of,
            townships=[TownshipFiguresOut.from_figures(t) for t in figures.townships],
            total=TownshipFiguresOut.from_figures(figures.total),
            by_pathway=[
                PathwayFiguresOut(
                    pathway=row.pathway, label=row.label, counts=row.counts, total=row.total
                )
                for row in figures.by_pathway
            ],
        )

"""Support and referral actions: each validates, opens one transaction, writes and audits.

Refusals raise ``SupportRejected`` with Chinese messages per field and change nothing.
Audit details never carry free text about the person (purposes, outcomes and reasons are
encrypted in their rows); they name the rows, the agencies, the pathway and the fields.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change
from tongxin.organisation.models import Agency, AgencyKind
from tongxin.people.models import Person
from tongxin.programs.rules import program_rules
from tongxin.support.disclosure import ALWAYS, FIELDS, field_refusal
from tongxin.support.models import (
    OPEN_REFERRAL_STATUSES,
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

TEXT_LIMIT = 500
GUARDIAN_AGE = 14  # 个人信息保护法 art 31: under 14 the guardian consents


class SupportRejected(Exception):
    """The request cannot be carried out; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def _reject(field: str, message: str) -> SupportRejected:
    return SupportRejected({field: [message]})


def support_rules() -> dict[str, Any]:
    return program_rules("support")


def _audit(
    actor: Actor, action: str, object_type: str, uuid: Any, agency: Agency, **details: Any
) -> None:
    record_change(
        actor=actor,
        action=action,
        object_type=object_type,
        object_ids=[uuid],
        details=details,
        agency_name=agency.name,
    )


def _text(field: str, value: str, *, required: bool, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _reject(field, _("请填写此项。"))
    if len(text) > limit:
        raise _reject(field, _("不能超过 %(n)d 个字。") % {"n": limit})
    return text


def _not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise _reject(field, _("日期不能晚于今天。"))


def _pathway(value: str) -> str:
    if value not in Pathway.values:
        raise _reject("pathway", _("请选择帮扶途径。"))
    return value


def writing_agency(user: Any, person: Person) -> Agency:
    """The agency on whose behalf ``user`` acts for ``person``: the most specific writing
    membership whose jurisdiction holds the person's residence."""
    region_path = person.residence_region.path
    scopes = [
        scope
        for scope in policy.scopes_of(user)
        if scope.can_write and region_path.startswith(scope.jurisdiction_path)
    ]
    if not scopes:
        raise Http404("no writing membership over this person")
    best = max(scopes, key=lambda scope: len(scope.jurisdiction_path))
    return Agency.objects.get(pk=best.agency_id)


# -- needs and measures --------------------------------------------------------------------

# Manual moves of a need. ``referred`` and ``in_progress`` follow the referral's steps
# (send, start of service); a referral in flight is ended or revoked first.
MANUAL_MOVES: dict[str, frozenset[str]] = {
    NeedStatus.IDENTIFIED: frozenset(
        {NeedStatus.PLANNED, NeedStatus.IN_PROGRESS, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED}
    ),
    NeedStatus.PLANNED: frozenset(
        {NeedStatus.IN_PROGRESS, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED}
    ),
    NeedStatus.IN_PROGRESS: frozenset({NeedStatus.MET, NeedStatus.DECLINED}),
}
CLOSED_NEED = frozenset({NeedStatus.MET, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED})


def _move_need(
    need: SupportNeed, to_status: str, on_date: dt.date, user: Any, note: str = ""
) -> None:
    SupportNeedChange.objects.create(
        need=need,
        from_status=need.status,
        to_status=to_status,
        on_date=on_date,
        note=note or None,
        changed_by=user,
    )
    need.status = to_status
    need.closed_on = on_date if to_status in CLOSED_NEED else None
    need.version += 1
    SupportNeed.objects.filter(pk=need.pk).update(
        status=need.status, closed_on=need.closed_on, version=F("version") + 1
    )


def _need_for_user(user: Any, need_uuid: Any) -> SupportNeed:
    try:
        parsed = (
            need_uuid
            if isinstance(need_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(need_uuid))
        )
        return (
            policy.support_needs_visible_to(user)
            .select_for_update()
            .select_related("person__residence_region", "responsible_agency")
            .get(uuid=parsed)
        )
    except (SupportNeed.DoesNotExist, ValueError) as exc:
        raise Http404("no such need in your scope") from exc


def record_need(
    *,
    actor: Actor,
    person_uuid: Any,
    pathway: str,
    identified_on: dt.date,
    note: str = "",
    enrollment_uuid: Any = None,
    responsible_worker: Any = None,
    target_on: dt.date | None = None,
) -> SupportNeed:
    """Record a need the person has, found by the user's agency (which becomes responsible)."""
    with transaction.atomic():
        person = policy.get_person_for_user(actor.user, person_uuid, write=True)
        agency = writing_agency(actor.user, person)
        pathway = _pathway(pathway)
        _not_future("identified_on", identified_on)
        if target_on is not None and target_on < identified_on:
            raise _reject("target_on", _("计划完成日期不能早于发现日期。"))
        note = _text("note", note, required=False)
        enrollment = None
        if enrollment_uuid:
            enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
            if enrollment.person_id != person.pk:
                raise _reject("enrollment", _("所选案件不属于此人。"))
        if responsible_worker is not None and not policy.works_for(responsible_worker, agency.pk):
            raise _reject("responsible_worker", _("责任人必须是本机构的在职工作人员。"))
        existing = SupportNeed.objects.filter(
            person=person, pathway=pathway, status__in=[*MANUAL_MOVES, NeedStatus.REFERRED]
        ).first()
        if existing is not None:
            raise _reject(
                "pathway",
                _("此人已有未办结的“%(pathway)s”需求(%(status)s),请在该需求中继续办理。")
                % {
                    "pathway": Pathway(pathway).label,
                    "status": NeedStatus(existing.status).label,
                },
            )
        need = SupportNeed.objects.create(
            person=person,
            pathway=pathway,
            enrollment=enrollment,
            responsible_agency=agency,
            responsible_worker=responsible_worker,
            identified_on=identified_on,
            target_on=target_on,
            note=note or None,
            created_by=actor.user,
        )
        SupportNeedChange.objects.create(
            need=need,
            from_status="",
            to_status=NeedStatus.IDENTIFIED,
            on_date=identified_on,
            changed_by=actor.user,
        )
        _audit(
            actor,
            "support_need.record",
            "support_need",
            need.uuid,
            agency,
            person=str(person.uuid),
            pathway=pathway,
        )
    return need


def change_need_status(
    *,
    actor: Actor,
    need_uuid: Any,
    to_status: str,
    on_date: dt.date,
    note: str = "",
    outcome: str = "",
    expected_version: int | None = None,
) -> SupportNeed:
    """Move a need by hand (planned, in progress, met, declined, not needed)."""
    with transaction.atomic():
        need = _need_for_user(actor.user, need_uuid)
        if expected_version is not None and need.version != expected_version:
            raise _reject("__all__", _("此需求在您打开后已被他人修改,请刷新后重新操作。"))
        allowed = MANUAL_MOVES.get(need.status, frozenset())
        if to_status not in allowed:
            if need.status == NeedStatus.REFERRED:
                message = _("此需求正在转介中,请在转介中办理(接收、开始服务或撤回)。")
            else:
                message = _("“%(from)s”的需求不能改为“%(to)s”。") % {
                    "from": NeedStatus(need.status).label,
                    "to": NeedStatus(to_status).label
                    if to_status in NeedStatus.values
                    else to_status,
                }
            raise _reject("to_status", message)
        _not_future("on_date", on_date)
        if on_date < need.identified_on:
            raise _reject(
                "on_date",
                _("日期不能早于发现日期 %(d)s。") % {"d": need.identified_on.isoformat()},
            )
        note = _text("note", note, required=to_status in (NeedStatus.DECLINED,))
        outcome = _text("outcome", outcome, required=to_status == NeedStatus.MET)
        _move_need(need, to_status, on_date, actor.user, note)
        if outcome:
            need.outcome = outcome
            need.save(update_fields=["outcome"])
        _audit(
            actor,
            "support_need.status",
            "support_need",
            need.uuid,
            need.responsible_agency,
            person=str(need.person.uuid),
            pathway=need.pathway,
            to_status=to_status,
        )
    return need


def record_measure(
    *,
    actor: Actor,
    need_uuid: Any,
    description: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
) -> SupportMeasure:
    """Record help provided for a need by the user's agency; an identified or planned need
    is then in progress."""
    with transaction.atomic():
        need = _need_for_user(actor.user, need_uuid)
        if not need.is_open:
            raise _reject("__all__", _("此需求已办结,不能再登记帮扶措施。"))
        description = _text("description", description, required=True)
        _not_future("started_on", started_on)
        if started_on < need.identified_on:
            raise _reject(
                "started_on",
                _("开始日期不能早于发现日期 %(d)s。") % {"d": need.identified_on.isoformat()},
            )
        if ended_on is not None and ended_on < started_on:
            raise _reject("ended_on", _("结束日期不能早于开始日期。"))
        agency = writing_agency(actor.user, need.person)
        measure = SupportMeasure.objects.create(
            need=need,
            description=description,
            provider_agency=agency,
            started_on=started_on,
            ended_on=ended_on,
            recorded_by=actor.user,
        )
        if need.status in (NeedStatus.IDENTIFIED, NeedStatus.PLANNED):
            _move_need(need, NeedStatus.IN_PROGRESS, started_on, actor.user)
        _audit(
            actor,
            "support_measure.record",
            "support_need",
            need.uuid,
            agency,
            person=str(need.person.uuid),
            pathway=need.pathway,
            measure=str(measure.uuid),
        )
    return measure


# -- consent -------------------------------------------------------------------------------


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def record_consent(
    *,
    actor: Actor,
    person_uuid: Any,
    purposes: Iterable[str],
    agency_ids: Iterable[int],
    form: str,
    given_on: dt.date,
    expires_on: dt.date | None = None,
    guardian_name: str = "",
) -> Consent:
    """Record the person's (or guardian's) consent to share with named agencies for named
    pathways, as given on paper or orally on ``given_on``."""
    with transaction.atomic():
        person = policy.get_person_for_user(actor.user, person_uuid, write=True)
        agency = writing_agency(actor.user, person)
        purposes = sorted(set(purposes))
        if not purposes:
            raise _reject("purposes", _("请至少选择一项用途。"))
        if any(p not in Pathway.values for p in purposes):
            raise _reject("purposes", _("用途中有未知的帮扶途径。"))
        agencies = list(Agency.objects.filter(pk__in=set(agency_ids), is_active=True))
        if not agencies or len(agencies) != len(set(agency_ids)):
            raise _reject("agencies", _("请选择可接收信息的机构。"))
        if form not in ConsentForm.values:
            raise _reject("form", _("请选择同意方式。"))
        _not_future("given_on", given_on)
        guardian_name = _text("guardian_name", guardian_name, required=False, limit=50)
        if _age_on(person.birth_date, given_on) < GUARDIAN_AGE:
            if form != ConsentForm.GUARDIAN_WRITTEN or not guardian_name:
                raise _reject(
                    "form",
                    _(
                        "未满十四周岁,应由监护人书面同意并填写监护人姓名(个人信息保护法第三十一条)。"
                    ),
                )
        elif form == ConsentForm.GUARDIAN_WRITTEN and not guardian_name:
            raise _reject("guardian_name", _("请填写监护人姓名。"))
        if expires_on is None:
            expires_on = given_on + dt.timedelta(days=int(support_rules()["consent_valid_days"]))
        if expires_on < given_on:
            raise _reject("expires_on", _("有效期不能早于同意日期。"))
        consent = Consent.objects.create(
            person=person,
            purposes=purposes,
            form=form,
            guardian_name=guardian_name or None,
            given_on=given_on,
            expires_on=expires_on,
            recorded_by_agency=agency,
            recorded_by=actor.user,
        )
        consent.agencies.set(agencies)
        _audit(
            actor,
            "consent.record",
            "consent",
            consent.uuid,
            agency,
            person=str(person.uuid),
            purposes=purposes,
            agencies=sorted(a.name for a in agencies),
            expires_on=expires_on.isoformat(),
        )
    return consent


def withdraw_consent(*, actor: Actor, consent_uuid: Any, on_date: dt.date) -> Consent:
    """The person withdraws consent: from that day no referral relying on it discloses
    anything (the receivers' access ends with it)."""
    with transaction.atomic():
        try:
            consent = (
                Consent.objects.select_for_update()
                .select_related("person")
                .get(
                    uuid=uuid_module.UUID(str(consent_uuid)),
                    person__in=policy.people_visible_to(actor.user, write=True),
                )
            )
        except (Consent.DoesNotExist, ValueError) as exc:
            raise Http404("no such consent in your scope") from exc
        if consent.withdrawn_on is not None:
            raise _reject(
                "__all__",
                _("此同意已于 %(d)s 撤回。") % {"d": consent.withdrawn_on.isoformat()},
            )
        _not_future("on_date", on_date)
        if on_date < consent.given_on:
            raise _reject("on_date", _("撤回日期不能早于同意日期。"))
        consent.withdrawn_on = on_date
        consent.withdrawn_by = actor.user
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
        open_referrals = list(
            consent.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).values_list(
                "uuid", flat=True
            )
        )
        _audit(
            actor,
            "consent.withdraw",
            "consent",
            consent.uuid,
            writing_agency(actor.user, consent.person),
            person=str(consent.person.uuid),
            on_date=on_date.isoformat(),
            referrals_losing_access=[str(u) for u in open_referrals],
        )
    return consent


# -- referrals -----------------------------------------------------------------------------


def _notify(agency: Agency, referral: Referral, status: str) -> None:
    Notification.objects.create(agency=agency, referral=referral, status=status)


def _event(referral: Referral, status: str, on_date: dt.date, user: Any, agency: Agency) -> None:
    ReferralEvent.objects.create(
        referral=referral, status=status, on_date=on_date, by=user, agency=agency
    )


def _check_fields(
    codes: Iterable[str], sender: Agency, receiver: Agency, pathway: str
) -> list[str]:
    catalogue = list(FIELDS)
    # Catalogue order; unknown codes last, so their refusal follows the others.
    chosen = sorted(
        set(codes) | set(ALWAYS),
        key=lambda code: (catalogue.index(code) if code in FIELDS else len(catalogue), code),
    )
    problems = [
        problem
        for code in chosen
        if (problem := field_refusal(code, sender=sender, receiver=receiver, pathway=pathway))
    ]
    if problems:
        raise SupportRejected({"fields": problems})
    return chosen


def send_referral(
    *,
    actor: Actor,
    need_uuid: Any,
    to_agency_id: int,
    purpose: str,
    fields: Iterable[str],
    consent_uuid: Any = None,
    override_reason: str = "",
) -> Referral:
    """Refer a need to the agency that provides it, disclosing only ``fields``, relying on a
    consent that covers the agency and the pathway (or the policy's override)."""
    with transaction.atomic():
        need = _need_for_user(actor.user, need_uuid)
        today = timezone.localdate()
        if need.status not in (NeedStatus.IDENTIFIED, NeedStatus.PLANNED):
            raise _reject(
                "__all__",
                _("只有“已发现”或“已计划”的需求可以转介,此需求为“%(status)s”。")
                % {"status": NeedStatus(need.status).label},
            )
        providers = PROVIDERS.get(need.pathway)
        if not providers:
            raise _reject(
                "to_agency",
                _("“%(pathway)s”由乡镇自行落实,不需要转介,请直接登记帮扶措施。")
                % {"pathway": Pathway(need.pathway).label},
            )
        sender = writing_agency(actor.user, need.person)
        receiver = Agency.objects.filter(pk=to_agency_id, is_active=True).first()
        if receiver is None or receiver.kind not in providers:
            raise _reject(
                "to_agency",
                _("“%(pathway)s”应转介给:%(kinds)s。")
                % {
                    "pathway": Pathway(need.pathway).label,
                    "kinds": "、".join(sorted(str(AgencyKind(k).label) for k in providers)),
                },
            )
        if not need.person.residence_region.path.startswith(receiver.region.path):
            raise _reject("to_agency", _("接收机构的辖区不包括此人的居住地。"))
        if receiver.pk == sender.pk:
            raise _reject("to_agency", _("不能转介给本机构。"))
        purpose = _text("purpose", purpose, required=True)
        chosen = _check_fields(fields, sender, receiver, need.pathway)
        consent, override_until, reason = _consent_for(
            actor, need, sender, receiver, consent_uuid, override_reason, today
        )
        referral = Referral.objects.create(
            person=need.person,
            need=need,
            pathway=need.pathway,
            from_agency=sender,
            to_agency=receiver,
            purpose=purpose,
            disclosed_fields=chosen,
            consent=consent,
            override_reason=reason or None,
            override_until=override_until,
            sent_on=today,
            respond_by=today + dt.timedelta(days=int(support_rules()["referral_respond_days"])),
            sent_by=actor.user,
        )
        _event(referral, ReferralStatus.SENT, today, actor.user, sender)
        _move_need(need, NeedStatus.REFERRED, today, actor.user)
        _notify(receiver, referral, ReferralStatus.SENT)
        _audit(
            actor,
            "referral.send",
            "referral",
            referral.uuid,
            sender,
            person=str(need.person.uuid),
            pathway=need.pathway,
            to_agency=receiver.name,
            fields=chosen,
            consent=str(consent.uuid) if consent else None,
            without_consent=consent is None,
        )
    return referral


def _consent_for(
    actor: Actor,
    need: SupportNeed,
    sender: Agency,
    receiver: Agency,
    consent_uuid: Any,
    override_reason: str,
    today: dt.date,
) -> tuple[Consent | None, dt.date | None, str]:
    if consent_uuid:
        consent = (
            Consent.objects.filter(person=need.person, uuid=str(consent_uuid))
            .prefetch_related("agencies")
            .first()
        )
        if consent is None:
            raise _reject("consent", _("所选同意不属于此人。"))
        if consent.withdrawn_on is not None:
            raise _reject(
                "consent",
                _("此人已于 %(d)s 撤回同意,不能据此转介。")
                % {"d": consent.withdrawn_on.isoformat()},
            )
        if not consent.holds_on(today):
            raise _reject(
                "consent",
                _("此同意有效期为 %(from)s 至 %(to)s,今天不在有效期内,请重新取得同意。")
                % {"from": consent.given_on.isoformat(), "to": consent.expires_on.isoformat()},
            )
        if need.pathway not in consent.purposes:
            raise _reject(
                "consent",
                _("此同意的用途不包括“%(pathway)s”,请重新取得同意。")
                % {"pathway": Pathway(need.pathway).label},
            )
        if receiver not in consent.agencies.all():
            raise _reject(
                "consent",
                _("此同意未包括“%(agency)s”,请重新取得同意。") % {"agency": receiver.name},
            )
        return consent, None, ""
    reason = _text("override_reason", override_reason, required=False)
    if not reason:
        raise _reject(
            "consent",
            _("转介须有本人(或监护人)有效的同意,请先登记同意或选择已登记的同意。"),
        )
    if not policy.may_override_consent(actor.user, sender.pk):
        raise _reject("override_reason", _("只有本机构的主管可以在无同意的情况下紧急转介。"))
    if len(reason) < 10:
        raise _reject(
            "override_reason", _("请具体说明无法取得同意而必须转介的理由(至少 10 个字)。")
        )
    return None, today + dt.timedelta(days=int(support_rules()["override_valid_days"])), reason


def _referral_for(actor: Actor, referral_uuid: Any, side: str) -> Referral:
    """The referral, locked for the change, if ``actor`` may act on it from ``side``."""
    allowed = policy.get_referral_for_user(actor.user, referral_uuid, side=side, write=True)
    return (
        Referral.objects.select_for_update()
        .select_related("person", "from_agency", "to_agency")
        .get(pk=allowed.pk)
    )


def _step(
    actor: Actor,
    referral_uuid: Any,
    *,
    side: str,
    sources: tuple[str, ...],
    target: str,
    on_date: dt.date,
    expected_version: int | None,
    reason: str = "",
    outcome: str = "",
) -> Referral:
    referral = _referral_for(actor, referral_uuid, side)
    if expected_version is not None and referral.version != expected_version:
        raise _reject("__all__", _("此转介在您打开后已有变化,请刷新后重新操作。"))
    if referral.status not in sources:
        raise _reject(
            "__all__",
            _("此转介当前为“%(status)s”,不能“%(action)s”。")
            % {
                "status": ReferralStatus(referral.status).label,
                "action": STEP_VERBS[target],
            },
        )
    _not_future("on_date", on_date)
    if on_date < referral.sent_on:
        raise _reject(
            "on_date", _("日期不能早于转介日期 %(d)s。") % {"d": referral.sent_on.isoformat()}
        )
    agency = referral.to_agency if side == "received" else referral.from_agency
    referral.status = target
    referral.version += 1
    referral.handled_by = actor.user if side == "received" else referral.handled_by
    if target == ReferralStatus.ACCEPTED:
        referral.accepted_on = on_date
    elif target == ReferralStatus.IN_SERVICE:
        referral.service_started_on = on_date
        referral.accepted_on = referral.accepted_on or on_date
    else:
        referral.closed_on = on_date
    if reason:
        referral.closing_reason = reason
    if outcome:
        referral.outcome = outcome
    referral.save()
    _event(referral, target, on_date, actor.user, agency)
    return referral


STEP_VERBS: dict[str, Promise] = {
    ReferralStatus.ACCEPTED: _lazy("接收"),
    ReferralStatus.REJECTED: _lazy("退回"),
    ReferralStatus.IN_SERVICE: _lazy("开始服务"),
    ReferralStatus.COMPLETED: _lazy("办结"),
    ReferralStatus.ENDED: _lazy("终止"),
    ReferralStatus.REVOKED: _lazy("撤回"),
}


def _finish_audit(actor: Actor, action: str, referral: Referral, agency: Agency) -> None:
    _audit(
        actor,
        action,
        "referral",
        referral.uuid,
        agency,
        person=str(referral.person.uuid),
        pathway=referral.pathway,
        status=referral.status,
    )


def accept_referral(
    *, actor: Actor, referral_uuid: Any, on_date: dt.date, expected_version: int | None = None
) -> Referral:
    with transaction.atomic():
        referral = _step(
            actor,
            referral_uuid,
            side="received",
            sources=(ReferralStatus.SENT,),
            target=ReferralStatus.ACCEPTED,
            on_date=on_date,
            expected_version=expected_version,
        )
        _notify(referral.from_agency, referral, ReferralStatus.ACCEPTED)
        _finish_audit(actor, "referral.accept", referral, referral.to_agency)
    return referral


def reject_referral(
    *,
    actor: Actor,
    referral_uuid: Any,
    on_date: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Referral:
    """Return the referral with a reason (not eligible, wrong agency ...); the need goes back
    to the sender as planned."""
    with transaction.atomic():
        reason = _text("reason", reason, required=True)
        referral = _step(
            actor,
            referral_uuid,
            side="received",
            sources=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            target=ReferralStatus.REJECTED,
            on_date=on_date,
            expected_version=expected_version,
            reason=reason,
        )
        _back_to_sender(referral, on_date, actor.user)
        _notify(referral.from_agency, referral, ReferralStatus.REJECTED)
        _finish_audit(actor, "referral.reject", referral, referral.to_agency)
    return referral


def start_service(
    *, actor: Actor, referral_uuid: Any, on_date: dt.date, expected_version: int | None = None
) -> Referral:
    with transaction.atomic():
        referral = _step(
            actor,
            referral_uuid,
            side="received",
            sources=(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
            target=ReferralStatus.IN_SERVICE,
            on_date=on_date,
            expected_version=expected_version,
        )
        need = SupportNeed.objects.select_for_update().get(pk=referral.need_id)
        if need.status == NeedStatus.REFERRED:
            _move_need(need, NeedStatus.IN_PROGRESS, on_date, actor.user)
        _notify(referral.from_agency, referral, ReferralStatus.IN_SERVICE)
        _finish_audit(actor, "referral.start_service", referral, referral.to_agency)
    return referral


def complete_referral(
    *,
    actor: Actor,
    referral_uuid: Any,
    on_date: dt.date,
    outcome: str,
    expected_version: int | None = None,
) -> Referral:
    """The service was provided (低保 granted, course finished, certificate issued): the
    outcome is recorded and the need is met."""
    with transaction.atomic():
        outcome = _text("outcome", outcome, required=True)
        referral = _step(
            actor,
            referral_uuid,
            side="received",
            sources=(ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE),
            target=ReferralStatus.COMPLETED,
            on_date=on_date,
            expected_version=expected_version,
            outcome=outcome,
        )
        if referral.service_started_on is None:
            referral.service_started_on = on_date
            referral.save(update_fields=["service_started_on"])
        need = SupportNeed.objects.select_for_update().get(pk=referral.need_id)
        if need.status in (NeedStatus.REFERRED, NeedStatus.IN_PROGRESS):
            _move_need(need, NeedStatus.MET, on_date, actor.user)
            SupportNeed.objects.filter(pk=need.pk).update(outcome=outcome)
        _notify(referral.from_agency, referral, ReferralStatus.COMPLETED)
        _finish_audit(actor, "referral.complete", referral, referral.to_agency)
    return referral


def end_referral(
    *,
    actor: Actor,
    referral_uuid: Any,
    on_date: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Referral:
    """The service stopped without being completed (moved away, declined it); the need goes
    back to the sender."""
    with transaction.atomic():
        reason = _text("reason", reason, required=True)
        referral = _step(
            actor,
            referral_uuid,
            side="received",
            sources=(ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE),
            target=ReferralStatus.ENDED,
            on_date=on_date,
            expected_version=expected_version,
            reason=reason,
        )
        _back_to_sender(referral, on_date, actor.user)
        _notify(referral.from_agency, referral, ReferralStatus.ENDED)
        _finish_audit(actor, "referral.end", referral, referral.to_agency)
    return referral


def revoke_referral(
    *,
    actor: Actor,
    referral_uuid: Any,
    on_date: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Referral:
    """The sender takes the referral back: the receiver loses access at once."""
    with transaction.atomic():
        reason = _text("reason", reason, required=True)
        referral = _step(
            actor,
            referral_uuid,
            side="sent",
            sources=OPEN_REFERRAL_STATUSES,
            target=ReferralStatus.REVOKED,
            on_date=on_date,
            expected_version=expected_version,
            reason=reason,
        )
        _back_to_sender(referral, on_date, actor.user)
        _notify(referral.to_agency, referral, ReferralStatus.REVOKED)
        _finish_audit(actor, "referral.revoke", referral, referral.from_agency)
    return referral


def _back_to_sender(referral: Referral, on_date: dt.date, user: Any) -> None:
    need = SupportNeed.objects.select_for_update().get(pk=referral.need_id)
    if need.status in (NeedStatus.REFERRED, NeedStatus.IN_PROGRESS):
        _move_need(need, NeedStatus.PLANNED, on_date, user)


def mark_notifications_read(*, actor: Actor, notification_ids: Iterable[int]) -> int:
    """Mark the user's agencies' notifications read; others' ids are ignored."""
    agency_ids = [scope.agency_id for scope in policy.scopes_of(actor.user)]
    return Notification.objects.filter(
        pk__in=list(notification_ids), agency_id__in=agency_ids, read_at__isnull=True
    ).update(read_at=timezone.now(), read_by=actor.user)


# -- 三无 facts -----------------------------------------------------------------------------

FACT_NAMES = ("no_home", "no_relatives", "no_work", "cannot_work", "no_income", "no_supporter")


def record_livelihood_facts(
    *, actor: Actor, person_uuid: Any, recorded_on: dt.date, facts: dict[str, bool | None]
) -> LivelihoodFacts:
    """Record the 三无 criteria as checked on ``recorded_on`` (unknown ones as None)."""
    with transaction.atomic():
        person = policy.get_person_for_user(actor.user, person_uuid, write=True)
        agency = writing_agency(actor.user, person)
        unknown = set(facts) - set(FACT_NAMES)
        if unknown:
            raise _reject("__all__", _("未知的情况项:%(names)s。") % {"names": ", ".join(unknown)})
        _not_future("recorded_on", recorded_on)
        row = LivelihoodFacts.objects.create(
            person=person,
            recorded_on=recorded_on,
            recorded_by_agency=agency,
            recorded_by=actor.user,
            **{name: facts.get(name) for name in FACT_NAMES},
        )
        _audit(
            actor,
            "livelihood_facts.record",
            "person",
            person.uuid,
            agency,
            recorded_on=recorded_on.isoformat(),
            **{name: facts.get(name) for name in FACT_NAMES},
        )
    return row

"""Approvals (审批): leave, frequent cross-county travel, change of execution place, visitors,
restricted places and level changes.

Leaving the county or moving needs the agency's approval (社区矫正法 art 27 [S]; 刑法 arts
75, 84 [S]). Approvals run on a two-step chain, 司法所 review (审核) → county 司法局 approval
(审批) (domain-rules §1.2); short leave and level changes are decided in one step. The limits
are [M] items of 《社区矫正法实施办法》 and live in ``rules.py`` as province-configurable values.

Who decides which step is one rule, ``_decidable_by``: ``approvals_waiting_for`` lists with it
and ``decide_approval`` checks with it, so the list and the permission cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.access.policy import Scope
from tongxin.audit.record import Actor, record_change
from tongxin.lib.dates import add_months, term_end
from tongxin.organisation.models import Agency, AgencyKind, Role
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    ApprovalStep,
    Assessment,
    Deadline,
    DeadlineStatus,
    Enrollment,
)
from tongxin.programs.registry import ProgramSpec, get_spec
from tongxin.programs.specs import corrections

# approver_level values: who decides the last step.
JUSTICE_OFFICE = "justice_office"  # the owner 司法所, alone (leave ≤ 7 days)
JUSTICE_BUREAU = "justice_bureau"  # a county 司法局 over the owner agency's area
OWNER = "owner"  # the owner agency itself (level changes outside corrections)
# Leave that needs the level above the county is outside this system: it is refused with the
# reason (``_leave_route``), never stored.

REVIEW = "review"
APPROVE = "approve"

OPEN_STATUSES = (ApprovalStatus.SUBMITTED, ApprovalStatus.REVIEWED)
# The 司法所's review is signed by its head; an agency admin stands in for a head.
REVIEWING_ROLES = frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN})

LEAVE_CITATION = "《社区矫正法实施办法》第二十七条(待核)"
FREQUENT_TRAVEL_CITATION = "《社区矫正法实施办法》第二十九条(待核)"
RESIDENCE_CHANGE_CITATION = "《社区矫正法实施办法》第三十条(待核)"
REPORT_NEW_PLACE_CITATION = "《社区矫正法实施办法》第三十一条(待核)"

# Every kind except level changes carries out a corrections rule (domain-rules §1.7).
CORRECTIONS_ONLY = frozenset(
    {
        ApprovalKind.LEAVE,
        ApprovalKind.FREQUENT_TRAVEL,
        ApprovalKind.RESIDENCE_CHANGE,
        ApprovalKind.VISITOR,
        ApprovalKind.PROHIBITED_PLACE,
    }
)
# A case moves, changes level or holds a travel permit one request at a time.
ONE_OPEN_AT_A_TIME = frozenset(
    {ApprovalKind.FREQUENT_TRAVEL, ApprovalKind.RESIDENCE_CHANGE, ApprovalKind.LEVEL_CHANGE}
)
TEXT_LIMIT = 300
RISK_LEVELS = range(6)  # 危险性评估 0–5 (national public health service specification)


def _reject(field: str, message: str) -> CaseworkRejected:
    return CaseworkRejected({field: [message]})


def _audit(actor: Actor, action: str, approval: Approval, details: dict[str, Any]) -> None:
    enrollment = approval.enrollment
    record_change(
        actor=actor,
        action=action,
        object_type="approval",
        object_ids=[approval.uuid],
        # The payload (visitor names, addresses) stays out of the audit trail; the stored
        # program code is keyed for closed programs.
        details={
            "program": enrollment.program,
            "enrollment": str(enrollment.uuid),
            "person": str(enrollment.person.uuid),
            "kind": approval.kind,
            "status": approval.status,
            **details,
        },
        agency_name=enrollment.owner_agency.name,
    )


def _text(
    payload: dict[str, Any], key: str, errors: dict[str, list[str]], *, required: bool
) -> str:
    value = str(payload.get(key) or "").strip()
    if required and not value:
        errors.setdefault(key, []).append(_("此项必填。"))
    elif len(value) > TEXT_LIMIT:
        errors.setdefault(key, []).append(_("不能超过 %(n)d 个字,请精简。") % {"n": TEXT_LIMIT})
    return value


# -- who decides ---------------------------------------------------------------------------


def _next_step(approval: Approval) -> str:
    if approval.steps_required == 2 and approval.status == ApprovalStatus.SUBMITTED:
        return REVIEW
    return APPROVE


def _decidable_by(scope: Scope) -> Q:
    """Open approvals whose next step this membership may decide.

    - review (two-step requests, still submitted): a supervisor or agency admin of the case's
      owner agency (the 司法所 that runs the case);
    - one-step approval by the 司法所: the same people;
    - one-step approval by the owner agency (level changes outside corrections): a
      supervisor of the owner agency;
    - approval by the county: a supervisor of a 司法局 whose jurisdiction contains the owner
      agency's region, once reviewed (or at once for one-step requests).
    """
    if not scope.can_write or scope.role not in REVIEWING_ROLES:
        return Q(pk__in=[])
    own_case = Q(enrollment__owner_agency_id=scope.agency_id, status=ApprovalStatus.SUBMITTED)
    condition = own_case & (Q(steps_required=2) | Q(approver_level=JUSTICE_OFFICE))
    if scope.role == Role.SUPERVISOR:
        condition |= own_case & Q(steps_required=1, approver_level=OWNER)
        if scope.agency_kind == AgencyKind.JUSTICE_BUREAU:
            condition |= Q(
                approver_level=JUSTICE_BUREAU,
                enrollment__owner_agency__region__path__startswith=scope.jurisdiction_path,
            ) & (
                Q(steps_required=2, status=ApprovalStatus.REVIEWED)
                | Q(steps_required=1, status=ApprovalStatus.SUBMITTED)
            )
    return condition


def approvals_waiting_for(user: Any) -> QuerySet[Approval]:
    """Open approvals of open cases whose next step ``user`` may decide. Nobody decides their
    own request, and whoever reviewed a request does not also approve it."""
    scopes = policy.scopes_of(user)
    if not scopes:
        return Approval.objects.none()
    condition = Q(pk__in=[])
    for scope in scopes:
        condition |= _decidable_by(scope)
    return (
        Approval.objects.filter(
            condition,
            status__in=OPEN_STATUSES,
            enrollment__ended_on__isnull=True,
            enrollment__in=policy.enrollments_visible_to(user, write=True),
        )
        .exclude(requested_by=user)
        .exclude(steps__decided_by=user)
    )


def _why_not(user: Any, approval: Approval) -> str:
    """Why ``user`` may not decide the next step (the rule itself is ``_decidable_by``)."""
    owner = approval.enrollment.owner_agency
    if any(
        Approval.objects.filter(pk=approval.pk).filter(_decidable_by(scope)).exists()
        for scope in policy.scopes_of(user)
    ):
        # The right office, but the wrong person for this request.
        if approval.requested_by_id == user.pk:
            return _("申请人不能审核或审批本人提出的申请。")
        return _("您已审核过此申请,须由另一位负责人审批。")
    if _next_step(approval) == REVIEW:
        if any(policy.is_bureau_supervisor_over(scope, owner) for scope in policy.scopes_of(user)):
            return _("此申请须先由%(agency)s审核,审核同意后县司法局才能审批。") % {
                "agency": owner.name
            }
        return _("只有%(agency)s的主管或机构管理员才能审核此申请。") % {"agency": owner.name}
    if approval.approver_level == JUSTICE_OFFICE:
        return _("只有%(agency)s的主管或机构管理员才能批准此申请。") % {"agency": owner.name}
    if approval.approver_level == OWNER:
        return _("只有%(agency)s的主管才能批准此申请。") % {"agency": owner.name}
    return _("只有辖区包含%(agency)s的县司法局主管才能审批此申请。") % {"agency": owner.name}


def _deciding_agency_id(user: Any, approval: Approval) -> int:
    """The agency in whose name a permitted user decides: the first membership that allows
    the next step (one exists, since ``approvals_waiting_for`` listed the approval)."""
    return next(
        scope.agency_id
        for scope in policy.scopes_of(user)
        if Approval.objects.filter(pk=approval.pk).filter(_decidable_by(scope)).exists()
    )


# -- reading -------------------------------------------------------------------------------


def get_approval_for_user(user: Any, approval_uuid: Any, *, write: bool = False) -> Approval:
    """The approval if its case is visible to ``user`` (workable, with write=True), else 404."""
    try:
        parsed = (
            approval_uuid
            if isinstance(approval_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(approval_uuid))
        )
        return Approval.objects.select_related(
            "enrollment__person", "enrollment__owner_agency__region", "requested_by"
        ).get(uuid=parsed, enrollment__in=policy.enrollments_visible_to(user, write=write))
    except (Approval.DoesNotExist, ValueError) as exc:
        raise Http404("no such approval in your scope") from exc


# -- leave arithmetic ----------------------------------------------------------------------


def _days(starts_on: dt.date, ends_on: dt.date) -> int:
    return (ends_on - starts_on).days + 1


def _approved_leave_days_before(
    enrollment: Enrollment, starts_on: dt.date, rules: dict[str, Any]
) -> int:
    """Days of approved leave within the window of months before ``starts_on`` (the request
    being decided is not approved yet, so it never counts itself)."""
    window_start = add_months(starts_on, -rules["leave_window_months"])
    window_end = starts_on - dt.timedelta(days=1)
    approved = Approval.objects.filter(
        enrollment=enrollment,
        kind=ApprovalKind.LEAVE,
        status=ApprovalStatus.APPROVED,
        starts_on__lte=window_end,
        ends_on__gte=window_start,
    )
    return sum(
        _days(max(leave.starts_on, window_start), min(leave.ends_on, window_end))
        for leave in approved
        if leave.starts_on is not None and leave.ends_on is not None
    )


def _leave_route(
    enrollment: Enrollment,
    starts_on: dt.date,
    ends_on: dt.date,
    rules: dict[str, Any],
) -> tuple[int, str]:
    """(steps required, approver level) for a leave, or a refusal when it needs the level
    above the county: over 30 days in one request, or over 30 days in total with the leave
    approved in the 2 months before the start (实施办法 ~art 27 [M])."""
    days = _days(starts_on, ends_on)
    if days > rules["leave_max_days"]:
        raise _reject(
            "ends_on",
            _(
                "外出 %(days)d 日,超过每次 %(max)d 日的上限,须报上一级社区矫正机构批准,"
                "本县不能批准;请缩短外出时间,或按上级机构的程序另行报批(%(cite)s)。"
            )
            % {"days": days, "max": rules["leave_max_days"], "cite": LEAVE_CITATION},
        )
    prior = _approved_leave_days_before(enrollment, starts_on, rules)
    if prior + days > rules["leave_window_max_days"]:
        raise _reject(
            "ends_on",
            _(
                "开始日期前 %(months)d 个月内已批准外出 %(prior)d 日,加上本次 %(days)d 日共 "
                "%(total)d 日,超过 %(max)d 日,须报上一级社区矫正机构批准,本县不能批准(%(cite)s)。"
            )
            % {
                "months": rules["leave_window_months"],
                "prior": prior,
                "days": days,
                "total": prior + days,
                "max": rules["leave_window_max_days"],
                "cite": LEAVE_CITATION,
            },
        )
    if days <= rules["leave_office_max_days"]:
        return 1, JUSTICE_OFFICE
    return 2, JUSTICE_BUREAU


# -- request -------------------------------------------------------------------------------


def _clean_dates(
    kind: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    today: dt.date,
    rules: dict[str, Any],
) -> tuple[dt.date | None, dt.date | None]:
    """Check the dates each kind needs; frequent travel gets its 6-month end."""
    if kind == ApprovalKind.LEVEL_CHANGE:
        if starts_on is not None or ends_on is not None:
            raise _reject("starts_on", _("等级调整自批准之日起生效,不填写起止日期。"))
        return None, None
    if starts_on is None:
        raise _reject("starts_on", _("请填写开始日期。"))
    if starts_on < today:
        raise _reject("starts_on", _("开始日期不能早于今天(%(d)s)。") % {"d": today.isoformat()})
    if kind == ApprovalKind.RESIDENCE_CHANGE:
        if ends_on is not None:
            raise _reject("ends_on", _("变更执行地只填写迁居日期,不填写结束日期。"))
        months = rules["residence_change_notice_months"]
        earliest = add_months(today, months)
        if starts_on < earliest:
            raise _reject(
                "starts_on",
                _("变更执行地须提前 %(months)d 个月申请,迁居日期最早为 %(earliest)s(%(cite)s)。")
                % {
                    "months": months,
                    "earliest": earliest.isoformat(),
                    "cite": RESIDENCE_CHANGE_CITATION,
                },
            )
        return starts_on, None
    if kind == ApprovalKind.FREQUENT_TRAVEL:
        valid_until = term_end(starts_on, months=rules["frequent_travel_months"])
        if ends_on is not None and ends_on > valid_until:
            raise _reject(
                "ends_on",
                _("经常性跨市县活动每次批准有效期最长 %(months)d 个月,至 %(end)s 止(%(cite)s)。")
                % {
                    "months": rules["frequent_travel_months"],
                    "end": valid_until.isoformat(),
                    "cite": FREQUENT_TRAVEL_CITATION,
                },
            )
        ends_on = ends_on or valid_until
    elif kind in (ApprovalKind.LEAVE, ApprovalKind.PROHIBITED_PLACE) and ends_on is None:
        raise _reject("ends_on", _("请填写结束日期。"))
    if kind == ApprovalKind.LEAVE:
        earliest = today + dt.timedelta(days=rules["leave_notice_days"])
        if starts_on < earliest:
            raise _reject(
                "starts_on",
                _("外出须至少提前 %(n)d 日申请,开始日期最早为 %(d)s(%(cite)s)。")
                % {
                    "n": rules["leave_notice_days"],
                    "d": earliest.isoformat(),
                    "cite": LEAVE_CITATION,
                },
            )
    if ends_on is not None and ends_on < starts_on:
        raise _reject("ends_on", _("结束日期不能早于开始日期。"))
    return starts_on, ends_on


def _clean_payload(
    kind: str, payload: dict[str, Any], enrollment: Enrollment, spec: ProgramSpec
) -> dict[str, Any]:
    """Keep only the fields the kind's form has (domain-rules §1.2), each checked."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    if kind in (ApprovalKind.LEAVE, ApprovalKind.FREQUENT_TRAVEL):
        cleaned["destination"] = _text(payload, "destination", errors, required=True)
    elif kind == ApprovalKind.VISITOR:
        cleaned["visitor_name"] = _text(payload, "visitor_name", errors, required=True)
        cleaned["time"] = _text(payload, "time", errors, required=False)
        cleaned["place"] = _text(payload, "place", errors, required=True)
    elif kind == ApprovalKind.PROHIBITED_PLACE:
        cleaned["place"] = _text(payload, "place", errors, required=True)
    elif kind == ApprovalKind.RESIDENCE_CHANGE:
        cleaned["new_address"] = _text(payload, "new_address", errors, required=True)
        agency = _destination_agency(payload.get("destination_agency"), enrollment, errors)
        if agency is not None:
            cleaned["destination_agency"] = agency.pk
            cleaned["destination_agency_name"] = agency.name
    elif kind == ApprovalKind.LEVEL_CHANGE:
        cleaned.update(_clean_level_change(payload, enrollment, spec, errors))
    cleaned["reason"] = _text(payload, "reason", errors, required=True)
    if errors:
        raise CaseworkRejected(errors)
    return cleaned


def _destination_agency(
    value: Any, enrollment: Enrollment, errors: dict[str, list[str]]
) -> Agency | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        pk = 0
    agency = Agency.objects.filter(
        pk=pk,
        is_active=True,
        kind__in=[AgencyKind.JUSTICE_OFFICE, AgencyKind.JUSTICE_BUREAU],
    ).first()
    if agency is None:
        errors["destination_agency"] = [_("请选择新执行地的司法所或司法局。")]
    elif agency.pk == enrollment.owner_agency_id:
        errors["destination_agency"] = [_("新执行地的机构与现负责机构相同,无需变更执行地。")]
        return None
    return agency


def _clean_level_change(
    payload: dict[str, Any],
    enrollment: Enrollment,
    spec: ProgramSpec,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    level = str(payload.get("level") or "")
    levels = spec.levels()
    if level not in levels:
        errors["level"] = [
            _("请选择等级:%(choices)s。")
            % {"choices": "、".join(str(rule.label) for rule in levels.values())}
        ]
    elif level == enrollment.level:
        errors["level"] = [_("案件已是该等级,无需调整。")]
    cleaned: dict[str, Any] = {"level": level}
    risk: Any = payload.get("risk_level")
    if risk not in (None, ""):
        try:
            risk_level = int(risk)
        except (TypeError, ValueError):
            risk_level = -1
        if risk_level not in RISK_LEVELS:
            errors["risk_level"] = [_("危险性等级应为 0 到 5 级。")]
        cleaned["risk_level"] = risk_level
    assessment = str(payload.get("assessment") or "").strip()
    if assessment:
        try:
            found = Assessment.objects.filter(
                enrollment=enrollment, uuid=uuid_module.UUID(assessment)
            ).exists()
        except ValueError:
            found = False
        if not found:
            errors["assessment"] = [_("所选评估不属于此案件,请重新选择。")]
        cleaned["assessment"] = assessment
    return cleaned


def request_approval(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    kind: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    payload: dict[str, Any],
) -> Approval:
    """Ask for an approval on an open case.

    Steps: check the kind; fetch the case through the policy (404 outside scope); refuse a
    case that is not in a scheduling status (pending report, suspended, ended), a kind that
    is not of its program, and a second open request where one at a time is allowed; check
    the dates and the form fields; route it (one or two steps, and who approves); write and
    audit.
    """
    if kind not in ApprovalKind.values:
        raise _reject("kind", _("请选择申请事项。"))
    today = timezone.localdate()
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        spec = get_spec(enrollment.program)
        if enrollment.ended_on is not None or enrollment.status not in spec.scheduling_statuses:
            raise _reject(
                "__all__",
                _("案件当前状态为“%(status)s”,不能提出申请。")
                % {"status": spec.statuses[enrollment.status]},
            )
        if kind in CORRECTIONS_ONLY and spec.code != corrections.SPEC.code:
            raise _reject(
                "kind",
                _("“%(kind)s”只适用于社区矫正案件。") % {"kind": ApprovalKind(kind).label},
            )
        if (
            kind in ONE_OPEN_AT_A_TIME
            and Approval.objects.filter(
                enrollment=enrollment, kind=kind, status__in=OPEN_STATUSES
            ).exists()
        ):
            raise _reject(
                "kind",
                _("此案件已有一项待办的“%(kind)s”申请,请等其办结或撤回后再申请。")
                % {"kind": ApprovalKind(kind).label},
            )
        rules = spec.rules()
        starts_on, ends_on = _clean_dates(kind, starts_on, ends_on, today, rules)
        cleaned = _clean_payload(kind, payload, enrollment, spec)
        steps, level = 2, JUSTICE_BUREAU
        if kind == ApprovalKind.LEAVE:
            assert starts_on is not None and ends_on is not None
            _refuse_overlapping_leave(enrollment, starts_on, ends_on)
            steps, level = _leave_route(enrollment, starts_on, ends_on, rules)
        elif kind == ApprovalKind.LEVEL_CHANGE:
            # Corrections levels are set by the county (domain-rules §1.5); other programs'
            # levels by the owner agency's supervisor.
            steps = 1
            level = JUSTICE_BUREAU if spec.code == corrections.SPEC.code else OWNER
        approval = Approval(
            enrollment=enrollment,
            kind=kind,
            approver_level=level,
            steps_required=steps,
            starts_on=starts_on,
            ends_on=ends_on,
            requested_by=actor.user,
            requested_on=today,
        )
        approval.payload = cleaned
        approval.save()
        _audit(
            actor,
            "approval.request",
            approval,
            {"approver_level": level, "steps_required": steps},
        )
    return approval


def _refuse_overlapping_leave(enrollment: Enrollment, starts_on: dt.date, ends_on: dt.date) -> None:
    clash = (
        Approval.objects.filter(
            enrollment=enrollment,
            kind=ApprovalKind.LEAVE,
            status__in=[*OPEN_STATUSES, ApprovalStatus.APPROVED],
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        .order_by("starts_on")
        .first()
    )
    if clash is not None and clash.starts_on is not None and clash.ends_on is not None:
        raise _reject(
            "starts_on",
            _("与已提交或已批准的外出(%(start)s 至 %(end)s)时间重叠。")
            % {"start": clash.starts_on.isoformat(), "end": clash.ends_on.isoformat()},
        )


# -- decide and withdraw ---------------------------------------------------------------------


def _claim(approval: Approval, status: str, expected_version: int | None) -> None:
    """Move the approval on only if nobody decided or withdrew it since it was read (and,
    with ``expected_version``, since the form was opened)."""
    version = approval.version if expected_version is None else expected_version
    moved = Approval.objects.filter(pk=approval.pk, status=approval.status, version=version).update(
        status=status, version=F("version") + 1
    )
    if moved != 1:
        raise _reject(
            "__all__", _("此申请在您打开后已被他人处理,请刷新后重新操作,您的输入未保存。")
        )
    approval.status = status
    approval.version = version + 1


def decide_approval(
    *,
    actor: Actor,
    approval_uuid: Any,
    agreed: bool,
    opinion: str,
    expected_version: int | None = None,
) -> Approval:
    """Record the next step's decision (review or approval) with its written opinion.

    Steps: require an opinion; fetch through the policy (404 outside scope); refuse a closed
    request and anyone the rule does not name for the next step, with the reason; an
    agreement needs the case still in a scheduling status, and a leave is routed again
    against the leave approved since it was asked for; move the status (a disagreeing
    review or approval ends the request as rejected); write the step; on approval carry it
    out (transfer the case, change the level); audit.
    """
    opinion = opinion.strip()
    if not opinion:
        raise _reject("opinion", _("请填写审核或审批意见。"))
    today = timezone.localdate()
    with transaction.atomic():
        approval = get_approval_for_user(actor.user, approval_uuid, write=True)
        if approval.status not in OPEN_STATUSES:
            raise _reject(
                "__all__",
                _("此申请已办结(%(status)s),不能再作决定。")
                % {"status": approval.get_status_display()},
            )
        if approval.enrollment.ended_on is not None:
            raise _reject("__all__", _("案件已结束,此申请不能再作决定,可由申请人撤回。"))
        if not approvals_waiting_for(actor.user).filter(pk=approval.pk).exists():
            raise _reject("__all__", _why_not(actor.user, approval))
        agency_id = _deciding_agency_id(actor.user, approval)
        step = _next_step(approval)
        enrollment = approval.enrollment
        spec = get_spec(enrollment.program)
        if agreed and enrollment.status not in spec.scheduling_statuses:
            raise _reject(
                "__all__",
                _("案件当前状态为“%(status)s”,不能同意此申请。")
                % {"status": spec.statuses[enrollment.status]},
            )
        final = step == APPROVE
        if agreed and final:
            _check_still_allowed(approval, enrollment, spec)
        if not agreed:
            status = ApprovalStatus.REJECTED
        elif final:
            status = ApprovalStatus.APPROVED
        else:
            status = ApprovalStatus.REVIEWED
        _claim(approval, status, expected_version)
        ApprovalStep.objects.create(
            approval=approval,
            step=step,
            agreed=agreed,
            opinion=opinion,
            decided_by=actor.user,
            agency_id=agency_id,
            decided_at=timezone.now(),
        )
        if status == ApprovalStatus.APPROVED:
            _carry_out(actor, approval, enrollment, spec, today)
        _audit(actor, f"approval.{step}", approval, {"agreed": agreed})
    return approval


def _check_still_allowed(approval: Approval, enrollment: Enrollment, spec: ProgramSpec) -> None:
    """What was checked at the request may have changed while it waited."""
    if approval.kind == ApprovalKind.LEAVE:
        assert approval.starts_on is not None and approval.ends_on is not None
        _leave_route(enrollment, approval.starts_on, approval.ends_on, spec.rules())
    elif (
        approval.kind == ApprovalKind.LEVEL_CHANGE and approval.payload["level"] == enrollment.level
    ):
        raise _reject("__all__", _("案件已是该等级,无需调整;请不予批准或由申请人撤回。"))


def _carry_out(
    actor: Actor, approval: Approval, enrollment: Enrollment, spec: ProgramSpec, today: dt.date
) -> None:
    payload = approval.payload
    if approval.kind == ApprovalKind.RESIDENCE_CHANGE:
        _transfer(actor, approval, enrollment, spec, payload, today)
    elif approval.kind == ApprovalKind.LEVEL_CHANGE:
        actions.change_level(
            actor=actor,
            enrollment_uuid=enrollment.uuid,
            level=payload["level"],
            reason=payload["reason"],
            effective_on=today,
            # A proposal from an assessment: that assessment already recorded the risk level,
            # and a newer one may have changed it while the proposal waited.
            risk_level=None if payload.get("assessment") else payload.get("risk_level"),
        )


def _transfer(
    actor: Actor,
    approval: Approval,
    enrollment: Enrollment,
    spec: ProgramSpec,
    payload: dict[str, Any],
    today: dt.date,
) -> None:
    """Hand the case to the new place's agency (实施办法 ~arts 30–31 [M]): it owns the case
    and its open alerts, picks its own responsible worker, and the person must report to it
    within 7 days of the decision."""
    destination = Agency.objects.filter(pk=payload["destination_agency"], is_active=True).first()
    if destination is None:
        raise _reject(
            "__all__", _("新执行地的机构已停用,请不予批准,由申请人重新选择机构后再申请。")
        )
    previous = enrollment.owner_agency
    Enrollment.objects.filter(pk=enrollment.pk).update(
        owner_agency=destination,
        responsible_worker=None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    enrollment.owner_agency = destination
    enrollment.responsible_worker = None
    enrollment.alerts.filter(resolved_at__isnull=True).update(
        owner_agency=destination, assignee=None
    )
    # A move replaces any earlier report-to-new-place deadline still open.
    Deadline.objects.filter(
        enrollment=enrollment, code="report_new_place", status=DeadlineStatus.OPEN
    ).update(status=DeadlineStatus.WAIVED)
    Deadline.objects.create(
        enrollment=enrollment,
        code="report_new_place",
        due_on=today + dt.timedelta(days=spec.rules()["report_new_place_days"]),
        citation=REPORT_NEW_PLACE_CITATION,
    )
    record_change(
        actor=actor,
        action="enrollment.transfer",
        object_type="enrollment",
        object_ids=[enrollment.uuid],
        details={
            "program": enrollment.program,
            "person": str(enrollment.person.uuid),
            "approval": str(approval.uuid),
            "from_agency": previous.name,
            "to_agency": destination.name,
        },
        agency_name=destination.name,
    )


def withdraw_approval(*, actor: Actor, approval_uuid: Any) -> Approval:
    """The requester takes back a request that is still waiting for a decision."""
    with transaction.atomic():
        approval = get_approval_for_user(actor.user, approval_uuid, write=True)
        if approval.status not in OPEN_STATUSES:
            raise _reject(
                "__all__",
                _("此申请已办结(%(status)s),不能撤回。")
                % {"status": approval.get_status_display()},
            )
        if approval.requested_by_id != actor.user.pk:
            raise _reject("__all__", _("只有申请人本人可以撤回申请。"))
        _claim(approval, ApprovalStatus.WITHDRAWN, None)
        _audit(actor, "approval.withdraw", approval, {})
    return approval


def record_report_at_new_place(
    *, actor: Actor, enrollment_uuid: Any, reported_on: dt.date
) -> Deadline:
    """The new place's agency records that the person reported after a change of execution
    place; this meets the 7-day deadline (late reports too: ``met_on`` shows the delay, and
    the missed-deadline alert is resolved)."""
    if reported_on > timezone.localdate():
        raise _reject("reported_on", _("报到日期不能晚于今天。"))
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        if not policy.works_for(actor.user, enrollment.owner_agency_id):
            raise _reject(
                "__all__",
                _("新执行地报到须由负责机构%(agency)s登记。")
                % {"agency": enrollment.owner_agency.name},
            )
        deadline = Deadline.objects.filter(
            enrollment=enrollment,
            code="report_new_place",
            status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED],
        ).first()
        if deadline is None:
            raise _reject("__all__", _("此案件没有待登记的新执行地报到。"))
        if reported_on < timezone.localtime(deadline.created_at).date():
            raise _reject("reported_on", _("报到日期不能早于变更执行地的批准日期。"))
        deadline.status, deadline.met_on = DeadlineStatus.MET, reported_on
        deadline.save(update_fields=["status", "met_on"])
        enrollment.alerts.filter(
            cause_key=f"deadline:{deadline.uuid}", resolved_at__isnull=True
        ).update(resolved_at=timezone.now())
        record_change(
            actor=actor,
            action="enrollment.report_new_place",
            object_type="enrollment",
            object_ids=[enrollment.uuid],
            details={
                "program": enrollment.program,
                "person": str(enrollment.person.uuid),
                "deadline": str(deadline.uuid),
                "on": reported_on.isoformat(),
                "late": reported_on > deadline.due_on,
            },
            agency_name=enrollment.owner_agency.name,
        )
    return deadline

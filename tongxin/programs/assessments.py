"""Assessments that may propose a level change: the mental-health risk assessment and the
corrections classification. An assessment never changes the level itself; it files a
level-change proposal (an ``Approval`` of kind ``level_change``) that a person approves.

- Mental health (domain-rules §3.2): risk 0–5 and the state of symptoms, insight and social
  function give the stability (``mental_health.stability_for``). The risk level is a fact, not
  a level decision: it is written to the case at once, because the police risk alert reads it.
- Corrections (domain-rules §1.5, a provincial example [L]): strict (严管) if the person
  entered correction less than 2 months ago, is assessed high risk, had 2 or more reprimands
  or any warning, was punished by the police, or failed an assessment; lenient (宽管) after 6
  months in ordinary (普管) with an average quarterly score of at least 80, after 3 praises in
  a row, or if assessed low risk; otherwise ordinary. Thresholds are in rules.py
  (``corrections.classification``).

One open level-change proposal per case: while one waits, a new assessment is stored but
proposes nothing, and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change
from tongxin.lib.dates import add_months
from tongxin.programs.actions import CaseworkRejected, _audit, _reject
from tongxin.programs.measures import count_measures, decided_measures, entered_on, escalation_for
from tongxin.programs.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Assessment,
    AssessmentKind,
    Enrollment,
    LevelChange,
    MeasureKind,
)
from tongxin.programs.registry import get_spec
from tongxin.programs.specs import corrections, mental_health

REOFFENDING_RISKS = {"high": _lazy("高风险"), "medium": _lazy("中风险"), "low": _lazy("低风险")}
OPEN_APPROVAL = (ApprovalStatus.SUBMITTED, ApprovalStatus.REVIEWED)


@dataclass(frozen=True)
class AssessmentOutcome:
    assessment: Assessment
    proposal: Approval | None
    # Why no proposal was filed although the assessed level differs from the current one.
    notice: str = ""


@dataclass(frozen=True)
class ClassificationInputs:
    months_since_entry: int
    reoffending_risk: str
    reprimands: int
    warnings: int
    public_security_penalty: bool
    failed_assessment: bool
    praises_in_a_row: int
    months_in_ordinary: int
    average_quarterly_score: float | None


def full_months(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (31 Jan → 28 Feb is one month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def classify(inputs: ClassificationInputs, rules: dict[str, Any]) -> tuple[str, list[str]]:
    """The proposed level and the reasons for it."""
    limits = rules["classification"]
    strict: list[str] = []
    if inputs.months_since_entry < rules["strict_first_months"]:
        strict.append(_("入矫不满%(n)d个月") % {"n": rules["strict_first_months"]})
    if inputs.reoffending_risk == "high":
        strict.append(_("综合评估为高风险"))
    if inputs.reprimands >= limits["strict_reprimands"]:
        strict.append(
            _("近%(m)d个月受训诫%(n)d次")
            % {"m": limits["sanction_window_months"], "n": inputs.reprimands}
        )
    if inputs.warnings >= limits["strict_warnings"]:
        strict.append(_("近%(m)d个月受警告") % {"m": limits["sanction_window_months"]})
    if inputs.public_security_penalty:
        strict.append(_("受到治安管理处罚"))
    if inputs.failed_assessment:
        strict.append(_("考核不合格"))
    if strict:
        return "strict", strict
    lenient: list[str] = []
    score = inputs.average_quarterly_score
    if (
        inputs.months_in_ordinary >= limits["lenient_ordinary_months"]
        and score is not None
        and score >= limits["lenient_min_score"]
    ):
        lenient.append(
            _("普管满%(n)d个月且季度考核平均%(s)s分")
            % {"n": limits["lenient_ordinary_months"], "s": f"{score:g}"}
        )
    if inputs.praises_in_a_row >= limits["lenient_praises_in_a_row"]:
        lenient.append(_("连续%(n)d次受到表扬") % {"n": inputs.praises_in_a_row})
    if inputs.reoffending_risk == "low":
        lenient.append(_("综合评估为低风险"))
    if lenient:
        return "lenient", lenient
    return "ordinary", [_("不符合严管或宽管条件")]


def months_in_ordinary(enrollment: Enrollment, on: dt.date) -> int:
    """Whole months since the case last left strict management (0 while strict)."""
    if enrollment.level == "strict":
        return 0
    left_strict: dt.date | None = None
    for change in LevelChange.objects.filter(enrollment=enrollment, effective_on__lte=on):
        if change.to_level == "strict":
            left_strict = None
        elif left_strict is None:
            left_strict = change.effective_on
    return full_months(left_strict, on) if left_strict else 0


def propose_level_change(
    *,
    actor: Actor,
    enrollment: Enrollment,
    assessment: Assessment,
    reason: str,
) -> tuple[Approval | None, str]:
    """File a level-change proposal for approval, unless the level stays or one is open."""
    level = assessment.proposed_level
    if level == enrollment.level:
        return None, ""
    if Approval.objects.filter(
        enrollment=enrollment, kind=ApprovalKind.LEVEL_CHANGE, status__in=OPEN_APPROVAL
    ).exists():
        return None, _(
            "已有一项管理等级调整申请正在审批,本次评估未另行提出;审批完成后如仍需调整,请重新评估。"
        )
    spec = get_spec(enrollment.program)
    proposal = Approval(
        enrollment=enrollment,
        kind=ApprovalKind.LEVEL_CHANGE,
        status=ApprovalStatus.SUBMITTED,
        # The county agency approves corrections level changes (domain-rules §1.5); other
        # programs' lead agency decides its own.
        approver_level="justice_bureau" if spec.code == "corrections" else "owner",
        steps_required=1,
        requested_by=actor.user,
        requested_on=timezone.localdate(),
    )
    proposal.payload = {
        "level": level,
        "risk_level": enrollment.risk_level,
        "reason": reason,
        "assessment": str(assessment.uuid),
    }
    proposal.save()
    # Audited as an approval, like a request filed by hand, so its history starts here.
    record_change(
        actor=actor,
        action="approval.request",
        object_type="approval",
        object_ids=[proposal.uuid],
        details={
            "program": enrollment.program,
            "enrollment": str(enrollment.uuid),
            "person": str(enrollment.person.uuid),
            "kind": proposal.kind,
            "status": proposal.status,
            "approver_level": proposal.approver_level,
            "steps_required": proposal.steps_required,
            "from": enrollment.level,
            "to": level,
            "assessment": str(assessment.uuid),
        },
        agency_name=enrollment.owner_agency.name,
    )
    return proposal, ""


def _case(actor: Actor, enrollment_uuid: Any, program: str, assessed_on: dt.date) -> Enrollment:
    enrollment: Enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
    if get_spec(enrollment.program).code != program:
        raise _reject("__all__", _("此评估不适用于该项目。"))
    if enrollment.ended_on is not None:
        raise _reject("__all__", _("案件已结束,不能再评估。"))
    if assessed_on < enrollment.started_on:
        raise _reject(
            "assessed_on",
            _("评估日期不能早于登记开始日期 %(d)s。") % {"d": enrollment.started_on.isoformat()},
        )
    return enrollment


def record_risk_assessment(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    assessed_on: dt.date,
    risk_level: int,
    symptoms_controlled: bool,
    insight_good: bool,
    social_function_good: bool,
    notes: str = "",
) -> AssessmentOutcome:
    """A mental-health risk assessment (危险性评估) at a follow-up.

    Steps: check the input; fetch the case; store the assessment with its inputs (encrypted);
    write the risk level to the case at once (the police alert depends on it) with a version
    bump and an audit row; propose the stability level if it differs from the current one.
    """
    errors: dict[str, list[str]] = {}
    if isinstance(risk_level, bool) or risk_level not in mental_health.RISK_LEVELS:
        errors["risk_level"] = [_("危险性等级应为 0 到 5 级。")]
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("评估日期不能晚于今天。")]
    if errors:
        raise CaseworkRejected(errors)
    controlled = symptoms_controlled and insight_good and social_function_good
    stability = mental_health.stability_for(risk_level, symptoms_controlled=controlled)
    with transaction.atomic():
        enrollment = _case(actor, enrollment_uuid, "mental_health", assessed_on)
        assessment = Assessment(
            enrollment=enrollment,
            kind=AssessmentKind.MENTAL_HEALTH_RISK,
            assessed_on=assessed_on,
            risk_level=risk_level,
            proposed_level=stability,
            assessor=actor.user,
        )
        assessment.inputs = {
            "symptoms_controlled": symptoms_controlled,
            "insight_good": insight_good,
            "social_function_good": social_function_good,
            "notes": notes.strip(),
        }
        assessment.save()
        previous_risk = enrollment.risk_level
        enrollment.risk_level = risk_level
        Enrollment.objects.filter(pk=enrollment.pk).update(
            risk_level=risk_level, version=F("version") + 1, updated_at=timezone.now()
        )
        enrollment.version += 1
        _audit(
            actor,
            "assessment.risk",
            enrollment,
            {
                "assessment": str(assessment.uuid),
                "on": assessed_on.isoformat(),
                "risk_from": previous_risk,
                "risk_to": risk_level,
                "proposed_level": stability,
            },
        )
        reason = _("危险性评估为%(risk)d级,%(level)s") % {
            "risk": risk_level,
            "level": mental_health.SPEC.level_labels[stability],
        }
        proposal, notice = propose_level_change(
            actor=actor, enrollment=enrollment, assessment=assessment, reason=reason
        )
    return AssessmentOutcome(assessment, proposal, notice)


def record_classification_assessment(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    assessed_on: dt.date,
    reoffending_risk: str,
    public_security_penalty: bool,
    failed_assessment: bool,
    average_quarterly_score: float | None = None,
    notes: str = "",
) -> AssessmentOutcome:
    """A corrections classification assessment (分类管理评估).

    Steps: check the input; fetch the case (reported, open); compute the counted inputs
    (months since entry, reprimands and warnings in the window, praises in a row, months
    out of strict management); classify; store the assessment with every input; propose the
    level if it differs from the current one.
    """
    errors: dict[str, list[str]] = {}
    if reoffending_risk not in REOFFENDING_RISKS:
        errors["reoffending_risk"] = [_("请选择再犯罪风险评估结果:高、中或低。")]
    if average_quarterly_score is not None and not 0 <= average_quarterly_score <= 100:
        errors["average_quarterly_score"] = [_("季度考核平均分应在 0 到 100 之间。")]
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = [_("评估日期不能晚于今天。")]
    if errors:
        raise CaseworkRejected(errors)
    rules = corrections.SPEC.rules()
    window = rules["classification"]["sanction_window_months"]
    with transaction.atomic():
        enrollment = _case(actor, enrollment_uuid, "corrections", assessed_on)
        if enrollment.status == "pending_report":
            raise _reject("__all__", _("此人尚未报到入矫,入矫后再进行分类评估。"))
        measures = decided_measures(enrollment, assessed_on)
        recent = [m for m in measures if m.decided_on > add_months(assessed_on, -window)]
        counters = count_measures(measures, escalation_for(enrollment))
        inputs = ClassificationInputs(
            months_since_entry=full_months(entered_on(enrollment), assessed_on),
            reoffending_risk=reoffending_risk,
            reprimands=sum(m.kind == MeasureKind.REPRIMAND for m in recent),
            warnings=sum(m.kind == MeasureKind.WARNING for m in recent),
            public_security_penalty=public_security_penalty,
            failed_assessment=failed_assessment,
            praises_in_a_row=counters.praises_in_a_row,
            months_in_ordinary=months_in_ordinary(enrollment, assessed_on),
            average_quarterly_score=average_quarterly_score,
        )
        level, reasons = classify(inputs, rules)
        assessment = Assessment(
            enrollment=enrollment,
            kind=AssessmentKind.CORRECTIONS_CLASSIFICATION,
            assessed_on=assessed_on,
            proposed_level=level,
            assessor=actor.user,
        )
        assessment.inputs = {**asdict(inputs), "reasons": reasons, "notes": notes.strip()}
        assessment.save()
        _audit(
            actor,
            "assessment.classification",
            enrollment,
            {
                "assessment": str(assessment.uuid),
                "on": assessed_on.isoformat(),
                "proposed_level": level,
            },
        )
        proposal, notice = propose_level_change(
            actor=actor,
            enrollment=enrollment,
            assessment=assessment,
            reason=_("分类评估建议%(level)s:%(why)s")
            % {"level": corrections.SPEC.level_labels[level], "why": "、".join(reasons)},
        )
    return AssessmentOutcome(assessment, proposal, notice)

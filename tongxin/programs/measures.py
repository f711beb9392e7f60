"""Rewards and sanctions in community corrections (考核奖惩): decisions, and the suggestions
that counters make. Humans decide; the system only counts.

The ladder [S] 社区矫正法 art 28: praise (表扬); for violations, reprimand (训诫) → warning
(警告) → request for a public-security punishment → proposal to revoke probation or parole, or
to return a 暂予监外执行 person to prison (收监执行). The county corrections agency decides; the
司法所 investigates as entrusted [S] art 9 (Wenzhou justice bureau list [P]). Praise only after
six months in correction [M] 实施办法 ~art 33.

Suggestions (thresholds in rules.py, ``corrections.sanctions``) [P] Wenzhou list, mirroring
实施办法 ~arts 34, 35, 46, 49:

- absconding (an open lost-contact episode) up to 10 days → reprimand; over 10 days →
  warning; over a month → the escalation for the supervision type;
- two reprimands since the last warning → warning;
- two warnings since the last escalation → the escalation for the supervision type;
- six months in correction and no sanction in the last six months → praise may be
  considered.

A suggestion is stored on the decided measure only when the decider acted on it: the same
kind, for the same reason, still suggested on the decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.lib.dates import add_months
from tongxin.organisation.models import AgencyKind, Role
from tongxin.programs.actions import CaseworkRejected, _audit, _reject
from tongxin.programs.lost_contact import days_absconded, open_episode
from tongxin.programs.models import (
    Deadline,
    DeadlineStatus,
    Enrollment,
    Measure,
    MeasureKind,
)
from tongxin.programs.registry import get_spec
from tongxin.programs.specs import corrections

SANCTIONS = frozenset(MeasureKind.values) - {MeasureKind.PRAISE}
# Proposals that only fit one supervision type (社区矫正法 arts 46, 49; 刑诉法 art 268).
REQUIRED_TYPE: dict[str, str] = {
    MeasureKind.PROPOSE_REVOKE_PROBATION: "probation",
    MeasureKind.PROPOSE_REVOKE_PAROLE: "parole",
    MeasureKind.PROPOSE_IMPRISON: "temporary_outside",
}
# The step above a warning for each supervision type. 管制 cannot be revoked: its sanction
# beyond a warning is a public-security punishment (治安管理处罚法 2012 art 60(4)).
ESCALATION: dict[str, str] = {
    "probation": MeasureKind.PROPOSE_REVOKE_PROBATION,
    "parole": MeasureKind.PROPOSE_REVOKE_PAROLE,
    "temporary_outside": MeasureKind.PROPOSE_IMPRISON,
    "surveillance": MeasureKind.PROPOSE_PUBLIC_SECURITY,
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    reason: str


@dataclass(frozen=True)
class Counters:
    """What the ladder counts, from the decided measures up to a date."""

    reprimands_since_warning: int
    warnings_since_escalation: int
    praises_in_a_row: int
    last_sanction_on: dt.date | None


def sanction_rules() -> dict[str, Any]:
    rules: dict[str, Any] = corrections.SPEC.rules()["sanctions"]
    return rules


def entered_on(enrollment: Enrollment) -> dt.date:
    """The day the person entered correction (入矫): the day they reported, which met the
    report deadline; before that, the day the case started."""
    reported = (
        Deadline.objects.filter(enrollment=enrollment, code="report", status=DeadlineStatus.MET)
        .values_list("met_on", flat=True)
        .first()
    )
    return reported or enrollment.started_on


def escalation_for(enrollment: Enrollment) -> str:
    return ESCALATION[str(enrollment.details.get("supervision_type"))]


def count_measures(measures: Sequence[Measure], escalation: str) -> Counters:
    """Walk the decided measures in date order; each step up the ladder resets the count below."""
    reprimands = warnings = praises = 0
    last_sanction: dt.date | None = None
    for measure in measures:
        if measure.kind == MeasureKind.PRAISE:
            praises += 1
            continue
        praises = 0
        last_sanction = measure.decided_on
        if measure.kind == MeasureKind.REPRIMAND:
            reprimands += 1
        elif measure.kind == MeasureKind.WARNING:
            reprimands, warnings = 0, warnings + 1
        elif measure.kind == escalation:
            reprimands = warnings = 0
    return Counters(reprimands, warnings, praises, last_sanction)


def decided_measures(enrollment: Enrollment, until: dt.date) -> list[Measure]:
    return list(
        Measure.objects.filter(enrollment=enrollment, decided_on__lte=until).order_by(
            "decided_on", "id"
        )
    )


def suggestions_for(enrollment: Enrollment, today: dt.date) -> list[Suggestion]:
    """Suggested measures for an open corrections case, computed afresh and never stored."""
    if get_spec(enrollment.program).code != "corrections" or enrollment.ended_on is not None:
        return []
    rules = sanction_rules()
    escalation = escalation_for(enrollment)
    measures = decided_measures(enrollment, today)
    counters = count_measures(measures, escalation)
    suggestions: list[Suggestion] = []

    episode = open_episode(enrollment)
    if episode is not None and episode.since_on <= today:
        days = days_absconded(episode, today)
        if days > rules["abscond_escalate_after_days"]:
            kind = escalation
            reason = _("脱离监管超过%(n)d日") % {"n": rules["abscond_escalate_after_days"]}
        elif days > rules["abscond_reprimand_max_days"]:
            kind = MeasureKind.WARNING
            reason = _("脱离监管超过%(n)d日") % {"n": rules["abscond_reprimand_max_days"]}
        else:
            kind = MeasureKind.REPRIMAND
            reason = _("脱离监管不超过%(n)d日") % {"n": rules["abscond_reprimand_max_days"]}
        # Once that step was decided for this episode, the clock suggests nothing until the
        # next threshold.
        if not any(m.kind == kind and m.decided_on >= episode.since_on for m in measures):
            suggestions.append(Suggestion(kind, reason))

    if counters.warnings_since_escalation >= rules["warnings_before_escalation"]:
        suggestions.append(
            Suggestion(
                escalation,
                _("%(n)d 次警告仍不改正") % {"n": rules["warnings_before_escalation"]},
            )
        )
    if counters.reprimands_since_warning >= rules["reprimands_before_warning"]:
        suggestions.append(
            Suggestion(
                MeasureKind.WARNING,
                _("%(n)d 次训诫仍不改正") % {"n": rules["reprimands_before_warning"]},
            )
        )

    quiet_since = add_months(today, -rules["praise_quiet_months"])
    if (
        enrollment.status == "active"
        and episode is None
        and add_months(entered_on(enrollment), rules["praise_after_months"]) <= today
        and (counters.last_sanction_on is None or counters.last_sanction_on <= quiet_since)
    ):
        suggestions.append(
            Suggestion(
                MeasureKind.PRAISE,
                _("矫正已满%(n)d个月,近%(m)d个月无违规受罚,可考虑表扬")
                % {"n": rules["praise_after_months"], "m": rules["praise_quiet_months"]},
            )
        )
    return suggestions


def may_decide(user: Any, enrollment: Enrollment) -> bool:
    """Whether ``user`` may decide a reward or sanction on ``enrollment``: a supervisor of the
    county 司法局 (县级社区矫正机构) whose area holds the case (社区矫正法 arts 9, 28).

    ``decide_measure`` refuses everyone else; screens call this to offer the decision form
    only to those the action will let decide."""
    places = (enrollment.owner_agency.region.path, enrollment.person.residence_region.path)
    return any(
        scope.agency_kind == AgencyKind.JUSTICE_BUREAU
        and scope.role == Role.SUPERVISOR
        and any(place.startswith(scope.jurisdiction_path) for place in places)
        for scope in policy.scopes_of(user)
    )


def decide_measure(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    kind: str,
    decided_on: dt.date,
    reason: str,
    evidence: str,
    suggestion: str = "",
) -> Measure:
    """Record a decided reward or sanction.

    Steps: check the input; fetch the case (404 outside the actor's scope); refuse other
    programs, ended cases and deciders below the county agency; refuse praise before the
    qualifying period and proposals that do not fit the supervision type; keep the
    suggestion only if it is one the counters make on the decision date for this kind;
    write and audit.
    """
    errors: dict[str, list[str]] = {}
    if kind not in MeasureKind.values:
        errors["kind"] = [_("请选择奖惩类别。")]
    if not reason.strip():
        errors["reason"] = [_("请填写事实与理由。")]
    if kind in SANCTIONS and not evidence.strip():
        errors["evidence"] = [_("请附上司法所调查核实的证据材料。")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("决定日期不能晚于今天。")]
    if errors:
        raise CaseworkRejected(errors)
    with transaction.atomic():
        enrollment: Enrollment = policy.get_enrollment_for_user(
            actor.user, enrollment_uuid, write=True
        )
        if get_spec(enrollment.program).code != "corrections":
            raise _reject("kind", _("奖惩只适用于社区矫正案件。"))
        if enrollment.ended_on is not None:
            raise _reject("__all__", _("案件已结束,不能再作奖惩决定。"))
        if decided_on < enrollment.started_on:
            raise _reject(
                "decided_on",
                _("决定日期不能早于登记开始日期 %(d)s。")
                % {"d": enrollment.started_on.isoformat()},
            )
        if not may_decide(actor.user, enrollment):
            raise _reject(
                "__all__",
                _(
                    "表扬、训诫、警告和各项提请由县级社区矫正机构决定(《社区矫正法》第九条、"
                    "第二十八条):请由县司法局主管决定;司法所负责调查核实并提出意见。"
                ),
            )
        rules = sanction_rules()
        if kind == MeasureKind.PRAISE:
            eligible = add_months(entered_on(enrollment), rules["praise_after_months"])
            if decided_on < eligible:
                raise _reject(
                    "kind",
                    _("表扬须在矫正满%(n)d个月后方可决定,此人自 %(d)s 起符合条件。")
                    % {"n": rules["praise_after_months"], "d": eligible.isoformat()},
                )
        supervision_type = enrollment.details.get("supervision_type")
        required = REQUIRED_TYPE.get(kind)
        if required is not None and supervision_type != required:
            raise _reject(
                "kind",
                _("%(kind)s只适用于%(type)s人员。")
                % {
                    "kind": MeasureKind(kind).label,
                    "type": corrections.SUPERVISION_TYPES[required],
                },
            )
        acted_on = suggestion.strip()
        if acted_on and Suggestion(kind, acted_on) not in suggestions_for(enrollment, decided_on):
            acted_on = ""
        measure = Measure.objects.create(
            enrollment=enrollment,
            kind=kind,
            decided_on=decided_on,
            decided_by=actor.user,
            reason=reason.strip(),
            evidence=evidence.strip() or None,
            suggestion=acted_on[:300],
        )
        _audit(
            actor,
            "measure.decide",
            enrollment,
            {
                "measure": str(measure.uuid),
                "kind": kind,
                "decided_on": decided_on.isoformat(),
                "acted_on_suggestion": bool(acted_on),
            },
        )
    return measure

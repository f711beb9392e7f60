"""What the pages show of approvals (审批): a request's period, its next step and who decides
it, the request's own fields, and the case page's approvals section.

The request's fields (destination, visitor, new address, reason) and the written opinions are
casework: shown to those who may work the case, like a case's program details and contact
notes. Readers of the case (police, procuratorate) see the kind, the dates, the status and who
decided each step when."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import Agency, AgencyKind
from tongxin.programs import approvals as approval_rules
from tongxin.programs.approvals import ONE_OPEN_AT_A_TIME, OPEN_STATUSES
from tongxin.programs.approvals_forms import (
    ApprovalRequestForm,
    kinds_for,
    request_form,
)
from tongxin.programs.models import Approval, ApprovalKind, ApprovalStep, Enrollment
from tongxin.programs.registry import ProgramSpec, get_spec
from tongxin.programs.specs import mental_health

STEP_LABELS: dict[str, Promise] = {
    approval_rules.REVIEW: _lazy("审核"),
    approval_rules.APPROVE: _lazy("审批"),
}
# The request's fields on screen, in the order of the paper forms (domain-rules §1.2).
PAYLOAD_LABELS: dict[str, Promise] = {
    "destination": _lazy("目的地"),
    "visitor_name": _lazy("会见人姓名"),
    "time": _lazy("会客时间"),
    "place": _lazy("地点"),
    "destination_agency_name": _lazy("新执行地机构"),
    "new_address": _lazy("新居住地址"),
    "level": _lazy("调整为"),
    "risk_level": _lazy("危险性等级"),
    "reason": _lazy("事由"),
}


def next_step(approval: Approval) -> str:
    """``review`` or ``approve`` while the request is open, else ``""``."""
    if approval.status not in OPEN_STATUSES:
        return ""
    # The rule's own answer, so the page and ``decide_approval`` cannot disagree.
    return approval_rules._next_step(approval)


def approval_queue_label(approval: Approval) -> str:
    """A waiting (so open) request in the work queue: its kind and the step the user
    decides."""
    return _("%(kind)s(%(step)s)") % {
        "kind": approval.get_kind_display(),
        "step": STEP_LABELS[next_step(approval)],
    }


def _ancestor_paths(agency: Agency) -> list[str]:
    parts = [code for code in agency.region.path.split("/") if code]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def county_bureau_names(agencies: list[Agency]) -> dict[int, str]:
    """For each agency (by id), the name of the 司法局 over its region: the nearest one up the
    region tree. One query for the lot."""
    paths = {agency.pk: _ancestor_paths(agency) for agency in agencies}
    bureaus = dict(
        Agency.objects.filter(
            kind=AgencyKind.JUSTICE_BUREAU,
            is_active=True,
            region__path__in={path for chain in paths.values() for path in chain},
        )
        .order_by("region__path", "id")
        .values_list("region__path", "name")
    )
    names = {}
    for agency_id, chain in paths.items():
        nearest = next((bureaus[path] for path in reversed(chain) if path in bureaus), None)
        names[agency_id] = nearest or _("县司法局")
    return names


def county_bureau_name(agency: Agency) -> str:
    return county_bureau_names([agency])[agency.pk]


def decider(approval: Approval, owner: Agency, bureau_name: str) -> str:
    """Who decides the next step, as the rule in ``approvals._decidable_by`` names them."""
    step = next_step(approval)
    if not step:
        return ""
    by_county = (
        step == approval_rules.APPROVE and approval.approver_level == approval_rules.JUSTICE_BUREAU
    )
    return _("%(agency)s主管") % {"agency": bureau_name if by_county else owner.name}


def procedure(approval: Approval, owner: Agency, bureau_name: str) -> str:
    """The chain the request follows, e.g. "两步:东城镇司法所审核,测试县司法局审批"."""
    approver = (
        bureau_name if approval.approver_level == approval_rules.JUSTICE_BUREAU else owner.name
    )
    if approval.steps_required == 2:
        return _("两步:%(reviewer)s审核,%(approver)s审批") % {
            "reviewer": owner.name,
            "approver": approver,
        }
    return _("一步:%(approver)s审批") % {"approver": approver}


def period(approval: Approval) -> str:
    """The dates the request is about, as a worker would write them."""
    starts, ends = approval.starts_on, approval.ends_on
    if starts is None:
        return "—"
    if approval.kind == ApprovalKind.RESIDENCE_CHANGE:
        return _("%(date)s 迁居") % {"date": starts.isoformat()}
    if ends is None or ends == starts:
        return starts.isoformat()
    if approval.kind == ApprovalKind.LEAVE:
        return _("%(start)s 至 %(end)s(%(days)d 日)") % {
            "start": starts.isoformat(),
            "end": ends.isoformat(),
            "days": (ends - starts).days + 1,
        }
    return _("%(start)s 至 %(end)s") % {"start": starts.isoformat(), "end": ends.isoformat()}


def payload_rows(approval: Approval, spec: ProgramSpec) -> list[tuple[str, str]]:
    """The request's own fields as (label, shown value)."""
    payload = approval.payload or {}
    rows = []
    for key, label in PAYLOAD_LABELS.items():
        value: Any = payload.get(key)
        if value is None or value == "":
            continue
        shown = str(value)
        if key == "level":
            shown = str(spec.level_labels.get(shown, shown))
        elif key == "risk_level" and isinstance(value, int):
            shown = str(mental_health.RISK_LEVELS.get(value, value))
        rows.append((str(label), shown))
    return rows


def user_name(user: Any) -> str:
    if user is None:
        return ""
    name: str = user.get_full_name() or user.get_username()
    return name


@dataclass(frozen=True)
class ApprovalRow:
    approval: Approval
    kind_label: str
    period: str
    status_label: str
    step_label: str
    decider: str
    requested_by: str


def approval_rows(approvals: list[Approval], bureau_names: dict[int, str]) -> list[ApprovalRow]:
    """Rows for a list; ``bureau_names`` maps an owner agency id to its county 司法局."""
    rows = []
    for approval in approvals:
        owner = approval.enrollment.owner_agency
        step = next_step(approval)
        rows.append(
            ApprovalRow(
                approval=approval,
                kind_label=str(approval.get_kind_display()),
                period=period(approval),
                status_label=str(approval.get_status_display()),
                step_label=str(STEP_LABELS[step]) if step else "",
                decider=decider(approval, owner, bureau_names.get(owner.pk, "")),
                requested_by=user_name(approval.requested_by),
            )
        )
    return rows


def steps_in_order() -> QuerySet[ApprovalStep]:
    """Steps as they were decided, with who and for which agency (for prefetching)."""
    return ApprovalStep.objects.select_related("decided_by", "agency").order_by("decided_at", "id")


# -- the case page's section -------------------------------------------------------------------


@dataclass
class RequestChoice:
    """One kind the case may ask for: its form, or the open request that blocks a second."""

    kind: str
    label: str
    form: ApprovalRequestForm | None
    open_request: Approval | None = None
    refused: bool = False


@dataclass
class CaseApprovals:
    rows: list[ApprovalRow]
    writable: bool
    requests: list[RequestChoice] = field(default_factory=list)
    # Why no request can be made now (a case not under supervision), else "".
    closed_reason: str = ""
    # A request was refused: the page says so above the forms, with the messages that no
    # shown field can carry.
    refused: bool = False
    problems: list[str] = field(default_factory=list)


def case_section(
    enrollment: Enrollment, *, writable: bool, bound: ApprovalRequestForm | None = None
) -> CaseApprovals:
    """The case's approvals, newest first, and for those who may work the case a form per
    kind its program allows; ``bound`` is a refused request, shown as it was posted."""
    spec = get_spec(enrollment.program)
    approvals = list(
        Approval.objects.filter(enrollment=enrollment)
        .select_related("requested_by")
        .order_by("-requested_on", "-id")
    )
    for approval in approvals:
        # All of them are the case's: reuse the loaded case rather than a query each.
        approval.enrollment = enrollment
    bureau = county_bureau_name(enrollment.owner_agency) if approvals else ""
    section = CaseApprovals(
        rows=approval_rows(approvals, {enrollment.owner_agency_id: bureau}),
        writable=writable,
    )
    if not writable:
        return section
    if enrollment.ended_on is not None or enrollment.status not in spec.scheduling_statuses:
        section.closed_reason = _("案件当前状态为“%(status)s”,不能提出申请。") % {
            "status": spec.statuses.get(enrollment.status, enrollment.status)
        }
    else:
        open_by_kind = {
            approval.kind: approval
            for approval in reversed(approvals)
            if approval.status in OPEN_STATUSES and approval.kind in ONE_OPEN_AT_A_TIME
        }
        for kind in kinds_for(spec):
            blocking = open_by_kind.get(kind)
            section.requests.append(
                RequestChoice(
                    kind=kind,
                    label=str(ApprovalKind(kind).label),
                    form=None
                    if blocking is not None
                    else request_form(kind, enrollment=enrollment, spec=spec),
                    open_request=blocking,
                )
            )
    if bound is not None:
        section.refused = True
        section.problems = _place_refused(section, bound)
    return section


def _place_refused(section: CaseApprovals, bound: ApprovalRequestForm) -> list[str]:
    """Put the refused form in its kind's place; return the messages it cannot show there."""
    problems = [str(message) for message in bound.non_field_errors()]
    choice = next(
        (c for c in section.requests if c.kind == bound.kind_code and c.form is not None), None
    )
    if choice is not None:
        choice.form, choice.refused = bound, True
    for name, errors in bound.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        if choice is None or bound.fields[name].widget.is_hidden:
            problems += [str(message) for message in errors]
    return problems

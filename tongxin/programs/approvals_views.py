"""Web pages for approvals (审批): asking from the case page, the approval page with its
decision, withdrawal and report-at-the-new-place forms, and the list of what waits for the
signed-in user's decision.

Thin views: parse → one action or one scoped query → render. The approval is fetched through
``get_approval_for_user`` (404 unless its case is visible), and every page that shows it
writes one AccessEvent naming its case before rendering. Each form is offered only to whom
its action allows: the decision to the user ``approvals_waiting_for`` lists it for, the
withdrawal to the requester, the report to the new place's agency; a refused action
re-renders the page with the posted form and its Chinese messages, and nothing is saved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.programs import approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.approvals_display import (
    STEP_LABELS,
    approval_rows,
    county_bureau_name,
    decider,
    next_step,
    payload_rows,
    period,
    procedure,
    steps_in_order,
    user_name,
)
from tongxin.programs.approvals_forms import DecisionForm, ReportNewPlaceForm, request_form
from tongxin.programs.forms import CaseworkForm
from tongxin.programs.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Deadline,
    DeadlineStatus,
)
from tongxin.programs.registry import get_spec
from tongxin.programs.views import _render_case, deadline_label

# The waiting list shows the oldest requests first, as many as the work queue does.
WAITING_LIMIT = 200


def _to_approval_page(approval: Approval) -> HttpResponse:
    return redirect("programs:approval", approval_uuid=approval.uuid)


# -- asking ----------------------------------------------------------------------------------


@login_required
@never_cache
@require_POST
def request_approval(request: HttpRequest, enrollment_uuid: uuid.UUID) -> HttpResponse:
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid, write=True)
    form = request_form(
        request.POST.get("kind", ""),
        enrollment=enrollment,
        spec=get_spec(enrollment.program),
        data=request.POST,
    )
    if form.is_valid():
        starts_on, ends_on = form.dates()
        try:
            approval = approvals.request_approval(
                actor=Actor.from_request(request),
                enrollment_uuid=enrollment.uuid,
                kind=form.cleaned_data["kind"],
                starts_on=starts_on,
                ends_on=ends_on,
                payload=form.payload(),
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            messages.success(
                request,
                _("已提交“%(kind)s”申请,等待%(who)s%(step)s。")
                % {
                    "kind": approval.get_kind_display(),
                    "who": decider(
                        approval,
                        enrollment.owner_agency,
                        county_bureau_name(enrollment.owner_agency),
                    ),
                    "step": STEP_LABELS[next_step(approval)],
                },
            )
            return _to_approval_page(approval)
    return _render_case(request, enrollment, writable=True, approval_form=form)


# -- the approval page -------------------------------------------------------------------------


@dataclass
class ApprovalForms:
    decision: DecisionForm | None = None
    may_withdraw: bool = False
    report: ReportNewPlaceForm | None = None
    report_deadline: Deadline | None = None
    # Messages of a refused action that no shown field can carry.
    problems: list[str] = field(default_factory=list)


def _open_report_deadline(approval: Approval) -> Deadline | None:
    """The report-to-the-new-place deadline this approval set, while it can be recorded: the
    case's latest approved move only (a later move replaces the deadline)."""
    if approval.kind != ApprovalKind.RESIDENCE_CHANGE or approval.status != ApprovalStatus.APPROVED:
        return None
    latest = (
        Approval.objects.filter(
            enrollment=approval.enrollment,
            kind=ApprovalKind.RESIDENCE_CHANGE,
            status=ApprovalStatus.APPROVED,
        )
        .order_by("-requested_on", "-id")
        .first()
    )
    if latest is None or latest.pk != approval.pk:
        return None
    return Deadline.objects.filter(
        enrollment=approval.enrollment,
        code="report_new_place",
        status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED],
    ).first()


def _forms_for(
    request: HttpRequest, approval: Approval, *, writable: bool, bound: CaseworkForm | None
) -> ApprovalForms:
    forms = ApprovalForms()
    if writable:
        if approvals.approvals_waiting_for(request.user).filter(pk=approval.pk).exists():
            forms.decision = DecisionForm(initial={"version": approval.version})
        forms.may_withdraw = (
            approval.status in approvals.OPEN_STATUSES
            and approval.requested_by_id == request.user.pk
        )
        deadline = _open_report_deadline(approval)
        if deadline is not None and policy.works_for(
            request.user, approval.enrollment.owner_agency_id
        ):
            forms.report, forms.report_deadline = ReportNewPlaceForm(), deadline
    if bound is None:
        return forms
    forms.problems = [str(message) for message in bound.non_field_errors()]
    shown = False
    if isinstance(bound, DecisionForm) and forms.decision is not None:
        # Kept opinion, but the current version: the page now shows what changed, and a
        # second submit is a deliberate decision over it.
        bound.data = {**{k: bound.data.get(k) for k in bound.data}, "version": approval.version}
        forms.decision, shown = bound, True
    elif isinstance(bound, ReportNewPlaceForm) and forms.report is not None:
        forms.report, shown = bound, True
    for name, errors in bound.errors.items():
        if name != NON_FIELD_ERRORS and (not shown or bound.fields[name].widget.is_hidden):
            forms.problems += [str(message) for message in errors]
    return forms


def _render_approval(
    request: HttpRequest, approval: Approval, *, bound: CaseworkForm | None = None
) -> HttpResponse:
    enrollment = approval.enrollment
    spec = get_spec(enrollment.program)
    writable = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    steps = list(steps_in_order().filter(approval=approval))
    forms = _forms_for(request, approval, writable=writable, bound=bound)
    step = next_step(approval)
    bureau = county_bureau_name(enrollment.owner_agency)
    disclose(
        request,
        "approval.view",
        "enrollment",
        [enrollment.uuid],
        {"approval": str(approval.uuid)},
    )
    return render(
        request,
        "programs/approvals/approval.html",
        {
            "approval": approval,
            "enrollment": enrollment,
            "person": enrollment.person,
            "spec": spec,
            "writable": writable,
            "period": period(approval),
            "requested_by": user_name(approval.requested_by),
            "procedure": procedure(approval, enrollment.owner_agency, bureau),
            "step": step,
            "step_label": STEP_LABELS[step] if step else "",
            "decider": decider(approval, enrollment.owner_agency, bureau),
            # The request's fields and the opinions are casework (see approvals_display).
            "request_rows": payload_rows(approval, spec) if writable else None,
            "steps": [
                {
                    "step": s,
                    "label": STEP_LABELS.get(s.step, s.step),
                    "by": user_name(s.decided_by),
                }
                for s in steps
            ],
            "forms": forms,
            "report_label": deadline_label(forms.report_deadline)
            if forms.report_deadline is not None
            else "",
        },
    )


@login_required
@never_cache
def approval_page(request: HttpRequest, approval_uuid: uuid.UUID) -> HttpResponse:
    approval = approvals.get_approval_for_user(request.user, approval_uuid)
    return _render_approval(request, approval)


def _done(request: HttpRequest, approval: Approval, message: str) -> HttpResponse:
    messages.success(request, message)
    return _to_approval_page(approval)


@login_required
@never_cache
@require_POST
def decide(request: HttpRequest, approval_uuid: uuid.UUID) -> HttpResponse:
    # Deciding needs the case in the user's writing scope; readers and others get 404.
    approval = approvals.get_approval_for_user(request.user, approval_uuid, write=True)
    step = next_step(approval)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = approvals.decide_approval(
                actor=Actor.from_request(request),
                approval_uuid=approval.uuid,
                agreed=form.cleaned_data["agreed"],
                opinion=form.cleaned_data["opinion"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseworkRejected as exc:
            form.add_rejection(exc)
        else:
            return _done(
                request,
                decided,
                _("已记录%(step)s意见:%(decision)s。当前状态:%(status)s。")
                % {
                    "step": STEP_LABELS.get(step, ""),
                    "decision": _("同意") if form.cleaned_data["agreed"] else _("不同意"),
                    "status": decided.get_status_display(),
                },
            )
    return _render_approval(request, approval, bound=form)


@login_required
@never_cache
@require_POST
def withdraw(request: HttpRequest, approval_uuid: uuid.UUID) -> HttpResponse:
    approval = approvals.get_approval_for_user(request.user, approval_uuid, write=True)
    # No fields: the form only carries the action's refusal back to the page.
    form = CaseworkForm(request.POST)
    form.full_clean()
    try:
        approvals.withdraw_approval(actor=Actor.from_request(request), approval_uuid=approval.uuid)
    except CaseworkRejected as exc:
        form.add_rejection(exc)
        return _render_approval(request, approval, bound=form)
    return _done(request, approval, _("申请已撤回。"))


@login_required
@never_cache
@require_POST
def report_new_place(request: HttpRequest, approval_uuid: uuid.UUID) -> HttpResponse:
    approval = approvals.get_approval_for_user(request.user, approval_uuid, write=True)
    form = ReportNewPlaceForm(request.POST)
    if form.is_valid():
        if approval.kind != ApprovalKind.RESIDENCE_CHANGE or approval.status != (
            ApprovalStatus.APPROVED
        ):
            form.add_error(None, _("只有已批准的变更执行地申请才能登记新执行地报到。"))
        else:
            try:
                approvals.record_report_at_new_place(
                    actor=Actor.from_request(request),
                    enrollment_uuid=approval.enrollment.uuid,
                    reported_on=form.cleaned_data["reported_on"],
                )
            except CaseworkRejected as exc:
                form.add_rejection(exc)
            else:
                return _done(request, approval, _("已登记到新执行地报到。"))
    return _render_approval(request, approval, bound=form)


# -- waiting for me ------------------------------------------------------------------------------


@login_required
@never_cache
def waiting(request: HttpRequest) -> HttpResponse:
    waiting_approvals = list(
        approvals.approvals_waiting_for(request.user)
        .select_related("enrollment__person", "enrollment__owner_agency", "requested_by")
        .order_by("requested_on", "id")[:WAITING_LIMIT]
    )
    # Who decides is the user: the rows need no county names.
    rows = approval_rows(waiting_approvals, {})
    cases = list(dict.fromkeys(str(a.enrollment.uuid) for a in waiting_approvals))
    disclose(request, "approval.waiting", "enrollment", cases, {"count": len(rows)})
    return render(
        request,
        "programs/approvals/waiting.html",
        {
            "rows": [
                {
                    "row": row,
                    "person": row.approval.enrollment.person,
                    "program_label": get_spec(row.approval.enrollment.program).label,
                }
                for row in rows
            ],
            "limit": WAITING_LIMIT,
        },
    )

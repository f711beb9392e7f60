"""Approval (审批) endpoints: a case's requests, asking, what waits for the caller's decision,
one request, deciding its next step and withdrawing it.

Every read goes through the access policy (``get_enrollment_for_user`` /
``get_approval_for_user``, 404 outside scope) and writes one AccessEvent naming the cases it
returns before the response leaves; every write is one approvals action, which audits itself.
Refusals answer 422 with ``{"errors": {field: [messages]}}`` in Chinese; a decision on a
version of the request that is no longer current answers 409.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.approvals_schemas import ApprovalOut, ApprovalRequestIn, DecisionIn
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.people.actions import EditConflict
from tongxin.programs import approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.approvals_display import county_bureau_names, decider, steps_in_order
from tongxin.programs.models import Approval, Enrollment

router = Router(tags=["approvals"])

# As many as the work queue lists.
WAITING_LIMIT = 200
UNAUTHENTICATED = {401: ErrorOut}
READ_RESPONSES = {200: ApprovalOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(request: HttpRequest, action: str, case_uuids: list[Any], **details: Any) -> None:
    disclose(request, action, "enrollment", case_uuids, details or None, channel="api")


def _with_steps(approvals_query: QuerySet[Approval]) -> QuerySet[Approval]:
    return approvals_query.select_related(
        "enrollment__person", "enrollment__owner_agency__region", "requested_by"
    ).prefetch_related(Prefetch("steps", queryset=steps_in_order()))


def _outs(request: HttpRequest, approvals_list: list[Approval]) -> list[ApprovalOut]:
    """The approvals as the caller may see them: the request's fields and the opinions only
    for the cases the caller may work."""
    case_ids = {approval.enrollment_id for approval in approvals_list}
    workable = set(
        policy.enrollments_visible_to(request.user, write=True)
        .filter(pk__in=case_ids)
        .values_list("pk", flat=True)
    )
    owners = {a.enrollment.owner_agency_id: a.enrollment.owner_agency for a in approvals_list}
    bureaus = county_bureau_names(list(owners.values()))
    return [
        ApprovalOut.from_approval(
            approval,
            casework=approval.enrollment_id in workable,
            steps=list(approval.steps.all()),
            next_decider=decider(
                approval,
                approval.enrollment.owner_agency,
                bureaus[approval.enrollment.owner_agency_id],
            ),
        )
        for approval in approvals_list
    ]


def _one(request: HttpRequest, approval_uuid: uuid_module.UUID) -> ApprovalOut:
    approval = approvals.get_approval_for_user(request.user, approval_uuid)
    loaded = _with_steps(Approval.objects.filter(pk=approval.pk)).get()
    return _outs(request, [loaded])[0]


# -- reads ---------------------------------------------------------------------------------


@router.get(
    "/cases/{uuid}/approvals",
    response={200: list[ApprovalOut], 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="approvals_list_for_case",
    summary="The approvals of a case, newest first, with their steps",
    exclude_unset=True,
)
def list_case_approvals(request: HttpRequest, uuid: uuid_module.UUID) -> list[ApprovalOut]:
    enrollment: Enrollment = policy.get_enrollment_for_user(request.user, uuid)
    found = list(
        _with_steps(Approval.objects.filter(enrollment=enrollment)).order_by("-requested_on", "-id")
    )
    outs = _outs(request, found)
    _disclose(request, "approval.list", [enrollment.uuid], count=len(outs))
    return outs


@router.get(
    "/approvals/waiting",
    response={200: list[ApprovalOut], **UNAUTHENTICATED},
    operation_id="approvals_waiting",
    summary="Approvals whose next step (review or approval) the caller decides, oldest first",
    exclude_unset=True,
)
def list_approvals_waiting(request: HttpRequest) -> list[ApprovalOut]:
    found = list(
        _with_steps(approvals.approvals_waiting_for(request.user)).order_by("requested_on", "id")[
            :WAITING_LIMIT
        ]
    )
    outs = _outs(request, found)
    cases = list(dict.fromkeys(str(out.case) for out in outs))
    _disclose(request, "approval.waiting", cases, count=len(outs))
    return outs


@router.get(
    "/approvals/{uuid}",
    response=READ_RESPONSES,
    operation_id="approvals_get",
    summary="One approval: the request, each step's decision, opinion, decider and time",
    exclude_unset=True,
)
def get_approval(request: HttpRequest, uuid: uuid_module.UUID) -> ApprovalOut:
    out = _one(request, uuid)
    _disclose(request, "approval.view", [out.case], approval=str(out.uuid))
    return out


# -- writes --------------------------------------------------------------------------------


@router.post(
    "/cases/{uuid}/approvals",
    response={201: ApprovalOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="approvals_request",
    summary="Ask for an approval on a case: leave, frequent travel, change of execution "
    "place, visitor, restricted place or level change",
    exclude_unset=True,
)
def request_case_approval(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ApprovalRequestIn
) -> Status[ApprovalOut]:
    approval = approvals.request_approval(
        actor=_actor(request),
        enrollment_uuid=uuid,
        kind=payload.kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        payload=payload.payload(),
    )
    return Status(201, _one(request, approval.uuid))


@router.post(
    "/approvals/{uuid}/decisions",
    response={**READ_RESPONSES, 409: ErrorOut},
    operation_id="approvals_decide",
    summary="Decide the next step (review or approval) with a written opinion",
    exclude_unset=True,
)
def decide_approval(
    request: HttpRequest, uuid: uuid_module.UUID, payload: DecisionIn
) -> ApprovalOut:
    # Outside the caller's working scope the answer is 404 before the body is looked at.
    approval = approvals.get_approval_for_user(request.user, uuid, write=True)
    try:
        approvals.decide_approval(
            actor=_actor(request),
            approval_uuid=approval.uuid,
            agreed=payload.agreed,
            opinion=payload.opinion,
            expected_version=payload.version,
        )
    except CaseworkRejected:
        # Decided on a state that is gone: a conflict, whatever else was wrong with it.
        if Approval.objects.filter(pk=approval.pk).exclude(version=payload.version).exists():
            raise EditConflict(
                _("此申请在您打开后已被他人处理,请刷新后重新操作,您的输入未保存。")
            ) from None
        raise
    return _one(request, approval.uuid)


@router.post(
    "/approvals/{uuid}/withdraw",
    response={200: ApprovalOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="approvals_withdraw",
    summary="Withdraw a request that is still waiting (the requester only)",
    exclude_unset=True,
)
def withdraw_approval(request: HttpRequest, uuid: uuid_module.UUID) -> ApprovalOut:
    approval = approvals.withdraw_approval(actor=_actor(request), approval_uuid=uuid)
    return _one(request, approval.uuid)

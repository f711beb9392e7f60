"""Case (enrollment) and work-queue endpoints.

Every read goes through the access policy and writes one AccessEvent naming the cases it
returns before the response leaves; every write is one program action, which refuses cases
outside the caller's writing scope with 404 and audits itself. Refusals answer 422 with
``{"errors": {field: [messages]}}``; a version that is no longer current answers 409.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.program_schemas import (
    AssignIn,
    CaseCreateIn,
    CaseDetail,
    CasePage,
    CaseQuery,
    CaseSummary,
    ContactIn,
    LevelIn,
    SummaryOut,
    SummaryQuery,
    SummaryRowOut,
    TransitionIn,
    WorkQueueOut,
)
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.people.actions import EditConflict
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Alert, Contact, Deadline, Enrollment, LevelChange
from tongxin.programs.queue import supervisor_summary, worker_queue
from tongxin.programs.registry import get_spec

router = Router(tags=["cases"])

T = TypeVar("T")

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
READ_RESPONSES = {200: CaseDetail, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}
WRITE_RESPONSES = {
    200: CaseDetail,
    404: ErrorOut,
    409: ErrorOut,
    422: RejectedOut,
    **UNAUTHENTICATED,
}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(request: HttpRequest, action: str, uuids: list[Any], **details: Any) -> None:
    disclose(request, action, "enrollment", uuids, details or None, channel="api")


def _worker_refused(field: str) -> CaseworkRejected:
    # assign_worker's own message, given too when the username is unknown, so the answer
    # does not tell which usernames exist.
    return CaseworkRejected({field: [_("责任人必须是负责机构的在职工作人员。")]})


def _active_user(username: str) -> Any:
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _versioned(
    request: HttpRequest, enrollment_uuid: uuid_module.UUID, version: int, call: Callable[[], T]
) -> T:
    """Run an action that checks ``version``; if it refuses while the case has moved on from
    that version, the refusal is an edit conflict (409), whatever else was wrong with the
    input, since the caller decided on a state that is gone."""
    try:
        return call()
    except CaseworkRejected:
        moved_on = (
            policy.enrollments_visible_to(request.user, write=True)
            .filter(uuid=enrollment_uuid)
            .exclude(version=version)
        )
        if moved_on.exists():
            # The API answers EditConflict with 409, for people and cases alike.
            raise EditConflict(
                _("此案件在您打开后已被他人修改,请刷新后重新操作,您的输入未保存。")
            ) from None
        raise


def _detail(request: HttpRequest, enrollment_uuid: uuid_module.UUID) -> CaseDetail:
    """The case as the caller may see it: program details and casework notes only for those
    who may work it."""
    enrollment = policy.get_enrollment_for_user(request.user, enrollment_uuid)
    casework = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    return CaseDetail.from_enrollment_with_history(
        enrollment,
        casework=casework,
        levels=list(LevelChange.objects.filter(enrollment=enrollment).select_related("changed_by")),
        deadlines=list(Deadline.objects.filter(enrollment=enrollment)),
        contacts=list(Contact.objects.filter(enrollment=enrollment).exclude(status="cancelled")),
        alerts=list(
            Alert.objects.filter(enrollment=enrollment, resolved_at__isnull=True)
            .select_related("assignee")
            .order_by("raised_on", "id")
        ),
    )


# -- reads ---------------------------------------------------------------------------------


@router.get(
    "/cases",
    response={200: CasePage, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="cases_list",
    summary="List the cases the caller may see",
)
def list_cases(request: HttpRequest, filters: Query[CaseQuery]) -> CasePage:
    cases = policy.enrollments_visible_to(request.user)
    if filters.program:
        try:
            spec = get_spec(filters.program)
        except KeyError as exc:
            raise CaseworkRejected({"program": [_("未知的项目。")]}) from exc
        cases = cases.filter(program=spec.storage_code)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.person is not None:
        cases = cases.filter(person__uuid=filters.person)
    total = cases.count()
    start = (filters.page - 1) * filters.page_size
    page = list(
        cases.select_related("person", "owner_agency", "responsible_worker").order_by(
            "-started_on", "-id"
        )[start : start + filters.page_size]
    )
    # The filters are not logged: a person filter names someone the caller may not see.
    _disclose(request, "enrollment.list", [case.uuid for case in page], count=total)
    return CasePage(
        count=total,
        page=filters.page,
        page_size=filters.page_size,
        items=[CaseSummary.from_enrollment(case) for case in page],
    )


@router.get(
    "/cases/{uuid}",
    response=READ_RESPONSES,
    operation_id="cases_get",
    summary="One case with its level history, deadlines, contacts and open alerts",
    exclude_unset=True,
)
def get_case(request: HttpRequest, uuid: uuid_module.UUID) -> CaseDetail:
    detail = _detail(request, uuid)
    _disclose(request, "enrollment.view", [detail.uuid])
    return detail


@router.get(
    "/queue",
    response={200: WorkQueueOut, **UNAUTHENTICATED},
    operation_id="queue_get",
    summary="The caller's work queue: contacts due, deadlines, alerts, unassigned cases",
)
def work_queue(request: HttpRequest) -> WorkQueueOut:
    queue = worker_queue(request.user)
    _disclose(request, "enrollment.queue", queue.enrollment_uuids)
    return WorkQueueOut.from_queue(queue)


@router.get(
    "/queue/summary",
    response={200: SummaryOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="queue_summary",
    summary="Due work counted by owner agency or responsible worker",
)
def queue_summary(request: HttpRequest, options: Query[SummaryQuery]) -> SummaryOut:
    rows = supervisor_summary(request.user, by=options.by)
    # Counts name no case, but a report over cases is a disclosure all the same.
    _disclose(request, "enrollment.summary", [], by=options.by, rows=len(rows))
    return SummaryOut(by=options.by, rows=[SummaryRowOut.from_row(row) for row in rows])


# -- writes --------------------------------------------------------------------------------


@router.post(
    "/cases",
    response={201: CaseDetail, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="cases_create",
    summary="Enroll a person in a program",
    exclude_unset=True,
)
def create_case(request: HttpRequest, payload: CaseCreateIn) -> Status[CaseDetail]:
    worker = _active_user(payload.responsible_worker) if payload.responsible_worker else None
    with transaction.atomic():
        enrollment = actions.enroll_person(
            actor=_actor(request),
            person_uuid=payload.person,
            program=payload.program,
            details=payload.details,
            started_on=payload.started_on,
            responsible_worker=worker,
        )
        # The owner agency is only known once the action has chosen it; a worker from
        # elsewhere undoes the enrollment and its audit row with this transaction.
        if payload.responsible_worker and (
            worker is None or not policy.works_for(worker, enrollment.owner_agency_id)
        ):
            raise _worker_refused("responsible_worker")
    return Status(201, _detail(request, enrollment.uuid))


@router.post(
    "/cases/{uuid}/transitions",
    response=WRITE_RESPONSES,
    operation_id="cases_transition",
    summary="Move a case along its program's status machine",
    exclude_unset=True,
)
def transition_case(
    request: HttpRequest, uuid: uuid_module.UUID, payload: TransitionIn
) -> CaseDetail:
    _versioned(
        request,
        uuid,
        payload.version,
        lambda: actions.transition_enrollment(
            actor=_actor(request),
            enrollment_uuid=uuid,
            transition=payload.transition,
            on_date=payload.on_date,
            reason=payload.reason,
            expected_version=payload.version,
        ),
    )
    return _detail(request, uuid)


@router.post(
    "/cases/{uuid}/contacts",
    response={201: CaseDetail, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="cases_record_contact",
    summary="Record a contact that took place; the next one is planned",
    exclude_unset=True,
)
def record_case_contact(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ContactIn
) -> Status[CaseDetail]:
    actions.record_contact(
        actor=_actor(request),
        enrollment_uuid=uuid,
        kind=payload.kind.value,
        done_on=payload.done_on,
        outcome=payload.outcome,
    )
    return Status(201, _detail(request, uuid))


@router.post(
    "/cases/{uuid}/level",
    response=WRITE_RESPONSES,
    operation_id="cases_change_level",
    summary="Change the management level (kept in the history) and reschedule",
    exclude_unset=True,
)
def change_case_level(request: HttpRequest, uuid: uuid_module.UUID, payload: LevelIn) -> CaseDetail:
    _versioned(
        request,
        uuid,
        payload.version,
        lambda: actions.change_level(
            actor=_actor(request),
            enrollment_uuid=uuid,
            level=payload.level,
            reason=payload.reason,
            effective_on=payload.effective_on,
            risk_level=payload.risk_level,
            expected_version=payload.version,
        ),
    )
    return _detail(request, uuid)


@router.post(
    "/cases/{uuid}/assign",
    response=WRITE_RESPONSES,
    operation_id="cases_assign",
    summary="Make a worker of the owner agency responsible for the case",
    exclude_unset=True,
)
def assign_case(request: HttpRequest, uuid: uuid_module.UUID, payload: AssignIn) -> CaseDetail:
    # Outside the caller's scope the answer is 404 before the username is looked at.
    policy.get_enrollment_for_user(request.user, uuid, write=True)
    worker = _active_user(payload.worker) if payload.worker else None

    def assign() -> Enrollment:
        if payload.worker and worker is None:
            raise _worker_refused("worker")
        return actions.assign_worker(
            actor=_actor(request),
            enrollment_uuid=uuid,
            worker=worker,
            expected_version=payload.version,
        )

    _versioned(request, uuid, payload.version, assign)
    return _detail(request, uuid)

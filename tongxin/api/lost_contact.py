"""Lost-contact (失联查找) endpoints: a case's episodes; flag lost, record a search, notify
the police, mark found.

Episodes are addressed through their case (``/cases/{uuid}/lost-contact/...``), never by
their own uuid: the case is the scope every other case endpoint checks, so one rule (the
access policy on the case) answers 404 outside scope for reads and writes alike, and the
permission matrix tests one kind of address. Nothing is lost by it: a case has at most one
open episode (a database constraint) and only the open one takes searches, a police notice
or a finding; without one the answer is 422 saying so.

Reads write one AccessEvent naming the case before the data leaves; each write is one
action, which audits itself. Refusals answer 422 with ``{"errors": {field: [messages]}}``.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.lost_contact_schemas import (
    EpisodeOut,
    FlagIn,
    FoundIn,
    LostContactOut,
    PoliceNoticeIn,
    SearchIn,
)
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.programs import lost_contact
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.lost_contact_forms import police_note_errors
from tongxin.programs.models import Enrollment, LostContact

router = Router(tags=["lost contact"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
READ_RESPONSES = {200: LostContactOut, 404: ErrorOut, **UNAUTHENTICATED}
CREATE_RESPONSES = {201: LostContactOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}
UPDATE_RESPONSES = {200: LostContactOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _episodes(request: HttpRequest, enrollment: Enrollment) -> LostContactOut:
    """The case's episodes as the caller may see them: search notes only for those who may
    work the case."""
    casework = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    today = timezone.localdate()
    episodes = (
        LostContact.objects.filter(enrollment=enrollment)
        .select_related("flagged_by")
        .prefetch_related("searches__by")
        .order_by("-since_on", "-id")
    )
    enrollment.refresh_from_db(fields=["lost_contact_since"])
    return LostContactOut(
        case=enrollment.uuid,
        lost_contact_since=enrollment.lost_contact_since,
        episodes=[
            EpisodeOut.from_episode(episode, today=today, casework=casework) for episode in episodes
        ],
    )


def _case_to_work(request: HttpRequest, uuid: uuid_module.UUID) -> Enrollment:
    # Outside the caller's writing scope: 404 before the body is looked at.
    case: Enrollment = policy.get_enrollment_for_user(request.user, uuid, write=True)
    return case


def _open_episode(enrollment: Enrollment) -> Any:
    return lost_contact.open_episode_to_act_on(enrollment).uuid


@router.get(
    "/cases/{uuid}/lost-contact",
    response=READ_RESPONSES,
    operation_id="cases_lost_contact_get",
    summary="A case's lost-contact episodes with their searches, police notice and finding",
)
def get_case_lost_contact(request: HttpRequest, uuid: uuid_module.UUID) -> LostContactOut:
    enrollment = policy.get_enrollment_for_user(request.user, uuid)
    disclose(request, "lost_contact.view", "enrollment", [enrollment.uuid], channel="api")
    return _episodes(request, enrollment)


@router.post(
    "/cases/{uuid}/lost-contact",
    response=CREATE_RESPONSES,
    operation_id="cases_lost_contact_flag",
    summary="Flag the case lost (失联) from a date; the search starts",
)
def flag_case_lost_contact(
    request: HttpRequest, uuid: uuid_module.UUID, payload: FlagIn
) -> Status[LostContactOut]:
    enrollment = _case_to_work(request, uuid)
    lost_contact.flag_lost_contact(
        actor=_actor(request), enrollment_uuid=enrollment.uuid, since_on=payload.since_on
    )
    return Status(201, _episodes(request, enrollment))


@router.post(
    "/cases/{uuid}/lost-contact/searches",
    response=CREATE_RESPONSES,
    operation_id="cases_lost_contact_search",
    summary="Record a search (phone, visit, information check) of the open episode",
)
def record_case_search(
    request: HttpRequest, uuid: uuid_module.UUID, payload: SearchIn
) -> Status[LostContactOut]:
    enrollment = _case_to_work(request, uuid)
    lost_contact.record_search(
        actor=_actor(request),
        episode_uuid=_open_episode(enrollment),
        on_date=payload.on_date,
        method=payload.method,
        outcome=payload.outcome,
    )
    return Status(201, _episodes(request, enrollment))


@router.post(
    "/cases/{uuid}/lost-contact/police",
    response=UPDATE_RESPONSES,
    operation_id="cases_lost_contact_police",
    summary="Record that the police were notified of the open episode, and which organ",
)
def notify_case_police(
    request: HttpRequest, uuid: uuid_module.UUID, payload: PoliceNoticeIn
) -> LostContactOut:
    enrollment = _case_to_work(request, uuid)
    errors = police_note_errors(payload.note)
    if errors:
        raise CaseworkRejected(errors)
    lost_contact.notify_police(
        actor=_actor(request),
        episode_uuid=_open_episode(enrollment),
        on_date=payload.on_date,
        note=payload.note,
    )
    return _episodes(request, enrollment)


@router.post(
    "/cases/{uuid}/lost-contact/found",
    response=UPDATE_RESPONSES,
    operation_id="cases_lost_contact_found",
    summary="Close the open episode: the person was found on a date",
)
def mark_case_found(
    request: HttpRequest, uuid: uuid_module.UUID, payload: FoundIn
) -> LostContactOut:
    enrollment = _case_to_work(request, uuid)
    lost_contact.mark_found(
        actor=_actor(request), episode_uuid=_open_episode(enrollment), found_on=payload.found_on
    )
    return _episodes(request, enrollment)

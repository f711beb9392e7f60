"""Rewards-and-sanctions (奖惩) endpoints: a corrections case's decided measures with what
the counters suggest now, and the decision itself.

The case in the path is the scope: outside it the answer is 404. The decision is
``measures.decide_measure``, which lets only the county agency decide (``may_decide``) and
refuses a township worker with 422 and its Chinese message. Reads write one AccessEvent
naming the case before the data leaves; refusals answer 422 with
``{"errors": {field: [messages]}}``.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.measures_schemas import DecideIn, MeasureOut, MeasuresOut, SuggestionOut
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.programs.measures import decide_measure, may_decide, suggestions_for
from tongxin.programs.models import Enrollment, Measure

router = Router(tags=["measures"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _measures(request: HttpRequest, enrollment: Enrollment) -> MeasuresOut:
    """The case's measures as the caller may see them: facts, evidence and suggestions only
    for those who may work the case (left out of the body for the others)."""
    casework = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    measures = (
        Measure.objects.filter(enrollment=enrollment)
        .select_related("decided_by")
        .order_by("-decided_on", "-id")
    )
    fields: dict[str, Any] = {
        "case": enrollment.uuid,
        "may_decide": casework and may_decide(request.user, enrollment),
        "measures": [MeasureOut.from_measure(m, casework=casework) for m in measures],
    }
    if casework:
        fields["suggestions"] = [
            SuggestionOut.from_suggestion(s)
            for s in suggestions_for(enrollment, timezone.localdate())
        ]
    return MeasuresOut.model_validate(fields)


@router.get(
    "/cases/{uuid}/measures",
    response={200: MeasuresOut, 404: ErrorOut, **UNAUTHENTICATED},
    operation_id="cases_measures_list",
    summary="A case's decided rewards and sanctions, and what the counters suggest now",
    exclude_unset=True,
)
def list_case_measures(request: HttpRequest, uuid: uuid_module.UUID) -> MeasuresOut:
    enrollment = policy.get_enrollment_for_user(request.user, uuid)
    disclose(request, "measure.list", "enrollment", [enrollment.uuid], channel="api")
    return _measures(request, enrollment)


@router.post(
    "/cases/{uuid}/measures",
    response={201: MeasuresOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED},
    operation_id="cases_measures_decide",
    summary="Record a decided reward or sanction (county corrections agency only)",
    exclude_unset=True,
)
def decide_case_measure(
    request: HttpRequest, uuid: uuid_module.UUID, payload: DecideIn
) -> Status[MeasuresOut]:
    # Outside the caller's writing scope: 404 before the body is looked at.
    enrollment = policy.get_enrollment_for_user(request.user, uuid, write=True)
    decide_measure(
        actor=_actor(request),
        enrollment_uuid=enrollment.uuid,
        kind=payload.kind,
        decided_on=payload.decided_on,
        reason=payload.reason,
        evidence=payload.evidence,
        suggestion=payload.suggestion,
    )
    return Status(201, _measures(request, enrollment))

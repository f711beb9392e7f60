"""A case's assessments: list them, record a mental-health risk assessment (危险性评估), record a
corrections classification (分类管理评估). An assessment never changes the level; when its
result differs from the current level it files a level-change proposal (an approval of kind
``level_change``), returned with it and decided with the case's approvals.

Every read goes through the access policy and writes one AccessEvent naming the case before
the data leaves; inputs, notes and proposals only for those who may work the case. Every
write is one action of ``programs.assessments``, which refuses cases outside the caller's
writing scope with 404 and audits itself. Refusals answer 422 with
``{"errors": {field: [messages]}}``. Mental-health cases are visible to their health lead only,
so a risk level never reaches another agency here.
"""

from __future__ import annotations

import uuid as uuid_module

from django.http import HttpRequest
from ninja import Router, Status

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.assessments_schemas import (
    AssessmentOut,
    AssessmentRecordedOut,
    CaseAssessmentsOut,
    ClassificationIn,
    RiskAssessmentIn,
)
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.programs import assessments
from tongxin.programs.assessments import AssessmentOutcome
from tongxin.programs.assessments_views import proposals_by_assessment
from tongxin.programs.models import Assessment
from tongxin.programs.registry import get_spec

router = Router(tags=["assessments"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
WRITE_RESPONSES = {201: AssessmentRecordedOut, 404: ErrorOut, 422: RejectedOut, **UNAUTHENTICATED}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(request: HttpRequest, action: str, enrollment_uuid: uuid_module.UUID) -> None:
    disclose(request, action, "enrollment", [enrollment_uuid], channel="api")


def _recorded(request: HttpRequest, outcome: AssessmentOutcome) -> Status[AssessmentRecordedOut]:
    enrollment = outcome.assessment.enrollment
    out = AssessmentRecordedOut.from_outcome(outcome, get_spec(enrollment.program))
    _disclose(request, "assessment.view", enrollment.uuid)
    return Status(201, out)


@router.get(
    "/cases/{uuid}/assessments",
    response={200: CaseAssessmentsOut, 404: ErrorOut, **UNAUTHENTICATED},
    operation_id="cases_assessments_list",
    summary="The case's assessments, newest first (inputs and proposals for its own agency)",
)
def list_case_assessments(request: HttpRequest, uuid: uuid_module.UUID) -> CaseAssessmentsOut:
    enrollment = policy.get_enrollment_for_user(request.user, uuid)
    casework = (
        policy.enrollments_visible_to(request.user, write=True).filter(pk=enrollment.pk).exists()
    )
    spec = get_spec(enrollment.program)
    found = list(
        Assessment.objects.filter(enrollment=enrollment)
        .select_related("assessor")
        .order_by("-assessed_on", "-id")
    )
    proposals = proposals_by_assessment(enrollment) if casework and found else {}
    out = CaseAssessmentsOut(
        case=enrollment.uuid,
        items=[
            AssessmentOut.from_assessment(
                assessment,
                spec,
                casework=casework,
                proposal=proposals.get(str(assessment.uuid)),
            )
            for assessment in found
        ],
    )
    _disclose(request, "assessment.list", enrollment.uuid)
    return out


@router.post(
    "/cases/{uuid}/assessments/risk",
    response=WRITE_RESPONSES,
    operation_id="cases_assessments_record_risk",
    summary="Record a mental-health risk assessment (0–5); may propose a level change",
)
def record_case_risk_assessment(
    request: HttpRequest, uuid: uuid_module.UUID, payload: RiskAssessmentIn
) -> Status[AssessmentRecordedOut]:
    # Outside the caller's scope the answer is 404 whatever the body holds.
    policy.get_enrollment_for_user(request.user, uuid, write=True)
    outcome = assessments.record_risk_assessment(
        actor=_actor(request),
        enrollment_uuid=uuid,
        assessed_on=payload.assessed_on,
        risk_level=payload.risk_level,
        symptoms_controlled=payload.symptoms_controlled,
        insight_good=payload.insight_good,
        social_function_good=payload.social_function_good,
        notes=payload.notes,
    )
    return _recorded(request, outcome)


@router.post(
    "/cases/{uuid}/assessments/classification",
    response=WRITE_RESPONSES,
    operation_id="cases_assessments_record_classification",
    summary="Record a corrections classification (严管/普管/宽管); may propose a level change",
)
def record_case_classification(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ClassificationIn
) -> Status[AssessmentRecordedOut]:
    # Outside the caller's scope the answer is 404 whatever the body holds.
    policy.get_enrollment_for_user(request.user, uuid, write=True)
    outcome = assessments.record_classification_assessment(
        actor=_actor(request),
        enrollment_uuid=uuid,
        assessed_on=payload.assessed_on,
        reoffending_risk=payload.reoffending_risk,
        public_security_penalty=payload.public_security_penalty,
        failed_assessment=payload.failed_assessment,
        average_quarterly_score=payload.average_quarterly_score,
        notes=payload.notes,
    )
    return _recorded(request, outcome)

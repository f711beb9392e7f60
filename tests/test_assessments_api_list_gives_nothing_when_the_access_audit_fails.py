"""Listing a case's assessments writes its AccessEvent before the list leaves the server: if
that write fails the caller gets an error and none of the assessments."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api_programs_support import case_url
from tests.api_support import token_for
from tests.assessments_support import NOTES, patient_case
from tests.personas import World
from tests.programs_support import act
from tests.teams_support import frozen
from tongxin.access import disclosure
from tongxin.programs.assessments import record_risk_assessment


class AuditDown(RuntimeError):
    pass


def test_no_assessment_leaves_without_its_access_event(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with frozen():
        patient = patient_case(world)
        outcome = record_risk_assessment(
            actor=act(world.health_a),
            enrollment_uuid=patient.uuid,
            assessed_on=patient.started_on,
            risk_level=4,
            symptoms_controlled=False,
            insight_good=False,
            social_function_good=False,
            notes=NOTES,
        )
    token = token_for(world.health_a)

    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    with frozen():
        response = Client(raise_request_exception=False).get(
            case_url(patient, "assessments"), headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 500
    body = response.content.decode()
    assert str(outcome.assessment.uuid) not in body and NOTES not in body

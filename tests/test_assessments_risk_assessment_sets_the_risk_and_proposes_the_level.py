"""A mental-health risk assessment writes the risk level to the case at once (the police alert
reads it) and, when the stability differs, files one level-change proposal for approval; it
never changes the level itself. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.http import Http404

from tests.personas import World
from tests.programs_support import act
from tongxin.audit.models import AuditEvent
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.assessments import AssessmentOutcome, record_risk_assessment
from tongxin.programs.models import Approval, Assessment, Enrollment

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def patient(world: World) -> Enrollment:
    case = actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 1},
        started_on=dt.date(2026, 4, 1),
    )
    assert case.level == "basically_stable"
    return case


def assess(
    world: World,
    case: Enrollment,
    risk: int,
    *,
    good: bool = True,
    insight: bool = True,
    user: object = None,
) -> AssessmentOutcome:
    return record_risk_assessment(
        actor=act(user or world.health_a),
        enrollment_uuid=case.uuid,
        assessed_on=dt.date(2026, 5, 28),
        risk_level=risk,
        symptoms_controlled=good,
        insight_good=insight,
        social_function_good=good,
        notes="家属反映近一周夜间打砸家具",
    )


def test_risk_three_sets_the_risk_level_and_proposes_unstable(
    world: World, patient: Enrollment
) -> None:
    outcome = assess(world, patient, 3)
    patient.refresh_from_db()
    assert patient.risk_level == 3
    assert patient.level == "basically_stable"  # changed only when the proposal is approved
    assert outcome.assessment.proposed_level == "unstable" and outcome.assessment.risk_level == 3
    proposal = outcome.proposal
    assert proposal is not None
    assert (proposal.kind, proposal.status, proposal.steps_required, proposal.approver_level) == (
        "level_change",
        "submitted",
        1,
        "owner",
    )
    assert proposal.requested_by == world.health_a and proposal.requested_on == TODAY
    assert proposal.payload["level"] == "unstable" and proposal.payload["risk_level"] == 3
    assert proposal.payload["assessment"] == str(outcome.assessment.uuid)
    assert "3级" in proposal.payload["reason"]


def test_the_risk_change_is_audited_and_the_notes_stay_encrypted(
    world: World, patient: Enrollment
) -> None:
    version = patient.version
    assess(world, patient, 3)
    patient.refresh_from_db()
    assert patient.version == version + 1
    event = AuditEvent.objects.get(action="assessment.risk", subject_id=str(patient.uuid))
    assert (event.details["risk_from"], event.details["risk_to"]) == (1, 3)
    assert AuditEvent.objects.filter(action="approval.request").count() == 1
    assert "打砸" not in str(list(AuditEvent.objects.values_list("details", flat=True)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT inputs_text FROM programs_assessment")
        assert "打砸" not in cursor.fetchone()[0]


def test_while_a_proposal_waits_a_new_assessment_proposes_nothing_and_says_so(
    world: World, patient: Enrollment
) -> None:
    assess(world, patient, 3)
    second = assess(world, patient, 5)
    assert second.proposal is None and "正在审批" in second.notice
    assert Approval.objects.count() == 1
    assert Approval.objects.get().payload["risk_level"] == 3
    patient.refresh_from_db()
    assert patient.risk_level == 5  # the fact is recorded all the same
    assert Assessment.objects.filter(enrollment=patient).count() == 2


def test_the_same_stability_proposes_nothing(world: World, patient: Enrollment) -> None:
    # Risk 0 with poor insight is still only basically stable.
    outcome = assess(world, patient, 0, insight=False)
    assert outcome.assessment.proposed_level == "basically_stable"
    assert outcome.proposal is None and outcome.notice == ""
    assert not Approval.objects.exists()


def test_risk_zero_with_everything_good_proposes_stable(world: World, patient: Enrollment) -> None:
    outcome = assess(world, patient, 0)
    assert outcome.proposal is not None and outcome.proposal.payload["level"] == "stable"


@pytest.mark.parametrize("risk", [-1, 6])
def test_a_risk_outside_zero_to_five_is_refused(
    world: World, patient: Enrollment, risk: int
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        assess(world, patient, risk)
    assert "risk_level" in error.value.errors
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("who", ["worker_b", "civil_officer", "worker_a", "police_a"])
def test_nobody_outside_the_health_lead_can_assess(
    world: World, patient: Enrollment, who: str
) -> None:
    with pytest.raises(Http404):
        assess(world, patient, 3, user=getattr(world, who))
    patient.refresh_from_db()
    assert patient.risk_level == 1
    assert not Assessment.objects.exists() and not Approval.objects.exists()

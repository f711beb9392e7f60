"""Level changes (管理等级调整): a corrections level is set by a supervisor of the county
司法局 (domain-rules §1.5), other programs' levels by a supervisor of the owner agency. On
approval the level changes with its history and the next contact is replanned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from tests.approvals_support import EFFECTIVE, active_probation, decide, office_a_supervisor, on
from tests.personas import World, member
from tests.programs_support import act, enroll_probation
from tongxin.organisation.models import Role
from tongxin.programs import actions, approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Approval, Contact, Enrollment, LevelChange

TODAY = dt.date(2026, 5, 8)


def ask_level(user: Any, case: Enrollment, level: str, **extra: Any) -> Approval:
    with on(TODAY):
        return approvals.request_approval(
            actor=act(user),
            enrollment_uuid=case.uuid,
            kind="level_change",
            payload={"level": level, "reason": "入矫满两个月,表现良好", **extra},
        )


def test_county_approval_changes_a_corrections_level_and_reschedules(world: World) -> None:
    case = active_probation(world)
    request = ask_level(world.worker_a, case, "ordinary")
    assert (request.steps_required, request.approver_level) == (1, "justice_bureau")

    # The 司法所 does not set corrections levels.
    with pytest.raises(CaseworkRejected) as error:
        decide(office_a_supervisor(world), request, today=TODAY)
    assert "县司法局主管" in error.value.errors["__all__"][0]
    case.refresh_from_db()
    assert case.level == "strict"

    decide(world.county_supervisor, request, today=dt.date(2026, 5, 10))

    case.refresh_from_db()
    assert case.level == "ordinary"
    change = LevelChange.objects.filter(enrollment=case).last()
    assert change is not None
    assert (change.from_level, change.to_level, change.effective_on, change.changed_by) == (
        "strict",
        "ordinary",
        dt.date(2026, 5, 10),
        world.county_supervisor,
    )
    # Ordinary: monthly, counted from the decision.
    assert Contact.objects.get(enrollment=case, status="planned").due_on == dt.date(2026, 6, 9)


def test_the_same_or_an_unknown_level_is_refused(world: World) -> None:
    case = active_probation(world)
    with pytest.raises(CaseworkRejected) as error:
        ask_level(world.worker_a, case, "strict")
    assert "已是该等级" in error.value.errors["level"][0]
    with pytest.raises(CaseworkRejected) as error:
        ask_level(world.worker_a, case, "maximum")
    assert "严管" in error.value.errors["level"][0]
    with pytest.raises(CaseworkRejected) as error:
        ask_level(world.worker_a, case, "lenient", assessment="not-a-uuid")
    assert "assessment" in error.value.errors
    assert not Approval.objects.exists()


def test_a_mental_health_level_is_approved_by_the_health_centres_supervisor(
    world: World,
) -> None:
    with on(dt.date(2026, 4, 1)):
        case = actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "schizophrenia", "risk_level": 1, "symptoms_controlled": True},
            started_on=dt.date(2026, 4, 1),
            responsible_worker=world.health_a,
        )
    request = ask_level(world.health_a, case, "stable", risk_level=0)
    assert (request.steps_required, request.approver_level) == (1, "owner")
    for user in (world.county_supervisor, world.worker_a, world.civil_officer):
        with pytest.raises(Http404):
            decide(user, request, today=TODAY)

    head = member("health_supervisor", world.health_centre_a, Role.SUPERVISOR)
    assert list(approvals.approvals_waiting_for(head)) == [request]
    decide(head, request, today=TODAY)
    case.refresh_from_db()
    assert (case.level, case.risk_level) == ("stable", 0)


def test_corrections_only_requests_and_cases_not_under_supervision_are_refused(
    world: World,
) -> None:
    with on(dt.date(2026, 4, 1)):
        mental = actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "bipolar", "risk_level": 0},
            started_on=dt.date(2026, 4, 1),
        )
        with pytest.raises(CaseworkRejected) as error:
            approvals.request_approval(
                actor=act(world.health_a),
                enrollment_uuid=mental.uuid,
                kind="leave",
                starts_on=dt.date(2026, 4, 10),
                ends_on=dt.date(2026, 4, 11),
                payload={"destination": "省城", "reason": "探亲"},
            )
    assert "只适用于社区矫正" in error.value.errors["kind"][0]

    # Not yet reported: no requests.
    with on(EFFECTIVE):
        pending = enroll_probation(world, effective=EFFECTIVE)
    with pytest.raises(CaseworkRejected) as error:
        ask_level(world.worker_a, pending, "ordinary")
    assert "待报到" in error.value.errors["__all__"][0]
    assert not Approval.objects.exists()


def test_a_released_case_cannot_ask(world: World) -> None:
    case = active_probation(world)
    with on(dt.date(2027, 3, 2)):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="release",
            on_date=dt.date(2027, 3, 2),
            reason="term_end",
        )
        with pytest.raises(CaseworkRejected) as error:
            approvals.request_approval(
                actor=act(world.worker_a),
                enrollment_uuid=case.uuid,
                kind="level_change",
                payload={"level": "lenient", "reason": "表现良好"},
            )
    assert "解除矫正" in error.value.errors["__all__"][0]
    assert not Approval.objects.exists()

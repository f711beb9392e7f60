"""社区矫正 levels are the county's decision (domain-rules §1.5: suggested on triggers,
approved by the county): a 司法所 worker's direct change is refused with the way to ask
for it and changes nothing; an approved level-change request changes it; the county's
supervisor may change it directly. Other programs' workers change their levels."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.approvals_support import active_probation, decide, office_a_supervisor, on
from tests.personas import World
from tests.programs_support import act
from tongxin.programs import actions, approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import LevelChange

TODAY = dt.date(2026, 4, 1)


def test_a_worker_asks_and_the_county_approves(world: World) -> None:
    case = active_probation(world)
    with on(TODAY), pytest.raises(CaseworkRejected) as refused:
        actions.change_level(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            level="ordinary",
            reason="表现良好",
            effective_on=TODAY,
        )
    assert refused.value.errors == {
        "level": ["社区矫正的管理等级由县司法局审批:请在“审批”中提出等级调整申请。"]
    }
    case.refresh_from_db()
    assert case.level == "strict" and not LevelChange.objects.filter(to_level="ordinary").exists()
    with on(TODAY):
        request = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="level_change",
            payload={"level": "ordinary", "reason": "严管期满,表现良好"},
        )
    assert (request.steps_required, request.approver_level) == (1, "justice_bureau")
    decide(world.county_supervisor, request, today=TODAY)
    case.refresh_from_db()
    change = LevelChange.objects.get(enrollment=case, to_level="ordinary")
    assert case.level == "ordinary" and change.changed_by == world.county_supervisor


def test_the_county_supervisor_changes_a_level_directly(world: World) -> None:
    case = active_probation(world)
    with on(TODAY):
        actions.change_level(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            level="ordinary",
            reason="经评估调整",
            effective_on=TODAY,
        )
    case.refresh_from_db()
    assert case.level == "ordinary"
    assert not actions.may_change_level_directly(world.worker_a, case)
    assert not actions.may_change_level_directly(office_a_supervisor(world), case)

"""Leave (外出, 实施办法 ~art 27 [M]): up to 7 days the 司法所 approves alone; longer, the
司法所 reviews and the county approves; over 30 days, or over 30 days within the 2 months
before the start, is beyond the county and refused with the reason."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.approvals_support import active_probation, ask_leave, decide, office_a_supervisor, on
from tests.personas import World
from tests.programs_support import act
from tongxin.audit.models import AuditEvent
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.approvals import request_approval
from tongxin.programs.models import Approval, ApprovalStep, Enrollment

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


def test_a_seven_day_leave_is_approved_by_the_township_office_supervisor_alone(
    world: World, case: Enrollment
) -> None:
    head = office_a_supervisor(world)
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 16), today=TODAY)
    assert (leave.steps_required, leave.approver_level) == (1, "justice_office")

    decided = decide(head, leave, today=dt.date(2026, 4, 2))

    assert decided.status == "approved"
    step = ApprovalStep.objects.get(approval=leave)
    assert (step.step, step.agreed, step.decided_by, step.agency) == (
        "approve",
        True,
        head,
        world.justice_office_a,
    )
    assert list(
        AuditEvent.objects.filter(object_type="approval", subject_id=str(leave.uuid))
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["approval.request", "approval.approve"]


def test_an_eight_day_leave_needs_the_office_review_then_the_county_approval(
    world: World, case: Enrollment
) -> None:
    head = office_a_supervisor(world)
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 17), today=TODAY)
    assert (leave.steps_required, leave.approver_level) == (2, "justice_bureau")

    assert decide(head, leave, today=TODAY).status == "reviewed"
    # The 司法所 cannot also give the county's approval.
    with pytest.raises(CaseworkRejected) as error:
        decide(head, leave, today=TODAY)
    assert "县司法局主管" in error.value.errors["__all__"][0]

    assert decide(world.county_supervisor, leave, today=dt.date(2026, 4, 2)).status == "approved"
    assert list(
        ApprovalStep.objects.filter(approval=leave).values_list("step", "agency__name")
    ) == [("review", "东城镇司法所"), ("approve", "测试县司法局")]


def test_a_thirty_day_leave_is_still_the_countys_to_approve(world: World, case: Enrollment) -> None:
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 5, 9), today=TODAY)
    assert (leave.steps_required, leave.approver_level) == (2, "justice_bureau")


def test_a_thirty_one_day_leave_is_refused_as_beyond_the_county(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 5, 10), today=TODAY)
    message = error.value.errors["ends_on"][0]
    assert "31 日" in message and "上一级" in message and "本县不能批准" in message
    assert not Approval.objects.exists()


def test_twenty_days_after_fifteen_approved_in_the_two_months_before_are_refused(
    world: World, case: Enrollment
) -> None:
    head = office_a_supervisor(world)
    first = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 24), today=TODAY)
    decide(head, first, today=TODAY)
    decide(world.county_supervisor, first, today=TODAY)

    with pytest.raises(CaseworkRejected) as error:
        ask_leave(case, world.worker_a, dt.date(2026, 5, 1), dt.date(2026, 5, 20), today=TODAY)
    message = error.value.errors["ends_on"][0]
    assert "已批准外出 15 日" in message and "共 35 日" in message and "上一级" in message
    assert Approval.objects.count() == 1

    # Fifteen more make thirty: still within the county's power.
    second = ask_leave(case, world.worker_a, dt.date(2026, 5, 1), dt.date(2026, 5, 15), today=TODAY)
    assert second.approver_level == "justice_bureau"


def test_leave_approved_while_another_waited_is_counted_when_it_is_decided(
    world: World, case: Enrollment
) -> None:
    head = office_a_supervisor(world)
    first = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 24), today=TODAY)
    second = ask_leave(case, world.worker_a, dt.date(2026, 5, 1), dt.date(2026, 5, 16), today=TODAY)
    for leave in (first, second):
        decide(head, leave, today=TODAY)
    decide(world.county_supervisor, first, today=TODAY)

    with pytest.raises(CaseworkRejected) as error:
        decide(world.county_supervisor, second, today=TODAY)
    assert "共 31 日" in error.value.errors["ends_on"][0]
    second.refresh_from_db()
    assert second.status == "reviewed"
    assert not ApprovalStep.objects.filter(approval=second, step="approve").exists()


def test_a_leave_that_started_yesterday_or_overlaps_another_is_refused(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask_leave(case, world.worker_a, dt.date(2026, 3, 31), dt.date(2026, 4, 3), today=TODAY)
    assert "2026-04-01" in error.value.errors["starts_on"][0]

    ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 12), today=TODAY)
    with pytest.raises(CaseworkRejected) as error:
        ask_leave(case, world.worker_a, dt.date(2026, 4, 12), dt.date(2026, 4, 14), today=TODAY)
    assert "2026-04-10 至 2026-04-12" in error.value.errors["starts_on"][0]

    with pytest.raises(CaseworkRejected) as error:
        ask_leave(case, world.worker_a, dt.date(2026, 4, 20), dt.date(2026, 4, 19), today=TODAY)
    assert "ends_on" in error.value.errors
    assert Approval.objects.count() == 1


def test_a_leave_without_destination_or_reason_names_both_fields(
    world: World, case: Enrollment
) -> None:
    with on(TODAY), pytest.raises(CaseworkRejected) as error:
        request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="leave",
            starts_on=dt.date(2026, 4, 10),
            ends_on=dt.date(2026, 4, 11),
            payload={"destination": "  "},
        )
    assert set(error.value.errors) == {"destination", "reason"}
    assert not Approval.objects.exists()

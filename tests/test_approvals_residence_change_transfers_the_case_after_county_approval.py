"""Change of execution place (变更执行地, 实施办法 ~arts 30–31 [M]): asked a month ahead, naming
the new place's justice agency; once the county approves, that agency owns the case, picks its
own responsible worker, and the person must report there within 7 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from tests.approvals_support import (
    active_probation,
    decide,
    office_a_supervisor,
    office_b_supervisor,
    on,
)
from tests.personas import World
from tests.programs_support import act
from tongxin.access import policy
from tongxin.audit.models import AuditEvent
from tongxin.programs import approvals
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Alert, Approval, Deadline, Enrollment
from tongxin.programs.queue import worker_queue
from tongxin.programs.scan import run_scan

TODAY = dt.date(2026, 4, 1)
User = get_user_model()
MOVE = dt.date(2026, 5, 1)


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


def ask_move(
    world: World, case: Enrollment, *, moves_on: dt.date = MOVE, to: Any = None
) -> Approval:
    with on(TODAY):
        return approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="residence_change",
            starts_on=moves_on,
            payload={
                "destination_agency": (to or world.justice_office_b).pk,
                "new_address": "西山村18号",
                "reason": "随子女迁居西山乡",
            },
        )


def test_a_move_less_than_a_month_away_is_refused_with_the_earliest_date(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        ask_move(world, case, moves_on=dt.date(2026, 4, 30))
    assert "提前 1 个月" in error.value.errors["starts_on"][0]
    assert "2026-05-01" in error.value.errors["starts_on"][0]
    assert not Approval.objects.exists()


def test_the_destination_must_be_another_justice_agency(world: World, case: Enrollment) -> None:
    for agency in (world.health_centre_a, world.justice_office_a):
        with pytest.raises(CaseworkRejected) as error:
            ask_move(world, case, to=agency)
        assert "destination_agency" in error.value.errors
    assert not Approval.objects.exists()


def test_county_approval_transfers_the_case_and_sets_the_seven_day_report(
    world: World, case: Enrollment
) -> None:
    move = ask_move(world, case)
    assert (move.steps_required, move.approver_level) == (2, "justice_bureau")
    assert move.payload["destination_agency_name"] == "西山乡司法所"
    with pytest.raises(CaseworkRejected):
        ask_move(world, case)  # one open move at a time

    decide(office_a_supervisor(world), move, today=dt.date(2026, 4, 2))
    case.refresh_from_db()
    assert case.owner_agency == world.justice_office_a  # nothing moves before the approval
    decide(world.county_supervisor, move, today=dt.date(2026, 4, 3))

    case.refresh_from_db()
    assert case.owner_agency == world.justice_office_b
    assert case.responsible_worker is None
    deadline = Deadline.objects.get(enrollment=case, code="report_new_place")
    assert deadline.due_on == dt.date(2026, 4, 10)
    assert deadline.citation == "《社区矫正法实施办法》第三十一条(待核)"
    assert deadline.status == "open"
    transfer = AuditEvent.objects.get(action="enrollment.transfer", subject_id=str(case.uuid))
    assert (transfer.details["from_agency"], transfer.details["to_agency"]) == (
        "东城镇司法所",
        "西山乡司法所",
    )
    assert "西山村18号" not in str(transfer.details)

    # The new township now works the case and sees it among its unassigned ones.
    assert policy.get_enrollment_for_user(world.worker_b, case.uuid, write=True) == case
    assert case.uuid in [e.uuid for e in worker_queue(world.worker_b, today=TODAY).unassigned]


def transferred(world: World, case: Enrollment) -> None:
    move = ask_move(world, case)
    decide(office_a_supervisor(world), move, today=dt.date(2026, 4, 2))
    decide(world.county_supervisor, move, today=dt.date(2026, 4, 3))


def report_there(user: Any, case: Enrollment, day: dt.date) -> Deadline:
    with on(day):
        return approvals.record_report_at_new_place(
            actor=act(user), enrollment_uuid=case.uuid, reported_on=day
        )


def test_the_new_office_records_the_report_which_meets_the_deadline(
    world: World, case: Enrollment
) -> None:
    transferred(world, case)
    # The old office still sees the case (the file lists 东城村) but the report is made there.
    with pytest.raises(CaseworkRejected) as error:
        report_there(world.worker_a, case, dt.date(2026, 4, 8))
    assert "西山乡司法所" in error.value.errors["__all__"][0]

    met = report_there(world.worker_b, case, dt.date(2026, 4, 8))
    assert (met.status, met.met_on) == ("met", dt.date(2026, 4, 8))
    with pytest.raises(CaseworkRejected):
        report_there(world.worker_b, case, dt.date(2026, 4, 9))


def test_a_late_report_is_still_recorded_and_resolves_the_alert(
    world: World, case: Enrollment
) -> None:
    transferred(world, case)
    with on(dt.date(2026, 4, 11)):
        run_scan()
    deadline = Deadline.objects.get(enrollment=case, code="report_new_place")
    assert deadline.status == "missed"
    alert = Alert.objects.get(cause_key=f"deadline:{deadline.uuid}")
    assert alert.owner_agency == world.justice_office_b

    met = report_there(world.worker_b, case, dt.date(2026, 4, 12))
    assert (met.status, met.met_on, met.due_on) == (
        "met",
        dt.date(2026, 4, 12),
        dt.date(2026, 4, 10),
    )
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_after_the_transfer_the_old_office_cannot_review_the_cases_requests(
    world: World, case: Enrollment
) -> None:
    transferred(world, case)
    old_head = User.objects.get(username="office_a_supervisor")
    new_head = office_b_supervisor(world)

    with on(dt.date(2026, 4, 5)):
        visitor = approvals.request_approval(
            actor=act(world.worker_b),
            enrollment_uuid=case.uuid,
            kind="visitor",
            starts_on=dt.date(2026, 4, 12),
            payload={"visitor_name": "赵某", "place": "西山乡司法所", "reason": "商谈债务"},
        )
    # The person's file still lists 东城村, so the old office still sees the case, but the
    # review belongs to the new owner.
    with pytest.raises(CaseworkRejected) as error:
        decide(old_head, visitor, today=dt.date(2026, 4, 5))
    assert "西山乡司法所的主管或机构管理员" in error.value.errors["__all__"][0]
    assert not approvals.approvals_waiting_for(old_head).exists()
    assert decide(new_head, visitor, today=dt.date(2026, 4, 5)).status == "reviewed"


def test_a_worker_of_another_agency_cannot_ask_to_move_the_case(
    world: World, case: Enrollment
) -> None:
    for user in (world.worker_b, world.civil_officer, world.health_a):
        with on(TODAY), pytest.raises(Http404):
            approvals.request_approval(
                actor=act(user),
                enrollment_uuid=case.uuid,
                kind="residence_change",
                starts_on=MOVE,
                payload={
                    "destination_agency": world.justice_office_b.pk,
                    "new_address": "西山村18号",
                    "reason": "迁居",
                },
            )
    assert not Approval.objects.exists()

"""What waits for whom: each supervisor sees the requests whose next step is theirs, in their
work queue too; workers, other townships and other agencies see none; a request leaves the
list once decided, and when its case ends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.approvals_support import (
    active_probation,
    ask_leave,
    decide,
    office_a_supervisor,
    office_b_supervisor,
    on,
)
from tests.personas import World
from tests.programs_support import act
from tongxin.programs import actions, approvals
from tongxin.programs.models import Approval
from tongxin.programs.queue import worker_queue

TODAY = dt.date(2026, 4, 1)


def waiting(user: Any) -> set[str]:
    return {str(a.uuid) for a in approvals.approvals_waiting_for(user)}


@pytest.fixture
def requests(world: World) -> dict[str, Any]:
    case_a = active_probation(world)
    case_b = active_probation(world, person=world.person_b, worker=world.worker_b)
    short_a = ask_leave(
        case_a, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 12), today=TODAY
    )
    long_b = ask_leave(
        case_b, world.worker_b, dt.date(2026, 4, 10), dt.date(2026, 4, 20), today=TODAY
    )
    with on(TODAY):
        visitor_a = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case_a.uuid,
            kind="visitor",
            starts_on=dt.date(2026, 4, 8),
            payload={"visitor_name": "钱某", "place": "东城镇司法所", "reason": "同案人来访"},
        )
        level_a = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case_a.uuid,
            kind="level_change",
            payload={"level": "ordinary", "reason": "表现良好"},
        )
    return {
        "case_a": case_a,
        "case_b": case_b,
        "short_a": short_a,
        "long_b": long_b,
        "visitor_a": visitor_a,
        "level_a": level_a,
        "head_a": office_a_supervisor(world),
        "head_b": office_b_supervisor(world),
    }


def ids(*approvals_: Approval) -> set[str]:
    return {str(a.uuid) for a in approvals_}


def test_each_supervisor_sees_the_requests_whose_next_step_is_theirs(
    world: World, requests: dict[str, Any]
) -> None:
    r = requests
    assert waiting(r["head_a"]) == ids(r["short_a"], r["visitor_a"])
    assert waiting(r["head_b"]) == ids(r["long_b"])
    # Not reviewed yet: only the one-step level change is the county's now.
    assert waiting(world.county_supervisor) == ids(r["level_a"])

    decide(r["head_a"], r["visitor_a"], today=TODAY)
    decide(r["head_b"], r["long_b"], today=TODAY)
    assert waiting(r["head_a"]) == ids(r["short_a"])
    assert waiting(r["head_b"]) == set()
    assert waiting(world.county_supervisor) == ids(r["level_a"], r["visitor_a"], r["long_b"])

    decide(world.county_supervisor, r["level_a"], today=TODAY)
    assert waiting(world.county_supervisor) == ids(r["visitor_a"], r["long_b"])


def test_workers_other_agencies_and_outsiders_have_nothing_waiting(
    world: World, requests: dict[str, Any]
) -> None:
    for user in (
        world.worker_a,
        world.worker_b,
        world.civil_officer,
        world.health_a,
        world.police_a,
        world.procurator,
        world.outsider,
    ):
        assert waiting(user) == set()
        assert worker_queue(user, today=TODAY).approvals == []


def test_the_work_queue_lists_the_waiting_requests_oldest_first(
    world: World, requests: dict[str, Any]
) -> None:
    r = requests
    with on(dt.date(2026, 4, 2)):
        later = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=r["case_a"].uuid,
            kind="prohibited_place",
            starts_on=dt.date(2026, 4, 20),
            ends_on=dt.date(2026, 4, 20),
            payload={"place": "县体育馆", "reason": "观看子女比赛"},
        )
    queue = worker_queue(r["head_a"], today=dt.date(2026, 4, 2))
    assert [a.uuid for a in queue.approvals] == [
        r["short_a"].uuid,
        r["visitor_a"].uuid,
        later.uuid,
    ]
    assert str(r["case_a"].uuid) in queue.enrollment_uuids
    assert str(r["case_b"].uuid) not in queue.enrollment_uuids

    county = worker_queue(world.county_supervisor, today=dt.date(2026, 4, 2))
    assert [a.uuid for a in county.approvals] == [r["level_a"].uuid]


def test_requests_of_an_ended_case_leave_the_list(world: World, requests: dict[str, Any]) -> None:
    r = requests
    with on(dt.date(2026, 4, 2)):
        actions.transition_enrollment(
            actor=act(world.worker_b),
            enrollment_uuid=r["case_b"].uuid,
            transition="terminate",
            on_date=dt.date(2026, 4, 2),
            reason="death",
        )
    assert waiting(r["head_b"]) == set()

"""The work queue: overdue, due today, due this week, deadlines and unassigned cases — of the
worker's own township only; the supervisor sees the same counted by agency and worker."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World
from tests.programs_support import act
from tongxin.programs import actions
from tongxin.programs.queue import supervisor_summary, worker_queue


def probation(world: World, person: object, worker: object, effective: dt.date) -> object:
    return actions.enroll_person(
        actor=act(worker),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": effective.isoformat(),
            "term_years": 1,
        },
        started_on=effective,
        responsible_worker=worker,
    )


def test_worker_queue_buckets_and_township_isolation(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        case_a = probation(world, world.person_a, world.worker_a, dt.date(2026, 3, 2))
        case_b = probation(world, world.person_b, world.worker_b, dt.date(2026, 3, 2))
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        for case, worker in ((case_a, world.worker_a), (case_b, world.worker_b)):
            actions.transition_enrollment(
                actor=act(worker),
                enrollment_uuid=case.uuid,
                transition="report",
                on_date=dt.date(2026, 3, 4),
            )
    # Strict: next contact due 11 March.
    queue = worker_queue(world.worker_a, today=dt.date(2026, 3, 12))
    assert [c.enrollment.person.name for c in queue.overdue] == ["张东明"]
    assert queue.due_today == [] and queue.due_soon == []
    assert {d.code for d in queue.deadlines} == {"first_home_visit"}
    assert "李西平" not in {c.enrollment.person.name for c in queue.overdue}
    assert str(case_b.uuid) not in queue.enrollment_uuids

    assert [
        c.due_on for c in worker_queue(world.worker_a, today=dt.date(2026, 3, 11)).due_today
    ] == [dt.date(2026, 3, 11)]
    assert len(worker_queue(world.worker_a, today=dt.date(2026, 3, 5)).due_soon) == 1

    for outsider in (world.civil_officer, world.health_a, world.outsider, world.police_a):
        empty = worker_queue(outsider, today=dt.date(2026, 3, 12))
        assert empty.enrollment_uuids == []

    by_agency = supervisor_summary(world.county_supervisor, today=dt.date(2026, 3, 12))
    assert {(row.label, row.overdue) for row in by_agency} == {
        ("东城镇司法所", 1),
        ("西山乡司法所", 1),
    }
    by_worker = supervisor_summary(world.county_supervisor, today=dt.date(2026, 3, 12), by="worker")
    assert {row.label for row in by_worker} == {"worker_a", "worker_b"}
    assert supervisor_summary(world.worker_b, today=dt.date(2026, 3, 12))[0].label == "西山乡司法所"
    assert supervisor_summary(world.civil_officer, today=dt.date(2026, 3, 12)) == []


def test_unassigned_cases_show_for_the_owning_agency(world: World) -> None:
    case = actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=world.person_a.uuid,
        program="reentry",
        details={"source": "prison", "released_on": "2026-06-01"},
        started_on=dt.date(2026, 5, 1),
    )
    assert [e.uuid for e in worker_queue(world.worker_a).unassigned] == [case.uuid]
    assert worker_queue(world.worker_b).unassigned == []
    actions.assign_worker(
        actor=act(world.worker_a), enrollment_uuid=case.uuid, worker=world.worker_a
    )
    assert worker_queue(world.worker_a).unassigned == []

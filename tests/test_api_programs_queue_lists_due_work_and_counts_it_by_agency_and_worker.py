"""GET /api/v1/queue gives the worker's overdue, today's and this week's contacts, deadlines
with their legal source, open alerts and the agency's unassigned cases, of their own township
only; GET /api/v1/queue/summary counts the same by owner agency or by worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.api_programs_support import QUEUE, SUMMARY
from tests.api_support import caller
from tests.personas import World, member
from tests.programs_support import act
from tongxin.organisation.models import Role
from tongxin.programs import actions, approvals
from tongxin.programs.models import Alert, AlertKind, Enrollment
from tongxin.programs.scan import run_scan


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def reported_probation(world: World, person: Any, worker: Any) -> Enrollment:
    case = actions.enroll_person(
        actor=act(worker),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": "2026-03-02",
            "term_years": 1,
        },
        started_on=dt.date(2026, 3, 2),
        responsible_worker=worker,
    )
    return actions.transition_enrollment(
        actor=act(worker),
        enrollment_uuid=case.uuid,
        transition="report",
        on_date=dt.date(2026, 3, 4),
    )


@pytest.fixture
def cases(world: World) -> dict[str, Enrollment]:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case_a = reported_probation(world, world.person_a, world.worker_a)
        case_b = reported_probation(world, world.person_b, world.worker_b)
        unassigned = actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="reentry",
            details={"source": "prison", "released_on": "2026-03-01"},
            started_on=dt.date(2026, 3, 2),
        )
    return {"a": case_a, "b": case_b, "unassigned": unassigned}


def test_worker_a_sees_overdue_contact_deadlines_alerts_and_unassigned(
    world: World, cases: dict[str, Enrollment]
) -> None:
    api = caller(world.worker_a)
    with time_machine.travel(dt.datetime(2026, 3, 15, 9, 0), tick=False):
        # The strict contact due 11 March closed its window on 13 March.
        run_scan()
        queue = api.get(QUEUE).json()
    case_a = str(cases["a"].uuid)
    assert queue["today"] == "2026-03-15"
    # The scan planned a catch-up contact for today.
    assert [(c["case"], c["due_on"]) for c in queue["due_today"]] == [(case_a, "2026-03-15")]
    assert Alert.objects.filter(enrollment=cases["a"], kind=AlertKind.CONTACT_MISSED).exists()
    assert [(a["case"], a["kind"], a["kind_label"]) for a in queue["alerts"]] == [
        (case_a, "contact_missed", "联系逾期未完成")
    ]
    assert queue["alerts"][0]["person"] == {"uuid": str(world.person_a.uuid), "name": "张东明"}
    home_visit = next(d for d in queue["deadlines"] if d["code"] == "first_home_visit")
    assert (home_visit["case"], home_visit["due_on"], home_visit["status"]) == (
        case_a,
        "2026-03-18",
        "open",
    )
    assert home_visit["citation"]
    assert [(u["case"], u["program"], u["program_label"]) for u in queue["unassigned"]] == [
        (str(cases["unassigned"].uuid), "reentry", "安置帮教")
    ]
    assert "李西平" not in str(queue) and str(cases["b"].uuid) not in str(queue)


def test_contacts_are_bucketed_by_due_date(world: World, cases: dict[str, Enrollment]) -> None:
    api = caller(world.worker_a)

    def bucket(day: int) -> dict[str, list[tuple[str, str, str]]]:
        with time_machine.travel(dt.datetime(2026, 3, day, 9, 0), tick=False):
            queue = api.get(QUEUE).json()
        return {
            name: [(c["person"]["name"], c["due_on"], c["kind"]) for c in queue[name]]
            for name in ("overdue", "due_today", "due_soon")
        }

    due = [("张东明", "2026-03-11", "office_report")]
    assert bucket(5) == {"overdue": [], "due_today": [], "due_soon": due}
    assert bucket(11) == {"overdue": [], "due_today": due, "due_soon": []}
    assert bucket(12) == {"overdue": due, "due_today": [], "due_soon": []}


def test_a_request_shows_in_the_queue_of_its_reviewer_without_what_was_asked(
    world: World, cases: dict[str, Enrollment]
) -> None:
    head_a = member("office_a_supervisor", world.justice_office_a, Role.SUPERVISOR)
    head_b = member("office_b_supervisor", world.justice_office_b, Role.SUPERVISOR)
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0), tick=False):
        request = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=cases["a"].uuid,
            kind="visitor",
            starts_on=dt.date(2026, 4, 8),
            payload={"visitor_name": "钱某", "place": "东城镇司法所", "reason": "同案人来访"},
        )
        queue = caller(head_a).get(QUEUE).json()
        other = caller(head_b).get(QUEUE).json()
    assert [
        (a["uuid"], a["case"], a["person"]["name"], a["kind"], a["kind_label"], a["starts_on"])
        for a in queue["approvals"]
    ] == [(str(request.uuid), str(cases["a"].uuid), "张东明", "visitor", "会客", "2026-04-08")]
    assert "钱某" not in str(queue) and "同案人" not in str(queue)
    assert other["approvals"] == []
    assert str(request.uuid) not in str(other)


def test_supervisor_summary_by_agency_and_by_worker(
    world: World, cases: dict[str, Enrollment]
) -> None:
    api = caller(world.county_supervisor)
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        by_agency = api.get(SUMMARY).json()
        by_worker = api.get(SUMMARY, {"by": "worker"}).json()
        own_only = caller(world.worker_b).get(SUMMARY).json()
        nothing = caller(world.civil_officer).get(SUMMARY).json()
    assert by_agency["by"] == "agency"
    assert {(r["label"], r["overdue"], r["total"]) for r in by_agency["rows"]} == {
        ("东城镇司法所", 1, 1),
        ("西山乡司法所", 1, 1),
    }
    assert {r["label"] for r in by_worker["rows"]} == {"worker_a", "worker_b"}
    assert [r["label"] for r in own_only["rows"]] == ["西山乡司法所"]
    assert nothing == {"by": "agency", "rows": []}


def test_an_unknown_grouping_is_a_field_error(world: World) -> None:
    response = caller(world.county_supervisor).get(SUMMARY, {"by": "township"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["by"]

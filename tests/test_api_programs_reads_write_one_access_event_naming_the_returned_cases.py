"""Every case and queue read writes exactly one AccessEvent before the data leaves, naming the
cases it returns (and nothing about the filters). If that write fails, the caller gets an error
and no data. The list's query count does not grow with the page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_programs_support import (
    CASES,
    QUEUE,
    SUMMARY,
    access_seq,
    access_since,
    case_url,
)
from tests.api_support import caller
from tests.personas import World, person_data
from tests.programs_support import act, enroll_probation
from tongxin.people.actions import create_person
from tongxin.programs import actions
from tongxin.programs.models import Enrollment
from tongxin.programs.queue import worker_queue


def add_cases(world: World, count: int, first_seq: int = 200) -> list[Enrollment]:
    """Reentry cases of new people in township A, one a day from 1 May 2026."""
    cases = []
    for n in range(count):
        person = create_person(
            actor=act(world.worker_a),
            data=person_data(
                "赵东" + "一二三四五六七八"[n],
                world.village_a,
                dt.date(1980, 1, 1 + n),
                first_seq + n,
            ),
        )
        cases.append(
            actions.enroll_person(
                actor=act(world.worker_a),
                person_uuid=person.uuid,
                program="reentry",
                details={"source": "prison", "released_on": "2026-05-01"},
                started_on=dt.date(2026, 5, 1) + dt.timedelta(days=n),
                responsible_worker=world.worker_a,
            )
        )
    return cases


def reported(world: World) -> Enrollment:
    """person_a's probation case, reported on 4 March: next office report due 11 March."""
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    return actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        transition="report",
        on_date=dt.date(2026, 3, 4),
    )


def test_each_list_page_writes_one_event_naming_exactly_its_cases(world: World) -> None:
    add_cases(world, 4)
    api = caller(world.worker_a)
    seen: list[str] = []
    for page in (1, 2, 3):
        since = access_seq()
        body = api.get(CASES, {"page": page, "page_size": 2, "program": "reentry"}).json()
        returned = [item["uuid"] for item in body["items"]]
        [event] = access_since(since)
        assert (event.action, event.object_type, event.channel) == (
            "enrollment.list",
            "enrollment",
            "api",
        )
        assert event.object_ids == returned
        assert event.details == {"count": 4}
        assert (event.actor_id, event.agency_name) == (world.worker_a.pk, "东城镇司法所")
        seen += returned
    assert len(seen) == len(set(seen)) == 4


def test_a_person_filter_is_not_written_into_the_access_log(world: World) -> None:
    api = caller(world.worker_b)
    since = access_seq()
    body = api.get(CASES, {"person": str(world.person_a.uuid)}).json()
    assert body == {"count": 0, "page": 1, "page_size": 50, "items": []}
    [event] = access_since(since)
    assert (event.object_ids, event.details) == ([], {"count": 0})
    assert str(world.person_a.uuid) not in json.dumps(event.chained_content())


def test_detail_writes_one_event_and_a_refused_detail_none(world: World) -> None:
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    since = access_seq()
    assert caller(world.worker_a).get(case_url(case)).status_code == 200
    [event] = access_since(since)
    assert (event.action, event.object_ids) == ("enrollment.view", [str(case.uuid)])
    api_b = caller(world.worker_b)
    since = access_seq()
    assert api_b.get(case_url(case)).status_code == 404
    assert access_since(since) == []


def test_queue_writes_one_event_naming_the_queued_cases(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = reported(world)
    api = caller(world.worker_a)
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        expected = worker_queue(world.worker_a).enrollment_uuids
        since = access_seq()
        body = api.get(QUEUE).json()
    assert expected == [str(case.uuid)]
    assert [item["case"] for item in body["overdue"]] == expected
    [event] = access_since(since)
    assert (event.action, event.object_type, event.object_ids) == (
        "enrollment.queue",
        "enrollment",
        expected,
    )


def test_summary_writes_one_event_naming_no_case(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        reported(world)
    api = caller(world.county_supervisor)
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        since = access_seq()
        body = api.get(SUMMARY, {"by": "worker"}).json()
    assert [(row["label"], row["overdue"]) for row in body["rows"]] == [("worker_a", 1)]
    [event] = access_since(since)
    assert (event.action, event.object_ids, event.details) == (
        "enrollment.summary",
        [],
        {"by": "worker", "rows": 1},
    )


def test_list_query_count_does_not_grow_with_the_page(world: World) -> None:
    enroll_probation(world, effective=dt.date(2026, 3, 2))
    api = caller(world.worker_a)
    # Frozen clock: the token's last use is written on the first call only.
    with time_machine.travel(dt.datetime(2026, 5, 20, 9, 0), tick=False):
        api.get(CASES)
        with CaptureQueriesContext(connection) as one:
            assert api.get(CASES).json()["count"] == 1
        add_cases(world, 6)
        with CaptureQueriesContext(connection) as seven:
            assert api.get(CASES).json()["count"] == 7
    assert len(seven) == len(one)


@pytest.mark.parametrize("read", ["list", "detail", "queue"])
def test_failed_audit_write_fails_the_read_without_data(
    world: World, read: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        case = actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="reentry",
            details={"source": "prison", "released_on": "2026-03-01"},
            started_on=dt.date(2026, 3, 2),
        )
    api = caller(world.worker_a)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("tongxin.access.disclosure.record_disclosure", broken)
    path = {"list": CASES, "detail": case_url(case), "queue": QUEUE}[read]
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        response = api.get(path)
    assert response.status_code == 500
    body = response.content.decode()
    assert "张东明" not in body
    # The path names the case for the detail read; the body must not.
    assert str(case.uuid) not in body
    assert "audit store" not in body

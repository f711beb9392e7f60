"""Case writes the rules refuse answer 422 with the field and a Chinese message saying what is
wrong; a version that is no longer current answers 409. Either way the case, its schedule and
the audit trail are as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.api_programs_support import CASES, audit_seq, case_url, probation_body
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.models import Contact, Deadline, Enrollment, LevelChange

STALE = "此案件在您打开后已被他人修改"


@pytest.fixture(autouse=True)
def _chinese_on_a_frozen_day() -> Iterator[None]:
    translation.activate("zh-hans")
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        yield


@pytest.fixture
def pending(world: World) -> Enrollment:
    return enroll_probation(world, effective=dt.date(2026, 3, 2))


def snapshot(case: Enrollment) -> tuple[object, ...]:
    case.refresh_from_db()
    return (
        case.status,
        case.level,
        case.version,
        case.responsible_worker_id,
        case.next_contact_due_on,
        sorted(Contact.objects.filter(enrollment=case).values_list("status", "due_on")),
        sorted(Deadline.objects.filter(enrollment=case).values_list("code", "status")),
        LevelChange.objects.filter(enrollment=case).count(),
        audit_seq(),
    )


def refused(response: Any, field: str) -> list[str]:
    assert response.status_code == 422, response.content
    messages: list[str] = response.json()["errors"][field]
    return messages


def test_releasing_a_case_that_has_not_reported_is_refused(
    world: World, pending: Enrollment
) -> None:
    api = caller(world.worker_a)
    before = snapshot(pending)
    response = api.post(
        case_url(pending, "transitions"),
        {"transition": "release", "on_date": "2026-03-04", "reason": "amnesty", "version": 1},
    )
    assert refused(response, "transition") == ["当前状态为“待报到”,不能执行“解除矫正”。"]
    assert snapshot(pending) == before


def test_a_stale_version_is_a_conflict_for_every_versioned_write(
    world: World, pending: Enrollment
) -> None:
    api = caller(world.worker_a)
    actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=pending.uuid,
        transition="report",
        on_date=dt.date(2026, 3, 4),
        expected_version=1,
    )
    before = snapshot(pending)
    assert before[2] == 2
    for action, body in (
        ("transitions", {"transition": "suspend", "on_date": "2026-03-04", "reason": "detained"}),
        ("level", {"level": "ordinary", "reason": "表现良好", "effective_on": "2026-03-04"}),
        ("assign", {"worker": "county_supervisor"}),
    ):
        response = api.post(case_url(pending, action), {**body, "version": 1})
        assert response.status_code == 409, (action, response.content)
        assert STALE in response.json()["detail"]
        assert snapshot(pending) == before


def test_a_stale_version_wins_over_other_problems_with_the_request(
    world: World, pending: Enrollment
) -> None:
    # The caller decided on a state that is gone; fixing the field would not help.
    actions.assign_worker(
        actor=act(world.worker_a), enrollment_uuid=pending.uuid, worker=None, expected_version=1
    )
    response = caller(world.worker_a).post(
        case_url(pending, "transitions"),
        {"transition": "release", "on_date": "2026-03-04", "reason": "amnesty", "version": 1},
    )
    assert response.status_code == 409


def test_unknown_level_reason_and_contact_before_reporting_are_field_errors(
    world: World, pending: Enrollment
) -> None:
    api = caller(world.worker_a)
    before = snapshot(pending)
    level = api.post(
        case_url(pending, "level"),
        {"level": "maximum", "reason": "x", "effective_on": "2026-03-04", "version": 1},
    )
    assert refused(level, "level") == ["该项目没有此等级。"]
    reason = api.post(
        case_url(pending, "transitions"),
        {"transition": "terminate", "on_date": "2026-03-04", "reason": "bored", "version": 1},
    )
    assert refused(reason, "reason")[0].startswith("请选择原因:撤销缓刑、")
    contact = api.post(case_url(pending, "contacts"), {"kind": "phone", "done_on": "2026-03-04"})
    assert refused(contact, "__all__") == ["当前状态为“待报到”,不能登记联系。"]
    future = api.post(
        case_url(pending, "transitions"),
        {"transition": "report", "on_date": "2026-03-05", "version": 1},
    )
    assert refused(future, "on_date") == ["日期不能晚于今天。"]
    missing = api.post(case_url(pending, "level"), {"level": "ordinary", "reason": "x"})
    assert missing.json()["errors"] == {
        "effective_on": ["必须填写此项。"],
        "version": ["必须填写此项。"],
    }
    assert snapshot(pending) == before


def test_enrolling_refuses_bad_program_details_and_a_second_open_case(world: World) -> None:
    api = caller(world.worker_a)
    effective = dt.date(2026, 3, 2)
    since = audit_seq()
    unknown = api.post(CASES, {**probation_body(world, effective), "program": "astrology"})
    assert refused(unknown, "program") == ["未知的项目。"]
    body = probation_body(world, effective)
    body["details"]["supervision_type"] = "house_arrest"
    assert "请选择矫正类别" in refused(api.post(CASES, body), "supervision_type")[0]
    too_long = probation_body(world, effective)
    too_long["details"]["term_years"] = 6
    assert "刑法第三十八、七十三、八十三条" in refused(api.post(CASES, too_long), "term_months")[0]
    assert Enrollment.objects.count() == 0 and audit_seq() == since

    assert api.post(CASES, probation_body(world, effective)).status_code == 201
    again = api.post(CASES, probation_body(world, effective))
    assert "一人一项目只登记一次" in refused(again, "program")[0]
    assert Enrollment.objects.count() == 1


def test_police_cannot_open_a_justice_program_for_a_person_they_can_read(
    world: World, pending: Enrollment
) -> None:
    # police_a reads person_a (an open corrections case in their area) but leads no such
    # program: a field error, not a case.
    response = caller(world.police_a).post(
        CASES, {**probation_body(world, dt.date(2026, 3, 2)), "program": "reentry"}
    )
    assert "您所在机构不负责此项目" in refused(response, "program")[0]
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize("username", ["worker_b", "health_a", "no_such_user"])
def test_the_responsible_worker_must_work_for_the_owner_agency(world: World, username: str) -> None:
    api = caller(world.worker_a)
    since = audit_seq()
    response = api.post(
        CASES, probation_body(world, dt.date(2026, 3, 2), responsible_worker=username)
    )
    # One message for strangers and unknown usernames alike: no hint which usernames exist.
    assert refused(response, "responsible_worker") == ["责任人必须是负责机构的在职工作人员。"]
    assert Enrollment.objects.count() == 0 and audit_seq() == since


@pytest.mark.parametrize("username", ["worker_b", "police_a", "no_such_user"])
def test_assigning_someone_outside_the_owner_agency_is_refused(
    world: World, pending: Enrollment, username: str
) -> None:
    api = caller(world.worker_a)
    before = snapshot(pending)
    response = api.post(case_url(pending, "assign"), {"worker": username, "version": 1})
    assert refused(response, "worker") == ["责任人必须是负责机构的在职工作人员。"]
    assert snapshot(pending) == before


def test_assigning_and_unassigning_a_worker_of_the_agency(
    world: World, pending: Enrollment
) -> None:
    api = caller(world.county_supervisor)
    cleared = api.post(case_url(pending, "assign"), {"worker": None, "version": 1})
    assert (cleared.json()["responsible_worker"], cleared.json()["version"]) == (None, 2)
    assigned = api.post(case_url(pending, "assign"), {"worker": "worker_a", "version": 2})
    assert (assigned.json()["responsible_worker"], assigned.json()["version"]) == ("worker_a", 3)

"""Leave through the API alone: the worker asks on the case, the request names its next step
and who decides it, the deciding supervisor finds it among what waits for them and decides it
with a written opinion; a twenty-day leave is reviewed by the 司法所, then approved by the
county. Each write leaves its audit row on the API channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from tests.api_support import caller
from tests.approvals_support import active_probation, office_a_supervisor, on
from tests.approvals_web_support import API, approval_url, case_approvals_url
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment

TODAY = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


def leave(starts_on: str, ends_on: str) -> dict[str, Any]:
    return {
        "kind": "leave",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "destination": "省城",
        "reason": "探望住院的母亲",
    }


def test_a_five_day_leave_is_asked_and_approved_by_the_office_head(
    world: World, case: Enrollment
) -> None:
    worker, head = caller(world.worker_a), caller(office_a_supervisor(world))
    with on(TODAY):
        asked = worker.post(case_approvals_url(case), leave("2026-04-10", "2026-04-14"))
        assert asked.status_code == 201, asked.content
        body = asked.json()
        assert (body["case"], body["person"]["name"]) == (str(case.uuid), "张东明")
        assert (body["kind"], body["kind_label"], body["status"], body["status_label"]) == (
            "leave",
            "外出",
            "submitted",
            "待审核",
        )
        assert (body["steps_required"], body["next_step"], body["next_decider"]) == (
            1,
            "approve",
            "东城镇司法所主管",
        )
        assert (body["starts_on"], body["ends_on"], body["requested_by"]) == (
            "2026-04-10",
            "2026-04-14",
            "worker_a",
        )
        assert body["request"] == {"destination": "省城", "reason": "探望住院的母亲"}
        assert body["steps"] == []

        waiting = head.get(f"{API}/approvals/waiting").json()
        assert [item["uuid"] for item in waiting] == [body["uuid"]]
        assert worker.get(f"{API}/approvals/waiting").json() == []

        decided = head.post(
            approval_url(body["uuid"], "decisions"),
            {"agreed": True, "opinion": "母亲住院属实,同意。", "version": body["version"]},
        )
        assert decided.status_code == 200, decided.content
    result = decided.json()
    assert (result["status"], result["next_step"], result["next_decider"]) == (
        "approved",
        None,
        "",
    )
    [step] = result["steps"]
    assert (step["step"], step["agreed"], step["opinion"]) == (
        "approve",
        True,
        "母亲住院属实,同意。",
    )
    assert (step["decided_by"], step["agency"]) == ("office_a_supervisor", "东城镇司法所")
    assert list(
        AuditEvent.objects.filter(object_type="approval", subject_id=body["uuid"])
        .order_by("seq")
        .values_list("action", "channel")
    ) == [("approval.request", "api"), ("approval.approve", "api")]


def test_a_twenty_day_leave_is_reviewed_then_approved_by_the_county(
    world: World, case: Enrollment
) -> None:
    worker, head = caller(world.worker_a), caller(office_a_supervisor(world))
    county = caller(world.county_supervisor)
    with on(TODAY):
        body = worker.post(case_approvals_url(case), leave("2026-04-10", "2026-04-29")).json()
        assert (body["steps_required"], body["next_step"], body["next_decider"]) == (
            2,
            "review",
            "东城镇司法所主管",
        )
        assert county.get(f"{API}/approvals/waiting").json() == []

        reviewed = head.post(
            approval_url(body["uuid"], "decisions"),
            {"agreed": True, "opinion": "拟同意。", "version": body["version"]},
        ).json()
        assert (reviewed["status"], reviewed["next_step"], reviewed["next_decider"]) == (
            "reviewed",
            "approve",
            "测试县司法局主管",
        )
        assert [item["uuid"] for item in county.get(f"{API}/approvals/waiting").json()] == [
            body["uuid"]
        ]
        approved = county.post(
            approval_url(body["uuid"], "decisions"),
            {"agreed": True, "opinion": "同意。", "version": reviewed["version"]},
        ).json()
    assert approved["status"] == "approved"
    assert [(s["step"], s["agency"]) for s in approved["steps"]] == [
        ("review", "东城镇司法所"),
        ("approve", "测试县司法局"),
    ]


def test_a_refused_review_ends_the_request_and_the_case_lists_it(
    world: World, case: Enrollment
) -> None:
    worker, head = caller(world.worker_a), caller(office_a_supervisor(world))
    with on(TODAY):
        body = worker.post(case_approvals_url(case), leave("2026-04-10", "2026-04-29")).json()
        refused = head.post(
            approval_url(body["uuid"], "decisions"),
            {"agreed": False, "opinion": "理由不充分。", "version": body["version"]},
        ).json()
        listed = worker.get(case_approvals_url(case)).json()
    assert (refused["status"], refused["status_label"], refused["next_step"]) == (
        "rejected",
        "不予批准",
        None,
    )
    assert [(item["uuid"], item["status"]) for item in listed] == [(body["uuid"], "rejected")]

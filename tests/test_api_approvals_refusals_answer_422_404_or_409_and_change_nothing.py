"""What the approval API refuses, and how: a request the rules refuse and a body that does not
parse answer 422 with Chinese messages on the fields; a decision by someone whose step it is
not answers 422 with the reason; a decision on a version that is gone answers 409; another
township's or agency's user, and an unknown approval, get 404 with nothing of the person. None
of them saves anything."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import translation

from tests.api_support import caller
from tests.approvals_support import active_probation, ask_leave, decide, office_a_supervisor, on
from tests.approvals_web_support import API, approval_url, case_approvals_url
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Approval, ApprovalStep, Enrollment

TODAY = dt.date(2026, 4, 1)
MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


@pytest.fixture
def long_leave(world: World, case: Enrollment) -> Approval:
    return ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 29), today=TODAY)


def unchanged(approval: Approval, status: str, version: int) -> None:
    approval.refresh_from_db()
    assert (approval.status, approval.version) == (status, version)


def test_a_leave_over_thirty_days_is_422_with_the_reason_and_not_saved(
    world: World, case: Enrollment
) -> None:
    api = caller(world.worker_a)
    changes = AuditEvent.objects.count()
    with on(TODAY):
        response = api.post(
            case_approvals_url(case),
            {
                "kind": "leave",
                "starts_on": "2026-04-10",
                "ends_on": "2026-05-10",
                "destination": "广州",
                "reason": "务工",
            },
        )
    assert response.status_code == 422
    [message] = response.json()["errors"]["ends_on"]
    assert message.startswith("外出 31 日,超过每次 30 日的上限,须报上一级社区矫正机构批准")
    assert not Approval.objects.exists()
    assert AuditEvent.objects.count() == changes


def test_bodies_that_do_not_parse_name_their_fields(
    world: World, case: Enrollment, long_leave: Approval
) -> None:
    api = caller(world.worker_a)
    with on(TODAY):
        asked = api.post(case_approvals_url(case), {"kind": "leave", "starts_on": "4月10日"})
        decided = caller(office_a_supervisor(world)).post(
            approval_url(long_leave, "decisions"), {"agreed": True, "version": 1}
        )
        unknown_field = api.post(case_approvals_url(case), {"kind": "leave", "colour": "red"})
    assert asked.status_code == 422
    assert asked.json()["errors"]["starts_on"][0].startswith("格式不正确")
    assert decided.status_code == 422
    assert decided.json()["errors"] == {"opinion": ["必须填写此项。"]}
    assert unknown_field.status_code == 422 and "colour" in unknown_field.json()["errors"]
    unchanged(long_leave, "submitted", 1)
    assert Approval.objects.count() == 1


def test_a_decision_that_is_not_the_callers_step_is_422_with_the_reason(
    world: World, long_leave: Approval
) -> None:
    with on(TODAY):
        early = caller(world.county_supervisor).post(
            approval_url(long_leave, "decisions"),
            {"agreed": True, "opinion": "同意。", "version": 1},
        )
        own = caller(world.worker_a).post(
            approval_url(long_leave, "decisions"),
            {"agreed": True, "opinion": "同意。", "version": 1},
        )
    assert early.status_code == 422
    assert early.json()["errors"]["__all__"] == [
        "此申请须先由东城镇司法所审核,审核同意后县司法局才能审批。"
    ]
    assert own.status_code == 422
    assert "东城镇司法所的主管或机构管理员" in own.json()["errors"]["__all__"][0]
    unchanged(long_leave, "submitted", 1)
    assert not ApprovalStep.objects.exists()


def test_a_decision_on_a_version_that_is_gone_is_409(world: World, long_leave: Approval) -> None:
    decide(office_a_supervisor(world), long_leave, today=TODAY)  # version 1 → 2
    with on(TODAY):
        stale = caller(world.county_supervisor).post(
            approval_url(long_leave, "decisions"),
            {"agreed": True, "opinion": "同意。", "version": 1},
        )
    assert stale.status_code == 409
    assert "已被他人处理" in stale.json()["detail"]
    unchanged(long_leave, "reviewed", 2)
    assert ApprovalStep.objects.filter(approval=long_leave).count() == 1


def test_withdrawing_twice_is_422_the_second_time(world: World, case: Enrollment) -> None:
    api = caller(world.worker_a)
    with on(TODAY):
        visitor = api.post(
            case_approvals_url(case),
            {
                "kind": "visitor",
                "starts_on": "2026-04-08",
                "visitor_name": "孙某某",
                "place": "东城村委会",
                "reason": "商谈赔偿",
            },
        ).json()
        first = api.post(approval_url(visitor["uuid"], "withdraw"), {})
        second = api.post(approval_url(visitor["uuid"], "withdraw"), {})
    assert (first.status_code, first.json()["status"]) == (200, "withdrawn")
    assert second.status_code == 422
    assert second.json()["errors"]["__all__"] == ["此申请已办结(已撤回),不能撤回。"]


@pytest.mark.parametrize("persona", ["worker_b", "health_a", "civil_officer", "outsider"])
def test_other_townships_and_agencies_get_404_and_nothing_of_the_person(
    world: World, case: Enrollment, long_leave: Approval, persona: str
) -> None:
    api = caller(getattr(world, persona))
    changes = AuditEvent.objects.count()
    decision = {"agreed": True, "opinion": "同意。", "version": 1}
    with on(TODAY):
        answers: list[Any] = [
            api.get(case_approvals_url(case)),
            api.get(approval_url(long_leave)),
            api.post(case_approvals_url(case), {"kind": "leave", "reason": "x"}),
            api.post(approval_url(long_leave, "decisions"), decision),
            api.post(approval_url(long_leave, "withdraw"), {}),
            api.get(approval_url(MISSING)),
        ]
        waiting = api.get(f"{API}/approvals/waiting")
    for response in answers:
        text = json.dumps(response.json(), ensure_ascii=False)
        assert response.status_code == 404, (persona, text)
        assert "张东明" not in text and str(case.uuid) not in text
    assert waiting.json() == []
    unchanged(long_leave, "submitted", 1)
    assert AuditEvent.objects.count() == changes
    assert Approval.objects.count() == 1

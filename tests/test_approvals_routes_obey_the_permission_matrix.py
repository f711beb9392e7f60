"""Every approval route, web and API, called by every persona of person_a's probation case
(CASE_A) and by the supervisors of both township 司法所, does what tests/permission_matrix.py
says for its kind:

- approval_case_read / approval_read: the approval for whoever may read the case;
- approval_request: a new request for whoever may work the case;
- approval_decide: a decision only from the supervisor whose step it is (the 司法所's for a
  five-day leave, the county's for a reviewed twenty-day leave); others who work the case
  are refused with the reason;
- approval_withdraw: the requester only;
- approval_report: after an approved move to 西山乡, the report is recorded by 西山乡's staff
  only;

and everyone else gets 404 with no name in the answer and no change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_support import caller
from tests.approvals_support import (
    active_probation,
    ask_leave,
    decide,
    office_a_supervisor,
    office_b_supervisor,
    on,
)
from tests.approvals_web_support import approval_url, case_approvals_url
from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.programs_support import act
from tongxin.audit.models import AuditEvent
from tongxin.programs import approvals
from tongxin.programs.models import Approval, Deadline, Enrollment

APPROVAL_KINDS = (
    "approval_case_read",
    "approval_request",
    "approval_read",
    "approval_decide",
    "approval_withdraw",
    "approval_report",
)
TODAY = dt.date(2026, 4, 1)
# CASE_A for the two township heads: 东城镇's works the case, 西山乡's sees nothing of it.
PERSONAS: dict[str, tuple[bool, bool]] = {
    **CASE_A,
    "office_a_supervisor": (True, True),
    "office_b_supervisor": (False, False),
}
# Who records the report at the new place once the case has moved to 西山乡 (the new owner);
# the others who may work the case are refused; the rest get 404.
RECORDS_REPORT = {"worker_b", "office_b_supervisor"}
WORKS_MOVED_CASE = RECORDS_REPORT | {"worker_a", "county_supervisor", "office_a_supervisor"}


@dataclass
class Scene:
    case: Enrollment
    # Requests by worker_a: one of each pair for the web, one for the API.
    office_leave: dict[str, Approval]  # 5 days, the 东城镇 head approves
    county_leave: dict[str, Approval]  # 20 days, reviewed: the county head approves
    visitor: dict[str, Approval]  # to be withdrawn by worker_a
    deciders: dict[str, str]  # approval uuid → the persona whose step it is


def visit(world: World, case: Enrollment, day: dt.date, name: str) -> Approval:
    return approvals.request_approval(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        kind="visitor",
        starts_on=day,
        payload={"visitor_name": name, "place": "东城镇司法所", "reason": "商谈赔偿"},
    )


def build(world: World, heads: dict[str, Any]) -> Scene:
    case = active_probation(world)
    office = heads["office_a_supervisor"]
    leaves = {
        "office_web": ("2026-04-10", "2026-04-14"),
        "office_api": ("2026-04-20", "2026-04-24"),
        "county_web": ("2026-05-01", "2026-05-20"),
        "county_api": ("2026-08-01", "2026-08-20"),
    }
    asked = {
        key: ask_leave(
            case,
            world.worker_a,
            dt.date.fromisoformat(start),
            dt.date.fromisoformat(end),
            today=TODAY,
        )
        for key, (start, end) in leaves.items()
    }
    for key in ("county_web", "county_api"):
        asked[key] = decide(office, asked[key], today=TODAY)
    with on(TODAY):
        visitors = {
            "web": visit(world, case, dt.date(2026, 4, 8), "孙某某"),
            "api": visit(world, case, dt.date(2026, 4, 9), "钱某某"),
        }
    return Scene(
        case=case,
        office_leave={"web": asked["office_web"], "api": asked["office_api"]},
        county_leave={"web": asked["county_web"], "api": asked["county_api"]},
        visitor=visitors,
        deciders={
            **{str(asked[k].uuid): "office_a_supervisor" for k in ("office_web", "office_api")},
            **{str(asked[k].uuid): "county_supervisor" for k in ("county_web", "county_api")},
        },
    )


def decision(approval: Approval) -> dict[str, Any]:
    return {"agreed": "yes", "opinion": "情况属实,同意。", "version": approval.version}


def web_calls(scene: Scene) -> list[tuple[str, str, str, dict[str, Any], Approval | None]]:
    """(route, method, path, data, the approval it decides or withdraws)."""
    office, county, visitor = (
        scene.office_leave["web"],
        scene.county_leave["web"],
        scene.visitor["web"],
    )
    return [
        ("programs:approval", "get", reverse("programs:approval", args=[office.uuid]), {}, None),
        (
            "programs:request_approval",
            "post",
            reverse("programs:request_approval", args=[scene.case.uuid]),
            {
                "kind": "visitor",
                "visitor_name": "周某",
                "starts_on": "2026-04-12",
                "place": "东城村委会",
                "reason": "亲属探望",
            },
            None,
        ),
        (
            "programs:decide_approval",
            "post",
            reverse("programs:decide_approval", args=[office.uuid]),
            decision(office),
            office,
        ),
        (
            "programs:decide_approval",
            "post",
            reverse("programs:decide_approval", args=[county.uuid]),
            decision(county),
            county,
        ),
        (
            "programs:withdraw_approval",
            "post",
            reverse("programs:withdraw_approval", args=[visitor.uuid]),
            {},
            visitor,
        ),
    ]


def api_calls(scene: Scene) -> list[tuple[str, str, str, dict[str, Any], Approval | None]]:
    office, county, visitor = (
        scene.office_leave["api"],
        scene.county_leave["api"],
        scene.visitor["api"],
    )
    api_decision = {"agreed": True, "opinion": "情况属实,同意。"}
    return [
        ("api:list_case_approvals", "get", case_approvals_url(scene.case), {}, None),
        ("api:get_approval", "get", approval_url(office), {}, None),
        (
            "api:request_case_approval",
            "post",
            case_approvals_url(scene.case),
            {
                "kind": "prohibited_place",
                "place": "县城KTV",
                "starts_on": "2026-04-18",
                "ends_on": "2026-04-18",
                "reason": "同学聚会",
            },
            None,
        ),
        (
            "api:decide_approval",
            "post",
            approval_url(office, "decisions"),
            {**api_decision, "version": office.version},
            office,
        ),
        (
            "api:decide_approval",
            "post",
            approval_url(county, "decisions"),
            {**api_decision, "version": county.version},
            county,
        ),
        ("api:withdraw_approval", "post", approval_url(visitor, "withdraw"), {}, visitor),
    ]


REPORT_ROUTE = "programs:report_new_place"


def test_every_approval_route_is_called_here(world: World) -> None:
    heads = {"office_a_supervisor": office_a_supervisor(world)}
    scene = build(world, heads)
    called = {call[0] for call in [*web_calls(scene), *api_calls(scene)]} | {REPORT_ROUTE}
    assert called == {route for route, kind in ROUTES.items() if kind in APPROVAL_KINDS}


def expected(persona: str, route: str, target: Approval | None, scene: Scene) -> str:
    """ "ok", "refused" (the action says why, nothing changes) or "404"."""
    may_read, may_work = PERSONAS[persona]
    kind = ROUTES[route]
    if kind in ("approval_read", "approval_case_read"):
        return "ok" if may_read else "404"
    if not may_work:
        return "404"
    if kind == "approval_request":
        return "ok"
    assert target is not None
    if kind == "approval_decide":
        return "ok" if scene.deciders[str(target.uuid)] == persona else "refused"
    return "ok" if persona == "worker_a" else "refused"  # withdraw: the requester only


def check(
    persona: str, route: str, response: Any, outcome: str, target: Approval | None, api: bool
) -> None:
    body = response.content.decode()
    where = (persona, route, response.status_code, body[:300])
    if outcome == "404":
        assert response.status_code == 404, where
        assert "张东明" not in body, where
    elif outcome == "refused":
        assert response.status_code == (422 if api else 200), where
        assert "张东明" in body or api, where
    elif api:
        assert response.status_code in (200, 201), where
        assert "张东明" in body, where
    else:
        assert response.status_code == (200 if response.request["REQUEST_METHOD"] == "GET" else 302)
    if target is not None:
        before = target.status
        target.refresh_from_db()
        assert (target.status != before) == (outcome == "ok"), where


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    heads = {
        "office_a_supervisor": office_a_supervisor(world),
        "office_b_supervisor": office_b_supervisor(world),
    }
    user = heads.get(persona) or getattr(world, persona)
    scene = build(world, heads)
    may_read, may_work = PERSONAS[persona]
    client = Client()
    client.force_login(user)
    api = caller(user)

    with on(TODAY):
        for channel, calls in (("web", web_calls(scene)), ("api", api_calls(scene))):
            for route, method, path, data, target in calls:
                outcome = expected(persona, route, target, scene)
                changes = AuditEvent.objects.count()
                sender = api if channel == "api" else client
                response = getattr(sender, method)(path, data)
                check(persona, route, response, outcome, target, channel == "api")
                if outcome != "ok":
                    assert AuditEvent.objects.count() == changes, (persona, route)

        asked = Approval.objects.filter(
            enrollment=scene.case, kind__in=["visitor", "prohibited_place"]
        )
        # Two visitors of the scene, plus one request a channel for those who work the case.
        assert asked.count() == 2 + (2 if may_work else 0)

        if may_read and not may_work:
            page = client.get(reverse("programs:approval", args=[scene.office_leave["web"].uuid]))
            html = page.content.decode()
            assert "张东明" in html and 'method="post" action="/approvals/' not in html
            assert "省城" not in html  # the request's own fields are casework
            read = api.get(approval_url(scene.county_leave["api"])).json()
            assert read["person"]["name"] == "张东明" and "request" not in read
            assert [(step["step"], step["opinion"]) for step in read["steps"]] == [("review", None)]

    report_at_new_place(world, scene, heads, persona, user)


def report_at_new_place(
    world: World, scene: Scene, heads: dict[str, Any], persona: str, user: Any
) -> None:
    """Move the case to 西山乡 (the 东城镇 head reviews, the county approves), then record the
    person's report there as the persona."""
    with on(TODAY):
        move = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=scene.case.uuid,
            kind="residence_change",
            starts_on=dt.date(2026, 5, 1),
            payload={
                "destination_agency": world.justice_office_b.pk,
                "new_address": "西山村18号",
                "reason": "随子女迁居西山乡",
            },
        )
    decide(heads["office_a_supervisor"], move, today=dt.date(2026, 4, 2))
    decide(world.county_supervisor, move, today=dt.date(2026, 4, 3))
    with on(dt.date(2026, 4, 6)):
        # Signed in afresh: the earlier session has long been idle.
        client = Client()
        client.force_login(user)
        changes = AuditEvent.objects.count()
        response = client.post(
            reverse(REPORT_ROUTE, args=[move.uuid]), {"reported_on": "2026-04-06"}
        )
    deadline = Deadline.objects.get(enrollment=scene.case, code="report_new_place")
    body = response.content.decode()
    if persona in RECORDS_REPORT:
        assert response.status_code == 302, (persona, body[:300])
        assert (deadline.status, deadline.met_on) == ("met", dt.date(2026, 4, 6))
        return
    assert deadline.status == "open"
    assert AuditEvent.objects.count() == changes
    if persona in WORKS_MOVED_CASE:
        assert response.status_code == 200
        assert "新执行地报到须由负责机构西山乡司法所登记。" in body
    else:
        assert response.status_code == 404, persona
        assert "张东明" not in body

"""The case page's 审批 section offers the requests the case's program allows (all six for
community corrections, only a level change elsewhere), none while the case is not under
supervision, no second move while one is open, and no form at all to readers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from tests.approvals_support import active_probation, on
from tests.approvals_web_support import approval_page, case_page
from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions, approvals

TODAY = dt.date(2026, 4, 1)
ALL_KINDS = [
    "leave",
    "frequent_travel",
    "visitor",
    "prohibited_place",
    "residence_change",
    "level_change",
]


def page_of(user: Any, case: Any) -> str:
    client = Client()
    client.force_login(user)
    with on(TODAY):
        response = client.get(case_page(case))
    assert response.status_code == 200
    return response.content.decode()


def offered(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="kind" value="([a-z_]+)"', html)


def test_a_corrections_case_offers_every_kind(world: World) -> None:
    html = page_of(world.worker_a, active_probation(world))
    assert offered(html) == ALL_KINDS
    assert "7 日以内由司法所批准;超过 7 日由司法所审核、县司法局审批;每次最长 30 日。" in html
    # The move lists the other justice agencies, not the one that runs the case.
    assert "西山乡司法所(测试县)" in html and "东城镇司法所(测试县)" not in html


def test_a_mental_health_case_offers_only_a_level_change(world: World) -> None:
    with on(TODAY):
        case = actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "schizophrenia", "risk_level": 1},
            started_on=TODAY,
            responsible_worker=world.health_a,
        )
    html = page_of(world.health_a, case)
    assert offered(html) == ["level_change"]
    assert 'name="risk_level"' in html


def test_a_case_that_has_not_reported_offers_none(world: World) -> None:
    with on(dt.date(2026, 3, 3)):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    html = page_of(world.worker_a, case)
    assert offered(html) == []
    assert "案件当前状态为“待报到”,不能提出申请。" in html


def test_an_open_move_is_linked_instead_of_a_second_form(world: World) -> None:
    case = active_probation(world)
    with on(TODAY):
        move = approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="residence_change",
            starts_on=dt.date(2026, 5, 1),
            payload={
                "destination_agency": world.justice_office_b.pk,
                "new_address": "西山村18号",
                "reason": "随子女迁居",
            },
        )
    html = page_of(world.worker_a, case)
    assert "residence_change" not in offered(html)
    assert "已有一项待办的“变更执行地”申请,办结或撤回后才能再申请。" in html
    assert approval_page(move) in html
    assert "2026-05-01 迁居" in html and "审核:东城镇司法所主管" in html


def test_readers_see_the_list_but_no_form(world: World) -> None:
    case = active_probation(world)
    with on(TODAY):
        approvals.request_approval(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="visitor",
            starts_on=dt.date(2026, 4, 8),
            payload={"visitor_name": "孙某某", "place": "东城村委会", "reason": "商谈赔偿"},
        )
    for reader in (world.police_a, world.procurator):
        html = page_of(reader, case)
        assert "会客" in html and "待审核" in html
        assert offered(html) == [] and "提出申请" not in html
        assert "孙某某" not in html

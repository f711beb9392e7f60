"""The case page: the person, program, status, level, owner and worker, dates, program
details, legal deadlines with their citations (overdue ones marked), contacts, level history
and open alerts; one AccessEvent naming the case, written before the page is rendered."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.audit.models import AccessEvent
from tongxin.programs import actions, scan


def test_a_pending_probation_case_shows_its_facts_and_deadlines(
    client: Client, world: World
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        client.force_login(world.worker_a)
        before = AccessEvent.objects.count()
        response = client.get(reverse("programs:case", args=[case.uuid]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:detail", args=[world.person_a.uuid]) in html
    for shown in ("张东明", "社区矫正", "待报到", "严管", "东城镇司法所", "worker_a", "2026-03-02"):
        assert shown in html, shown
    assert "2027-03-01" in html  # the planned end: one year from the judgment
    assert "缓刑" in html  # the program details, for those who work the case
    assert "报到期限" in html and "2026-03-12" in html and "《社区矫正法》第二十一条" in html
    assert "登记时确定" in html  # the level history
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_type, e.object_ids) for e in events] == [
        ("enrollment.view", "enrollment", [str(case.uuid)])
    ]


def test_a_missed_deadline_and_contact_are_marked_and_alerted(client: Client, world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 4),
        )
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        scan.run_scan()
        client.force_login(world.worker_a)
        html = client.get(reverse("programs:case", args=[case.uuid])).content.decode()
    assert "联系逾期未完成" in html and "法定期限已过" in html  # the open alerts
    deadlines = html[html.index("<h2>法定期限</h2>") : html.index("<h2>联系记录</h2>")]
    assert '<tr class="overdue">' in deadlines and "首次走访" in deadlines
    contacts = html[html.index("<h2>联系记录</h2>") : html.index("<h2>等级变更记录</h2>")]
    assert "2026-03-11" in contacts and "未完成" in contacts


def test_a_mental_health_case_shows_the_risk_and_diagnosis_to_its_doctor(
    client: Client, world: World
) -> None:
    case = actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "bipolar", "risk_level": 2, "guardian_name": "王父"},
        started_on=dt.date(2026, 4, 1),
        responsible_worker=world.health_a,
    )
    client.force_login(world.health_a)
    html = client.get(reverse("programs:case", args=[case.uuid])).content.decode()
    assert "严重精神障碍患者管理" in html and "病情基本稳定" in html
    assert "2 级:打砸行为" in html
    assert "双相(情感)障碍" in html and "王父" in html

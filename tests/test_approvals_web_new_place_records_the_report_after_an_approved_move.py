"""After the county approves a change of execution place, the approval page shows the 7-day
report deadline and offers the new place's 司法所 (only) to record the person's report there,
which meets the deadline; once recorded, the form is gone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.approvals_support import active_probation, decide, office_a_supervisor, on
from tests.approvals_web_support import approval_page
from tests.personas import World
from tests.programs_support import act
from tongxin.programs import approvals
from tongxin.programs.models import Approval, Deadline

TODAY = dt.date(2026, 4, 1)
REPORT_DAY = dt.date(2026, 4, 8)


def moved(world: World) -> Approval:
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
                "reason": "随子女迁居西山乡",
            },
        )
    decide(office_a_supervisor(world), move, today=dt.date(2026, 4, 2))
    return decide(world.county_supervisor, move, today=dt.date(2026, 4, 3))


def page(user: Any, approval: Approval) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.get(approval_page(approval)).content.decode()


def test_the_new_office_records_the_report(world: World) -> None:
    move = moved(world)
    report_url = reverse("programs:report_new_place", args=[move.uuid])
    with on(REPORT_DAY):
        _old, old_page = page(world.worker_a, move)
        assert report_url not in old_page
        new, new_page = page(world.worker_b, move)
        assert report_url in new_page
        assert "变更执行地后向新执行地报到" in new_page
        assert "须于 2026-04-10 前到新执行地报到(《社区矫正法实施办法》第三十一条(待核))。" in (
            new_page
        )
        assert "西山村18号" in new_page and "西山乡司法所" in new_page

        future = new.post(report_url, {"reported_on": "2026-04-09"})
        assert "报到日期不能晚于今天。" in future.content.decode()
        assert Deadline.objects.get(code="report_new_place").status == "open"

        assert new.post(report_url, {"reported_on": "2026-04-08"}).status_code == 302
        after = new.get(approval_page(move)).content.decode()
    deadline = Deadline.objects.get(code="report_new_place")
    assert (deadline.status, deadline.met_on) == ("met", REPORT_DAY)
    assert report_url not in after and "已登记到新执行地报到。" in after

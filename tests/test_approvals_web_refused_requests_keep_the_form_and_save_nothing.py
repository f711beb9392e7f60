"""A request the rules refuse is answered on the case page itself: the posted form is shown
open with its input and the action's Chinese message on the field it names, and nothing is
saved (no approval, no audit row)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.approvals_support import active_probation, on
from tests.approvals_web_support import post_leave, request_url
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Approval, Enrollment

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


@pytest.fixture
def worker(world: World, case: Enrollment) -> Iterator[Client]:
    client = Client()
    client.force_login(world.worker_a)
    with on(TODAY):
        yield client


def open_form(html: str, kind: str) -> str:
    """The request form of ``kind`` when it is shown open (the refused one)."""
    match = re.search(
        r'<details class="approval-request" open>(.*?)</details>', html, flags=re.DOTALL
    )
    assert match is not None, "no request form is open"
    assert f'name="kind" value="{kind}"' in match.group(1)
    return match.group(1)


def test_a_leave_over_thirty_days_is_refused_as_beyond_the_county(
    worker: Client, case: Enrollment
) -> None:
    changes = AuditEvent.objects.count()
    response = post_leave(worker, case, "2026-04-10", "2026-05-10", destination="广州")
    assert response.status_code == 200
    form = open_form(response.content.decode(), "leave")
    assert "外出 31 日,超过每次 30 日的上限,须报上一级社区矫正机构批准,本县不能批准" in form
    assert 'name="ends_on" value="2026-05-10"' in form and 'value="广州"' in form
    assert "操作未完成" in response.content.decode()
    assert not Approval.objects.exists()
    assert AuditEvent.objects.count() == changes


def test_a_visitor_request_lists_every_missing_field_at_once(
    worker: Client, case: Enrollment
) -> None:
    response = worker.post(
        request_url(case), {"kind": "visitor", "starts_on": "2026-04-08", "time": "14:00"}
    )
    form = open_form(response.content.decode(), "visitor")
    assert form.count("此项必填。") == 3  # visitor, place, reason
    assert 'name="time" value="14:00"' in form
    assert not Approval.objects.exists()


def test_a_date_that_is_not_a_date_is_explained_on_its_field(
    worker: Client, case: Enrollment
) -> None:
    response = post_leave(worker, case, "4月10日", "2026-04-12")
    form = open_form(response.content.decode(), "leave")
    assert "开始日期格式应为 YYYY-MM-DD,例如 2026-04-10。" in form
    assert not Approval.objects.exists()


def test_a_move_needs_a_month_and_names_the_earliest_date(
    world: World, worker: Client, case: Enrollment
) -> None:
    response = worker.post(
        request_url(case),
        {
            "kind": "residence_change",
            "starts_on": "2026-04-15",
            "destination_agency": world.justice_office_b.pk,
            "new_address": "西山村18号",
            "reason": "随子女迁居",
        },
    )
    form = open_form(response.content.decode(), "residence_change")
    assert "变更执行地须提前 1 个月申请,迁居日期最早为 2026-05-01" in form
    assert f'<option value="{world.justice_office_b.pk}" selected>' in form
    assert not Approval.objects.exists()


def test_an_unknown_kind_is_explained_above_the_forms(worker: Client, case: Enrollment) -> None:
    response = worker.post(request_url(case), {"kind": "holiday", "reason": "休假"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请选择申请事项。" in html
    assert '<details class="approval-request" open>' not in html
    assert not Approval.objects.exists()

"""Status changes from the case page: only the transitions allowed from the current status
are offered; a refused one (releasing a case that has not reported, ending a term early, a
stale page) says why in Chinese, keeps the input and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import enroll_probation
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment


@pytest.fixture
def signed_in(client: Client, world: World) -> Iterator[Client]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0), tick=False):
        client.force_login(world.worker_a)
        yield client


@pytest.fixture
def case(world: World) -> Enrollment:
    return enroll_probation(world, effective=dt.date(2026, 3, 2))


def post_transition(client: Client, case: Enrollment, **data: object) -> str:
    response = client.post(reverse("programs:transition", args=[case.uuid]), data)
    assert response.status_code == 200
    return response.content.decode()


def test_a_pending_case_offers_report_and_terminate_only(
    signed_in: Client, case: Enrollment
) -> None:
    html = signed_in.get(reverse("programs:case", args=[case.uuid])).content.decode()
    assert 'value="report"' in html and 'value="terminate"' in html
    assert 'value="release"' not in html and 'value="suspend"' not in html
    assert 'name="on_date" value="2026-03-10"' in html  # the date defaults to today


def test_releasing_a_case_that_has_not_reported_is_refused(
    signed_in: Client, case: Enrollment
) -> None:
    changes = AuditEvent.objects.count()
    html = post_transition(
        signed_in,
        case,
        transition="release",
        reason="term_end",
        on_date="2026-03-09",
        version=case.version,
    )
    assert "当前状态为“待报到”,不能执行“解除矫正”。" in html
    assert "操作未完成" in html
    case.refresh_from_db()
    assert (case.status, case.version, case.ended_on) == ("pending_report", 1, None)
    assert AuditEvent.objects.count() == changes


def test_a_reason_outside_the_list_is_refused_on_its_field(
    signed_in: Client, case: Enrollment
) -> None:
    html = post_transition(
        signed_in, case, transition="terminate", reason="", on_date="2026-03-09", version=1
    )
    assert "请选择原因:撤销缓刑、撤销假释、收监执行、死亡。" in html
    assert 'name="on_date" value="2026-03-09"' in html  # the typed date is kept
    case.refresh_from_db()
    assert case.status == "pending_report"


def test_a_date_that_is_not_a_date_is_explained(signed_in: Client, case: Enrollment) -> None:
    html = post_transition(signed_in, case, transition="report", on_date="3月9日", version=1)
    assert "请填写日期,格式 YYYY-MM-DD。" in html and 'value="3月9日"' in html
    case.refresh_from_db()
    assert case.status == "pending_report"


def test_a_stale_page_is_refused_and_the_next_submit_acts_on_the_new_version(
    signed_in: Client, case: Enrollment, world: World
) -> None:
    opened = case.version
    other = Client()
    other.force_login(world.county_supervisor)
    other.post(
        reverse("programs:assign", args=[case.uuid]),
        {"worker": world.worker_a.pk, "version": opened},
    )
    html = post_transition(
        signed_in, case, transition="report", on_date="2026-03-09", version=opened
    )
    assert "此案件在您打开后已被他人修改" in html
    case.refresh_from_db()
    assert (case.status, case.version) == ("pending_report", 2)
    assert 'name="version" value="2"' in html


def test_reporting_moves_the_case_on_and_meets_the_report_deadline(
    signed_in: Client, case: Enrollment
) -> None:
    response = signed_in.post(
        reverse("programs:transition", args=[case.uuid]),
        {"transition": "report", "on_date": "2026-03-09", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:case", args=[case.uuid])
    case.refresh_from_db()
    assert (case.status, case.version) == ("active", 2)
    assert case.deadlines.get(code="report").status == "met"
    html = signed_in.get(response["Location"]).content.decode()
    assert "已完成:报到入矫。" in html and "在矫" in html

"""A twenty-day leave on the web goes past the 司法所's seven days: its supervisor only reviews
it, and once reviewed sees no decision form; the county 司法局's supervisor approves it. The
other township's supervisor cannot open it at all."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests.approvals_support import active_probation, office_a_supervisor, office_b_supervisor, on
from tests.approvals_web_support import approval_page, has_decision_form, post_decision, post_leave
from tests.personas import World
from tongxin.programs.models import Approval, ApprovalStep

TODAY = dt.date(2026, 4, 1)


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_reviews_and_the_county_approves(world: World) -> None:
    case = active_probation(world)
    worker = signed_in(world.worker_a)
    office = signed_in(office_a_supervisor(world))
    county = signed_in(world.county_supervisor)

    with on(TODAY):
        post_leave(worker, case, "2026-04-10", "2026-04-29")
        leave = Approval.objects.get(enrollment=case)
        assert (leave.steps_required, leave.approver_level) == (2, "justice_bureau")

        # Before the review the county has nothing to decide yet.
        first = county.get(approval_page(leave)).content.decode()
        assert not has_decision_form(first, leave)
        assert "审核:东城镇司法所主管" in first
        assert "两步:东城镇司法所审核,测试县司法局审批" in first

        review_page = office.get(approval_page(leave)).content.decode()
        assert has_decision_form(review_page, leave) and "审核同意" in review_page
        assert post_decision(office, leave, opinion="事由属实,拟同意。").status_code == 302

        leave.refresh_from_db()
        assert leave.status == "reviewed"
        reviewed = office.get(approval_page(leave)).content.decode()
        assert not has_decision_form(reviewed, leave)
        assert "审批:测试县司法局主管" in reviewed

        approve_page = county.get(approval_page(leave)).content.decode()
        assert has_decision_form(approve_page, leave) and "不予批准" in approve_page
        assert post_decision(county, leave, opinion="同意外出二十日。").status_code == 302

    leave.refresh_from_db()
    assert leave.status == "approved"
    assert list(
        ApprovalStep.objects.filter(approval=leave).values_list("step", "agency__name", "opinion")
    ) == [
        ("review", "东城镇司法所", "事由属实,拟同意。"),
        ("approve", "测试县司法局", "同意外出二十日。"),
    ]


def test_a_supervisor_who_may_not_decide_is_told_why_and_nothing_changes(world: World) -> None:
    case = active_probation(world)
    worker = signed_in(world.worker_a)
    county = signed_in(world.county_supervisor)
    with on(TODAY):
        post_leave(worker, case, "2026-04-10", "2026-04-29")
        leave = Approval.objects.get(enrollment=case)
        # Posted anyway (an old tab, a crafted request): the action refuses, with the reason.
        response = post_decision(county, leave)
    assert response.status_code == 200
    assert "此申请须先由东城镇司法所审核,审核同意后县司法局才能审批。" in response.content.decode()
    leave.refresh_from_db()
    assert (leave.status, leave.version) == ("submitted", 1)
    assert not ApprovalStep.objects.exists()


def test_the_other_townships_supervisor_gets_404_and_no_name(world: World) -> None:
    case = active_probation(world)
    worker = signed_in(world.worker_a)
    other = signed_in(office_b_supervisor(world))
    with on(TODAY):
        post_leave(worker, case, "2026-04-10", "2026-04-29")
        leave = Approval.objects.get(enrollment=case)
        page = other.get(approval_page(leave))
        decided = post_decision(other, leave)
    for response in (page, decided):
        assert response.status_code == 404
        assert "张东明" not in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == "submitted"

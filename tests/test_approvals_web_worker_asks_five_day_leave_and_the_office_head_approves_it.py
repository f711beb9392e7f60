"""A five-day leave on the web: the worker fills in the leave form on the case page, the
request goes to the township 司法所 alone (≤ 7 days), and its supervisor approves it on the
approval page with a written opinion; the case page then lists it as approved."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from tests.approvals_support import active_probation, office_a_supervisor, on
from tests.approvals_web_support import (
    approval_page,
    case_page,
    has_decision_form,
    post_decision,
    post_leave,
)
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Approval, ApprovalStep

TODAY = dt.date(2026, 4, 1)


def test_the_worker_asks_and_the_office_supervisor_approves(world: World) -> None:
    case = active_probation(world)
    head = office_a_supervisor(world)
    worker, supervisor = Client(), Client()
    worker.force_login(world.worker_a)
    supervisor.force_login(head)

    with on(TODAY):
        form_page = worker.get(case_page(case)).content.decode()
        assert "申请外出" in form_page and 'name="destination"' in form_page

        response = post_leave(worker, case, "2026-04-10", "2026-04-14")
        leave = Approval.objects.get(enrollment=case)
        assert response.status_code == 302
        assert response["Location"] == approval_page(leave)
        assert (leave.kind, leave.status, leave.steps_required, leave.approver_level) == (
            "leave",
            "submitted",
            1,
            "justice_office",
        )
        assert leave.payload == {"destination": "省城", "reason": "探望住院的母亲"}

        # The worker sees the request and who decides it, but no decision form.
        mine = worker.get(approval_page(leave)).content.decode()
        assert "2026-04-10 至 2026-04-14(5 日)" in mine
        assert "一步:东城镇司法所审批" in mine
        assert "审批:东城镇司法所主管" in mine
        assert not has_decision_form(mine, leave)

        theirs = supervisor.get(approval_page(leave)).content.decode()
        assert has_decision_form(theirs, leave)
        assert "省城" in theirs and "探望住院的母亲" in theirs

        decided = post_decision(supervisor, leave, opinion="母亲住院属实,同意外出。")
        assert decided.status_code == 302

    leave.refresh_from_db()
    assert leave.status == "approved"
    step = ApprovalStep.objects.get(approval=leave)
    assert (step.step, step.agreed, step.opinion, step.decided_by, step.agency) == (
        "approve",
        True,
        "母亲住院属实,同意外出。",
        head,
        world.justice_office_a,
    )
    assert list(
        AuditEvent.objects.filter(object_type="approval", subject_id=str(leave.uuid))
        .order_by("seq")
        .values_list("action", "channel")
    ) == [("approval.request", "web"), ("approval.approve", "web")]

    with on(TODAY):
        after = supervisor.get(approval_page(leave)).content.decode()
        listed = worker.get(case_page(case)).content.decode()
    decided_at = timezone.localtime(step.decided_at).strftime("%Y-%m-%d %H:%M")
    assert "母亲住院属实,同意外出。" in after and decided_at in after
    assert not has_decision_form(after, leave)
    assert "已批准" in listed and approval_page(leave) in listed

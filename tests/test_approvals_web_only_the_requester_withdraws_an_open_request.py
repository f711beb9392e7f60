"""Withdrawing on the approval page: the requester is offered it while the request is open and
withdrawing closes it; another worker of the case is not offered it and is refused if they
post it anyway; a decided request offers it to nobody."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.approvals_support import active_probation, ask_leave, decide, office_a_supervisor, on
from tests.approvals_web_support import approval_page
from tests.personas import World, member
from tongxin.organisation.models import Role
from tongxin.programs.models import Approval

TODAY = dt.date(2026, 4, 1)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def withdraw_url(approval: Approval) -> str:
    return reverse("programs:withdraw_approval", args=[approval.uuid])


def test_the_requester_withdraws_and_a_colleague_cannot(world: World) -> None:
    case = active_probation(world)
    colleague = member("worker_a2", world.justice_office_a, Role.WORKER)
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 12), today=TODAY)
    requester, other = client_for(world.worker_a), client_for(colleague)

    with on(TODAY):
        assert withdraw_url(leave) in requester.get(approval_page(leave)).content.decode()
        assert withdraw_url(leave) not in other.get(approval_page(leave)).content.decode()

        refused = other.post(withdraw_url(leave))
        assert refused.status_code == 200
        assert "只有申请人本人可以撤回申请。" in refused.content.decode()
        leave.refresh_from_db()
        assert leave.status == "submitted"

        done = requester.post(withdraw_url(leave))
        assert done.status_code == 302
        after = requester.get(approval_page(leave)).content.decode()
    leave.refresh_from_db()
    assert leave.status == "withdrawn"
    assert "申请已撤回。" in after and withdraw_url(leave) not in after


def test_a_decided_request_cannot_be_withdrawn(world: World) -> None:
    case = active_probation(world)
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 12), today=TODAY)
    decide(office_a_supervisor(world), leave, today=TODAY)
    requester = client_for(world.worker_a)
    with on(TODAY):
        assert withdraw_url(leave) not in requester.get(approval_page(leave)).content.decode()
        refused = requester.post(withdraw_url(leave))
    assert "此申请已办结(已批准),不能撤回。" in refused.content.decode()
    leave.refresh_from_db()
    assert leave.status == "approved"

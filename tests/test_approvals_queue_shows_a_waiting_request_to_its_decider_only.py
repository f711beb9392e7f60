"""The 工作台 and 待我审批 show a waiting request to the supervisor whose step it is, linked to
the approval page, and to nobody else: not the worker who asked, not the county before the
review, not the other township. The nav links to 待我审批 for supervisors only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.approvals_support import (
    active_probation,
    ask_leave,
    decide,
    office_a_supervisor,
    office_b_supervisor,
    on,
)
from tests.approvals_web_support import approval_page
from tests.personas import World

TODAY = dt.date(2026, 4, 1)
QUEUE = reverse("programs:queue")
WAITING = reverse("programs:approvals_waiting")


def pages(user: Any) -> tuple[str, str]:
    client = Client()
    client.force_login(user)
    return client.get(QUEUE).content.decode(), client.get(WAITING).content.decode()


def test_each_step_shows_to_its_decider_only(world: World) -> None:
    case = active_probation(world)
    office_head, other_head = office_a_supervisor(world), office_b_supervisor(world)
    leave = ask_leave(case, world.worker_a, dt.date(2026, 4, 10), dt.date(2026, 4, 29), today=TODAY)
    link = approval_page(leave)

    with on(TODAY):
        queue, waiting = pages(office_head)
        assert 'id="queue-approvals"' in queue and link in queue
        assert "外出(审核)" in queue and "张东明" in queue
        assert link in waiting and "2026-04-10 至 2026-04-29(20 日)" in waiting
        assert 'href="/approvals/">待我审批</a>' in queue  # the nav link

        for user in (world.county_supervisor, other_head):
            queue, waiting = pages(user)
            assert link not in queue and link not in waiting
            assert (
                "没有等待您审核或审批的申请。" in queue
                and "没有等待您审核或审批的申请。" in waiting
            )
        assert "张东明" not in "".join(pages(other_head))

        queue, waiting = pages(world.worker_a)
        assert 'id="queue-approvals"' not in queue and link not in waiting
        assert 'href="/approvals/">待我审批</a>' not in queue

    decide(office_head, leave, today=TODAY)
    with on(TODAY):
        queue, waiting = pages(world.county_supervisor)
        assert link in queue and "外出(审批)" in queue and link in waiting
        queue, waiting = pages(office_head)
        assert link not in queue and link not in waiting

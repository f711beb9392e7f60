"""The lists of approvals — the case page's section, 待我审批, and the API's case list and
waiting list — cost the same number of queries for 2 requests as for 12: each request comes
with its case, person, requester and steps in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api_support import caller
from tests.approvals_support import active_probation, decide, office_a_supervisor, on
from tests.approvals_web_support import API, case_approvals_url, case_page
from tests.personas import World
from tests.programs_support import act
from tongxin.programs import approvals
from tongxin.programs.models import Enrollment

TODAY = dt.date(2026, 4, 1)


def add_visitors(world: World, case: Enrollment, count: int, reviewer: Any) -> None:
    """Visitor requests, every other one already reviewed, so steps are listed too."""
    with on(TODAY):
        for n in range(count):
            visitor = approvals.request_approval(
                actor=act(world.worker_a),
                enrollment_uuid=case.uuid,
                kind="visitor",
                starts_on=TODAY + dt.timedelta(days=n + 1),
                payload={"visitor_name": f"访客{n}", "place": "东城村委会", "reason": "探望"},
            )
            if n % 2:
                decide(reviewer, visitor, today=TODAY)


def cost(get: Any, path: str) -> int:
    with on(TODAY), CaptureQueriesContext(connection) as captured:
        response = get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_each_list_costs_the_same_for_2_and_12_requests(world: World) -> None:
    case = active_probation(world)
    head = office_a_supervisor(world)
    worker, supervisor = Client(), Client()
    worker.force_login(world.worker_a)
    supervisor.force_login(head)
    api = caller(head)
    lists = {
        "case page": (worker.get, case_page(case)),
        "待我审批": (supervisor.get, "/approvals/"),
        "api case list": (api.get, case_approvals_url(case)),
        "api waiting": (api.get, f"{API}/approvals/waiting"),
    }
    add_visitors(world, case, 2, head)
    for get, path in lists.values():
        cost(get, path)  # the session's first write is not the page's cost
    few = {name: cost(get, path) for name, (get, path) in lists.items()}
    add_visitors(world, case, 10, head)
    many = {name: cost(get, path) for name, (get, path) in lists.items()}
    assert many == few

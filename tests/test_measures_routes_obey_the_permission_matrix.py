"""Every rewards-and-sanctions route, web and API, used by every persona on person_a's
probation case, does what tests/permission_matrix.py says: readers of the case read its
measures; of those who work it only the county 司法局 supervisor decides, the 司法所 worker is
refused with the Chinese reason and nothing saved; everyone else — another township, another
agency, nobody — gets 404, nothing of the case and no change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import audit_seq, case_url
from tests.api_support import caller
from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.programs_support import reported_corrections_case
from tongxin.programs.models import Measure

KINDS = ("measure_read", "measure_decide")
# Of those who work CASE_A, the county agency decides (measures.may_decide).
DECIDERS = frozenset({"county_supervisor"})
REFUSAL = "表扬、训诫、警告和各项提请由县级社区矫正机构决定"
TODAY = dt.date(2026, 6, 1)


def decision(on: str) -> dict[str, str]:
    return {
        "kind": "reprimand",
        "decided_on": on,
        "reason": "未按规定时间报告",
        "evidence": "司法所调查笔录",
    }


def calls(case: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Route → (method, path, data), web first."""
    url = case_url(case, "measures")
    return {
        "programs:decide_measure": (
            "post",
            reverse("programs:decide_measure", args=[case.uuid]),
            decision("2026-05-20"),
        ),
        "api:decide_case_measure": ("post", url, decision("2026-05-21")),
        "api:list_case_measures": ("get", url, {}),
    }


def test_every_measures_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in KINDS}
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    assert routes == set(calls(case))


def expected_status(persona: str, route: str) -> int:
    may_read, may_work = CASE_A[persona]
    web = route.startswith("programs:")
    if ROUTES[route] == "measure_read":
        return 200 if may_read else 404
    if not may_work:
        return 404
    if persona in DECIDERS:
        return 302 if web else 201
    # A worker of the case who may not decide: the page again with the reason, or a 422.
    return 200 if web else 422


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    user = getattr(world, persona)
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        case = reported_corrections_case(
            world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
        )
        client = Client()
        client.force_login(user)
        api = caller(user)
        changes = audit_seq()
        for route, (method, path, data) in calls(case).items():
            if route.startswith("programs:"):
                response = getattr(client, method)(path, data)
            else:
                response = getattr(api, method)(path, data)
            text = response.content.decode()
            status = expected_status(persona, route)
            assert response.status_code == status, (persona, route, text)
            if status == 404:
                assert "张东明" not in text, (persona, route)
            if status in (200, 422) and ROUTES[route] == "measure_decide":
                assert REFUSAL in text, (persona, route)
    decided = Measure.objects.filter(enrollment=case)
    if persona in DECIDERS:
        assert sorted(decided.values_list("decided_on", flat=True)) == [
            dt.date(2026, 5, 20),
            dt.date(2026, 5, 21),
        ]
    else:
        assert not decided.exists()
        assert audit_seq() == changes

"""Every case-scoped API route, called by every persona on person_a's probation case, answers
exactly what tests/permission_matrix.py says: the case for those who may, 404 and nothing of
the case for everyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.programs_support import enroll_probation
from tongxin.programs.actions import may_change_level_directly
from tongxin.programs.models import Enrollment

CASE_KINDS = ("case_read", "case_write")


def calls(case: Enrollment) -> dict[str, tuple[str, str, dict[str, Any], int]]:
    """route → (method, path, body, success status), in an order that works the case."""
    return {
        "api:get_case": ("get", case_url(case), {}, 200),
        "api:transition_case": (
            "post",
            case_url(case, "transitions"),
            {"transition": "report", "on_date": "2026-03-04", "version": 1},
            200,
        ),
        "api:record_case_contact": (
            "post",
            case_url(case, "contacts"),
            {"kind": "home_visit", "done_on": "2026-03-04"},
            201,
        ),
        "api:change_case_level": (
            "post",
            case_url(case, "level"),
            {
                "level": "ordinary",
                "reason": "评估后调整",
                "effective_on": "2026-03-04",
                "version": 2,
            },
            200,
        ),
        "api:assign_case": (
            "post",
            case_url(case, "assign"),
            {"worker": "worker_a", "version": None},  # the current version, at the call
            200,
        ),
    }


def test_every_case_route_is_called_here(world: World) -> None:
    case_routes = {route for route, kind in ROUTES.items() if kind in CASE_KINDS}
    assert case_routes == set(calls(enroll_probation(world, effective=dt.date(2026, 3, 2))))


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    may_read, may_work = CASE_A[persona]
    api = caller(getattr(world, persona))
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        decides_levels = may_change_level_directly(getattr(world, persona), case)
        for route, (method, path, body, success) in calls(case).items():
            allowed = may_work if ROUTES[route] == "case_write" else may_read
            if body.get("version", 0) is None:
                body = {**body, "version": Enrollment.objects.get(pk=case.pk).version}
            if route == "api:change_case_level" and allowed and not decides_levels:
                success = 422  # the county decides corrections levels: ask by approval
            response = getattr(api, method)(path, body)
            text = response.content.decode()
            if allowed:
                assert response.status_code == success, (persona, route, text)
                if success != 422:
                    assert str(case.uuid) in text and "张东明" in text
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert str(case.uuid) not in text and "张东明" not in text
    case.refresh_from_db()
    assert case.version == ((4 if decides_levels else 3) if may_work else 1)

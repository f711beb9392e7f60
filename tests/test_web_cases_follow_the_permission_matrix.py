"""Every web case route, used by every persona on person_a's probation case, does what
tests/permission_matrix.py says: the page or the action for those who may, 404 and nothing
of the case (and no change) for everyone else — another township, another agency, nobody."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.programs_support import enroll_probation
from tongxin.audit.models import AuditEvent
from tongxin.programs.actions import may_change_level_directly
from tongxin.programs.models import Contact, Enrollment

WEB_CASE_KINDS = ("case_page", "case_action")


def calls(case: Enrollment, world: World) -> dict[str, tuple[str, dict[str, Any]]]:
    """route → (method, form data), in an order that works the case."""
    return {
        "programs:case": ("get", {}),
        "programs:transition": (
            "post",
            {"transition": "report", "on_date": "2026-03-04", "version": 1},
        ),
        "programs:record_contact": ("post", {"kind": "home_visit", "done_on": "2026-03-04"}),
        "programs:change_level": (
            "post",
            {
                "level": "ordinary",
                "reason": "评估后调整",
                "effective_on": "2026-03-04",
                "version": 2,
            },
        ),
        # The current version, at the call (a refused level change leaves it as it was).
        "programs:assign": ("post", {"worker": world.worker_a.pk, "version": None}),
    }


def test_every_web_case_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in WEB_CASE_KINDS}
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    assert routes == set(calls(case, world))


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    may_read, may_work = CASE_A[persona]
    client = Client()
    client.force_login(getattr(world, persona))
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        changes = AuditEvent.objects.count()
        decides_levels = may_change_level_directly(getattr(world, persona), case)
        for route, (method, data) in calls(case, world).items():
            allowed = may_work if ROUTES[route] == "case_action" else may_read
            if data.get("version", 0) is None:
                data = {**data, "version": Enrollment.objects.get(pk=case.pk).version}
            response = getattr(client, method)(reverse(route, args=[case.uuid]), data)
            body = response.content.decode()
            if allowed:
                expected = 302 if method == "post" else 200
                if route == "programs:change_level" and not decides_levels:
                    expected = 200  # refused in place: the county decides corrections levels
                    assert "请在“审批”中提出等级调整申请" in body
                assert response.status_code == expected, (persona, route, body)
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert "张东明" not in body, (persona, route)
        page = client.get(reverse("programs:case", args=[case.uuid])).content.decode()
    case.refresh_from_db()
    if may_work and decides_levels:
        assert (case.status, case.level, case.version) == ("active", "ordinary", 4)
    elif may_work:
        assert (case.status, case.level, case.version) == ("active", "strict", 3)
        assert Contact.objects.filter(enrollment=case, status="done").count() == 1
    else:
        assert (case.status, case.level, case.version) == ("pending_report", "strict", 1)
        assert AuditEvent.objects.count() == changes
    if may_read and not may_work:
        # Readers get the page without a single casework form.
        assert "张东明" in page
        assert 'method="post" action="/cases/' not in page


def test_an_unknown_case_is_a_404(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("programs:case", args=[missing])).status_code == 404

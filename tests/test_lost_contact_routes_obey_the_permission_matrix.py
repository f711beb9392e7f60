"""Every lost-contact route, web and API, used by every persona on person_a's probation case,
does what tests/permission_matrix.py says: those who work the case flag, search, notify and
find; readers (the police, who are notified and help search, and the procuratorate) read the
episodes; everyone else — another township, another agency, nobody — gets 404, nothing of the
case and no change."""

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
from tongxin.programs.models import Enrollment, LostContact, SearchAction

KINDS = ("lost_contact_read", "lost_contact_action")
TODAY = dt.date(2026, 5, 10)


def web_calls() -> dict[str, dict[str, str]]:
    """Web route → form data, in an order that works one episode from flag to found."""
    return {
        "programs:lost_contact_flag": {"since_on": "2026-05-04"},
        "programs:lost_contact_search": {
            "on_date": "2026-05-05",
            "method": "phone",
            "outcome": "关机",
        },
        "programs:lost_contact_police": {"on_date": "2026-05-05", "note": "东城派出所"},
        "programs:lost_contact_found": {"found_on": "2026-05-06"},
    }


def api_calls(case: Enrollment) -> dict[str, tuple[str, str, dict[str, Any], int]]:
    """API route → (method, path, body, success status), working a second episode."""
    url = case_url(case, "lost-contact")
    return {
        "api:flag_case_lost_contact": ("post", url, {"since_on": "2026-05-07"}, 201),
        "api:record_case_search": (
            "post",
            f"{url}/searches",
            {"on_date": "2026-05-07", "method": "visit", "outcome": "不在家"},
            201,
        ),
        "api:notify_case_police": (
            "post",
            f"{url}/police",
            {"on_date": "2026-05-08", "note": "东城派出所"},
            200,
        ),
        "api:mark_case_found": ("post", f"{url}/found", {"found_on": "2026-05-09"}, 200),
        "api:get_case_lost_contact": ("get", url, {}, 200),
    }


def test_every_lost_contact_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in KINDS}
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    assert routes == set(web_calls()) | set(api_calls(case))


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_every_persona_gets_exactly_what_the_matrix_says(world: World, persona: str) -> None:
    may_read, may_work = CASE_A[persona]
    user = getattr(world, persona)
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        case = reported_corrections_case(
            world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
        )
        client = Client()
        client.force_login(user)
        api = caller(user)
        changes = audit_seq()
        for route, data in web_calls().items():
            response = client.post(reverse(route, args=[case.uuid]), data)
            body = response.content.decode()
            if may_work:
                assert response.status_code == 302, (persona, route, body)
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert "张东明" not in body, (persona, route)
        for route, (method, path, data, success) in api_calls(case).items():
            allowed = may_work if ROUTES[route] == "lost_contact_action" else may_read
            response = getattr(api, method)(path, data)
            text = response.content.decode()
            if allowed:
                assert response.status_code == success, (persona, route, text)
                assert str(case.uuid) in text
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert str(case.uuid) not in text and "张东明" not in text
    episodes = LostContact.objects.filter(enrollment=case)
    if may_work:
        assert sorted(episodes.values_list("since_on", "found_on")) == [
            (dt.date(2026, 5, 4), dt.date(2026, 5, 6)),
            (dt.date(2026, 5, 7), dt.date(2026, 5, 9)),
        ]
        assert SearchAction.objects.filter(episode__enrollment=case).count() == 4
    else:
        assert not episodes.exists()
        assert audit_seq() == changes

"""Every team route, web and API, used by every persona on person_a's probation case does what
tests/permission_matrix.py says: the staff who work the case set up the team and change it,
readers (police, procuratorate) read its names and roles, and another township, another
agency or nobody get 404 with nothing of the case or its team, and change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.programs_support import act, enroll_probation
from tests.teams_support import frozen, leader
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment, Team, TeamMember
from tongxin.programs.teams import NewMember, add_team_member, set_up_team

TEAM_KINDS = ("team_action", "team_read", "team_write")
SECRETS = ("张东明", "张父")


def web_calls(world: World) -> dict[str, dict[str, Any]]:
    """route → form data, in an order that works the case's team."""
    return {
        "programs:set_up_team": {
            "set_up_on": "2026-03-10",
            "member-0-role": "leader",
            "member-0-sex": "M",
            "member-0-user": str(world.worker_a.pk),
            "member-1-role": "family",
            "member-1-name": "张父",
            "member-1-sex": "M",
        },
        "programs:add_team_member": {
            "role": "volunteer",
            "name": "王志愿",
            "sex": "F",
            "joined_on": "2026-04-01",
        },
        "programs:remove_team_member": {"left_on": "2026-05-01"},  # + the volunteer's id
    }


def api_calls(case: Enrollment) -> dict[str, tuple[str, str, dict[str, Any], int]]:
    """route → (method, path, body, success status); ``{volunteer}`` is filled in on the way."""
    return {
        "api:get_case_team": ("get", case_url(case, "team"), {}, 200),
        "api:set_up_case_team": (
            "post",
            case_url(case, "team"),
            {
                "set_up_on": "2026-03-10",
                "members": [
                    {"role": "leader", "name": "", "sex": "M", "username": "worker_a"},
                    {"role": "family", "name": "张父", "sex": "M"},
                ],
            },
            201,
        ),
        "api:add_case_team_member": (
            "post",
            case_url(case, "team/members"),
            {"role": "volunteer", "name": "王志愿", "sex": "F", "joined_on": "2026-04-01"},
            201,
        ),
        "api:remove_case_team_member": (
            "post",
            case_url(case, "team/members/{volunteer}/leave"),
            {"left_on": "2026-05-01"},
            200,
        ),
    }


def ensure_team(world: World, case: Enrollment) -> None:
    """The team a denied persona's later calls aim at, set up by the case's own worker."""
    if not Team.objects.filter(enrollment=case).exists():
        set_up_team(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="correction",
            members=[leader(world), NewMember("family", "张父", "M")],
            set_up_on=dt.date(2026, 3, 10),
        )


def volunteer_id(world: World, case: Enrollment) -> int:
    """The volunteer to remove: added by the persona if allowed, else by the case's worker."""
    found = TeamMember.objects.filter(team__enrollment=case, name="王志愿").first()
    if found is None:
        found = add_team_member(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            member=NewMember("volunteer", "王志愿", "F"),
            joined_on=dt.date(2026, 4, 1),
        )
    return found.pk


def changes_by(user: Any) -> int:
    return AuditEvent.objects.filter(actor=user).count()


def test_every_team_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in TEAM_KINDS}
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    assert routes == set(web_calls(world)) | set(api_calls(case))


def final_team(case: Enrollment) -> list[tuple[str, bool]]:
    """(name, still a member) of everyone who was ever on the team."""
    return sorted(
        (m.name, m.left_on is None) for m in TeamMember.objects.filter(team__enrollment=case)
    )


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_the_web_team_forms_follow_the_matrix(world: World, persona: str) -> None:
    user = getattr(world, persona)
    may_read, may_work = CASE_A[persona]
    client = Client()
    client.force_login(user)
    changes = changes_by(user)
    with frozen():
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        for route, data in web_calls(world).items():
            if route == "programs:remove_team_member":
                data = {**data, "member": str(volunteer_id(world, case))}
            response = client.post(reverse(route, args=[case.uuid]), data)
            body = response.content.decode()
            if may_work:
                assert response.status_code == 302, (persona, route, body)
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert not any(secret in body for secret in SECRETS), (persona, route)
                ensure_team(world, case)
        page = client.get(reverse("programs:case", args=[case.uuid]))
    if may_work:
        assert final_team(case) == [("worker_a", True), ("张父", True), ("王志愿", False)]
    else:
        # Only the case's own worker changed the team; this persona changed nothing.
        assert changes_by(user) == changes
        assert final_team(case) == [("张父", True), ("李所长", True), ("王志愿", True)]
    if may_read:
        assert "张父" in page.content.decode()
    else:
        assert page.status_code == 404


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_the_team_api_follows_the_matrix(world: World, persona: str) -> None:
    user = getattr(world, persona)
    may_read, may_work = CASE_A[persona]
    api = caller(user)
    changes = changes_by(user)
    with frozen():
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
        for route, (method, path, body, success) in api_calls(case).items():
            if "{volunteer}" in path:
                path = path.replace("{volunteer}", str(volunteer_id(world, case)))
            allowed = may_read if ROUTES[route] == "team_read" else may_work
            response = getattr(api, method)(path, body)
            text = response.content.decode()
            if allowed:
                assert response.status_code == success, (persona, route, text)
                assert str(case.uuid) in text
            else:
                assert response.status_code == 404, (persona, route, response.status_code)
                assert str(case.uuid) not in text
                assert not any(secret in text for secret in SECRETS), (persona, route)
                ensure_team(world, case)
    if may_work:
        assert final_team(case) == [("worker_a", True), ("张父", True), ("王志愿", False)]
    else:
        assert changes_by(user) == changes
        assert final_team(case) == [("张父", True), ("李所长", True), ("王志愿", True)]

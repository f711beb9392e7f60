"""A read of a case's team writes its AccessEvent before the team leaves the server: if that
write fails the caller gets an error and no name or phone number. So do the answers of the
team's writes, which return the team."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api_programs_support import case_url
from tests.api_support import token_for
from tests.personas import World
from tests.teams_support import frozen, team_of, womans_case
from tongxin.access import disclosure
from tongxin.programs.models import TeamMember
from tongxin.programs.teams import NewMember


class AuditDown(RuntimeError):
    pass


def test_no_team_leaves_without_its_access_event(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with frozen():
        case = womans_case(world)
        team_of(world, case, NewMember("family", "刘母", "F", phone="13900001111"))
    token = token_for(world.worker_a)

    def refuse(**kwargs: object) -> None:
        raise AuditDown("audit database unavailable")

    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token}"}
    with frozen():
        read = client.get(case_url(case, "team"), headers=headers)
        added = client.post(
            case_url(case, "team/members"),
            {"role": "volunteer", "name": "陈芳", "sex": "F", "joined_on": "2026-04-01"},
            content_type="application/json",
            headers=headers,
        )
    for response in (read, added):
        assert response.status_code == 500
        body = response.content.decode()
        assert "刘母" not in body and "13900001111" not in body and "陈芳" not in body
    # The member was added (its audit row is written); only the answer was withheld.
    assert TeamMember.objects.filter(name="陈芳").exists()

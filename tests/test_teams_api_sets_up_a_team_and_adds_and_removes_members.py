"""Through the API a worker sets up a woman's correction team, adds a member and records one
leaving. A team without a woman, a username that is not one of the case's staff or a member
without a sex answers 422 with the Chinese message and saves nothing; every read of the team
writes one AccessEvent naming the case. Frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.api_programs_support import access_seq, access_since, audit_seq, case_url
from tests.api_support import Caller, caller
from tests.personas import World
from tests.teams_support import frozen, womans_case
from tongxin.programs.models import Enrollment, Team, TeamMember


@pytest.fixture(autouse=True)
def _chinese_on_a_frozen_day() -> Iterator[None]:
    translation.activate("zh-hans")
    with frozen():
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return womans_case(world)


@pytest.fixture
def api(world: World) -> Caller:
    return caller(world.worker_a)


LEADER = {"role": "leader", "name": "", "sex": "M", "username": "worker_a"}
BROTHER = {"role": "family", "name": "刘强", "sex": "M"}
MOTHER = {"role": "family", "name": "刘母", "sex": "F", "phone": "13900001111"}


def set_up(api: Caller, case: Enrollment, *members: dict) -> Any:
    return api.post(case_url(case, "team"), {"set_up_on": "2026-03-10", "members": list(members)})


def errors(response: Any, field: str) -> list[str]:
    assert response.status_code == 422, response.content
    messages: list[str] = response.json()["errors"][field]
    return messages


def test_a_team_without_a_woman_is_refused_with_the_rule(api: Caller, case: Enrollment) -> None:
    before = audit_seq()
    response = set_up(api, case, LEADER, BROTHER)
    assert errors(response, "members") == [
        "矫正对象为女性,矫正小组应当有女性成员(《社区矫正法》第二十五条)。请增加一名女性成员。"
    ]
    assert not Team.objects.exists() and audit_seq() == before


def test_a_username_from_elsewhere_is_refused_like_an_unknown_one(
    api: Caller, case: Enrollment
) -> None:
    for username in ("worker_b", "nobody_here"):
        response = set_up(api, case, {**LEADER, "username": username}, MOTHER)
        assert errors(response, "members") == [
            "第1位成员:系统账号须为负责此案件的机构或此人居住地辖区的在职工作人员;"
            "家属、志愿者等不填账号。"
        ]
    assert not Team.objects.exists()


def test_the_team_is_set_up_then_a_member_added_and_one_removed(
    api: Caller, case: Enrollment
) -> None:
    created = set_up(api, case, LEADER, MOTHER)
    assert created.status_code == 201, created.content
    team = created.json()
    assert (team["kind"], team["kind_label"], team["set_up"]) == ("correction", "矫正小组", True)
    # The leader chosen by account needs no typed name: the account's name is used.
    assert [(m["name"], m["role"], m["username"]) for m in team["members"]] == [
        ("worker_a", "leader", "worker_a"),
        ("刘母", "family", None),
    ]
    assert team["problems"] == []

    added = api.post(
        case_url(case, "team/members"),
        {"role": "volunteer", "name": "陈芳", "sex": "F", "joined_on": "2026-04-01"},
    )
    assert added.status_code == 201, added.content
    volunteer = next(m for m in added.json()["members"] if m["name"] == "陈芳")

    left = api.post(
        case_url(case, f"team/members/{volunteer['id']}/leave"), {"left_on": "2026-05-15"}
    )
    assert left.status_code == 200, left.content
    body = left.json()
    assert [m["name"] for m in body["members"]] == ["worker_a", "刘母"]
    assert [(m["name"], m["left_on"]) for m in body["former_members"]] == [("陈芳", "2026-05-15")]
    assert TeamMember.objects.get(name="陈芳").left_on is not None


def test_removing_the_only_woman_is_refused(api: Caller, case: Enrollment) -> None:
    set_up(api, case, LEADER, MOTHER)
    mother = TeamMember.objects.get(name="刘母")
    before = audit_seq()
    response = api.post(
        case_url(case, f"team/members/{mother.pk}/leave"), {"left_on": "2026-05-15"}
    )
    assert "女性成员" in errors(response, "members")[0]
    mother.refresh_from_db()
    assert mother.left_on is None and audit_seq() == before


def test_a_new_member_without_a_sex_is_refused(api: Caller, case: Enrollment) -> None:
    set_up(api, case, LEADER, MOTHER)
    response = api.post(
        case_url(case, "team/members"),
        {"role": "volunteer", "name": "陈芳", "sex": "", "joined_on": "2026-04-01"},
    )
    assert errors(response, "members") == ["新成员:请选择性别。"]
    assert not TeamMember.objects.filter(name="陈芳").exists()


def test_reading_the_team_writes_one_access_event_naming_the_case(
    api: Caller, case: Enrollment
) -> None:
    before = access_seq()
    response = api.get(case_url(case, "team"))
    assert response.status_code == 200
    assert response.json() == {
        "case": str(case.uuid),
        "kind": "correction",
        "kind_label": "矫正小组",
        "set_up": False,
        "members": [],
        "former_members": [],
        "problems": [],
    }
    [event] = access_since(before)
    assert (event.action, event.object_ids, event.channel) == ("team.view", [str(case.uuid)], "api")

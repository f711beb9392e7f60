"""A worker sets up the correction team of a woman from her case page. Without a woman on it
the team section names the rule (《社区矫正法》第二十五条) and the fix in Chinese, keeps the rows
as typed and saves nothing; with one the team is saved and listed. Blank rows are ignored and
a refused form shows its filled rows first, so "第2位成员" is the second row. Frozen clock."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.teams_support import frozen, row, womans_case
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment, Team, TeamMember

FEMALE_RULE = (
    "矫正对象为女性,矫正小组应当有女性成员(《社区矫正法》第二十五条)。请增加一名女性成员。"
)


@pytest.fixture
def case(world: World) -> Enrollment:
    with frozen():
        return womans_case(world)


@pytest.fixture
def worker(client: Client, world: World) -> Client:
    client.force_login(world.worker_a)
    return client


def set_up(client: Client, case: Enrollment, *rows: dict) -> object:
    data: dict = {"set_up_on": "2026-03-10"}
    for posted in rows:
        data.update(posted)
    with frozen():
        return client.post(reverse("programs:set_up_team", args=[case.uuid]), data)


def team_section(html: str) -> str:
    return html[html.index('id="team"') :]


def test_without_a_woman_the_rule_and_its_fix_are_shown_and_nothing_is_saved(
    world: World, worker: Client, case: Enrollment
) -> None:
    response = set_up(
        worker,
        case,
        row(0, "leader", "李所长", "M", user=world.worker_a),
        row(1, "family", "刘强", "M", phone="13900002222"),
    )
    assert response.status_code == 200
    section = team_section(response.content.decode())
    assert FEMALE_RULE in section
    assert "操作未完成" in section
    # The rows are kept as typed, to add a woman and send again.
    assert 'value="刘强"' in section and 'value="13900002222"' in section
    assert not Team.objects.exists() and not TeamMember.objects.exists()
    assert not AuditEvent.objects.filter(action="team.set_up").exists()


def test_with_a_woman_the_team_is_saved_and_listed_and_blank_rows_are_ignored(
    world: World, worker: Client, case: Enrollment
) -> None:
    response = set_up(
        worker,
        case,
        row(0, "leader", "李所长", "M", user=world.worker_a),
        row(1, "family", "刘强", "M"),
        row(4, "family", "刘母", "F", phone="13900001111"),
    )
    assert response.status_code == 302
    members = TeamMember.objects.filter(team__enrollment=case)
    assert sorted(members.values_list("name", "role", "sex")) == [
        ("刘强", "family", "M"),
        ("刘母", "family", "F"),
        ("李所长", "leader", "M"),
    ]
    assert Team.objects.get(enrollment=case).kind == "correction"
    with frozen():
        page = worker.get(response["Location"]).content.decode()
    assert "已成立矫正小组,共 3 名成员。" in page
    section = team_section(page)
    assert "刘母" in section and "家庭成员或监护人" in section and "13900001111" in section
    assert "尚未成立矫正小组" not in section
    # Now it offers adding and removing members instead of setting up.
    assert reverse("programs:add_team_member", args=[case.uuid]) in section
    assert f'action="{reverse("programs:set_up_team", args=[case.uuid])}"' not in section


def test_a_refused_member_is_named_by_its_row_on_the_page(
    world: World, worker: Client, case: Enrollment
) -> None:
    # Rows 1 and 4 are filled; the second filled one has no sex. It comes back as row 2.
    response = set_up(
        worker,
        case,
        row(1, "leader", "李所长", "M", user=world.worker_a),
        row(4, "family", "刘母", ""),
    )
    section = team_section(response.content.decode())
    assert "第2位成员:请选择性别。" in section
    second_row = section[section.index("<legend>第2位成员</legend>") :]
    assert second_row.index('value="刘母"') < second_row.index("<legend>第3位成员</legend>")
    assert not Team.objects.exists()

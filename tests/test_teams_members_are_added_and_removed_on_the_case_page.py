"""From the case page a worker adds a member to the team and records that a member left: the
former member is folded away with the dates, nothing is deleted. A change that breaks a rule
the team kept (removing the only woman of a woman's team) or input that is not complete is
refused in the team section, in Chinese, with the input kept and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.teams_support import frozen, team_of, womans_case
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Enrollment, TeamMember
from tongxin.programs.teams import NewMember


@pytest.fixture
def case(world: World) -> Enrollment:
    with frozen():
        case = womans_case(world)
        team_of(world, case, NewMember("family", "刘母", "F", phone="13900001111"))
    return case


@pytest.fixture
def worker(client: Client, world: World) -> Client:
    client.force_login(world.worker_a)
    return client


def post(client: Client, route: str, case: Enrollment, data: dict) -> object:
    with frozen():
        return client.post(reverse(route, args=[case.uuid]), data)


def page(client: Client, case: Enrollment) -> str:
    with frozen():
        html: str = client.get(reverse("programs:case", args=[case.uuid])).content.decode()
    return html[html.index('id="team"') :]


def test_a_member_is_added_and_later_leaves_and_is_kept_as_a_former_member(
    worker: Client, case: Enrollment
) -> None:
    added = post(
        worker,
        "programs:add_team_member",
        case,
        {"role": "volunteer", "name": "陈芳", "sex": "F", "phone": "", "joined_on": "2026-04-01"},
    )
    assert added.status_code == 302
    volunteer = TeamMember.objects.get(name="陈芳")
    assert (volunteer.role, volunteer.joined_on, volunteer.left_on) == (
        "volunteer",
        dt.date(2026, 4, 1),
        None,
    )
    active = page(worker, case).split("<details")[0]
    assert "陈芳" in active and "志愿者" in active

    left = post(
        worker,
        "programs:remove_team_member",
        case,
        {"member": str(volunteer.pk), "left_on": "2026-05-15"},
    )
    assert left.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.left_on == dt.date(2026, 5, 15)
    section = page(worker, case)
    active, former = section.split("<details", 1)
    assert "陈芳" not in active
    assert "已退出的成员(1 人)" in former and "陈芳" in former and "2026-05-15" in former
    assert list(
        AuditEvent.objects.filter(action__startswith="team.").values_list("action", flat=True)
    ) == ["team.set_up", "team.add_member", "team.remove_member"]


def test_removing_the_only_woman_is_refused_in_the_team_section(
    worker: Client, case: Enrollment
) -> None:
    mother = TeamMember.objects.get(name="刘母")
    changes = AuditEvent.objects.count()
    response = post(
        worker,
        "programs:remove_team_member",
        case,
        {"member": str(mother.pk), "left_on": "2026-05-15"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="team"') :]
    assert "矫正小组应当有女性成员(《社区矫正法》第二十五条)。请增加一名女性成员。" in section
    assert 'name="left_on" value="2026-05-15"' in section
    mother.refresh_from_db()
    assert mother.left_on is None
    assert AuditEvent.objects.count() == changes


def test_an_incomplete_new_member_is_explained_and_the_input_kept(
    worker: Client, case: Enrollment
) -> None:
    response = post(
        worker,
        "programs:add_team_member",
        case,
        {"role": "village_cadre", "name": "王主任", "sex": "", "joined_on": "2026-04-01"},
    )
    html = response.content.decode()
    section = html[html.index('id="team"') :]
    assert "新成员:请选择性别。" in section
    assert 'value="王主任"' in section
    assert not TeamMember.objects.filter(name="王主任").exists()


def test_a_date_before_the_case_started_is_refused_on_its_field(
    worker: Client, case: Enrollment
) -> None:
    response = post(
        worker,
        "programs:add_team_member",
        case,
        {"role": "village_cadre", "name": "王主任", "sex": "M", "joined_on": "2026-02-01"},
    )
    html = response.content.decode()
    joined_on = html[html.index('id="id_team_add_joined_on"') :]
    assert "日期不能早于登记开始日期 2026-03-02。" in joined_on[: joined_on.index("</div>")]
    assert not TeamMember.objects.filter(name="王主任").exists()

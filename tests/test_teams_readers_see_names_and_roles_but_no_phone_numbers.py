"""The police and the procuratorate read a corrections case without its casework: on the case
page and through the API they see who is on the team and in which role, never a member's
phone number, sex or account, nor former members, nor a form. The staff who work the case
see all of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act
from tests.teams_support import frozen, team_of, womans_case
from tongxin.programs.models import Enrollment, TeamMember
from tongxin.programs.teams import NewMember, remove_team_member

MOTHER_PHONE = "13900001111"


@pytest.fixture
def case(world: World) -> Enrollment:
    with frozen():
        case = womans_case(world)
        team_of(
            world,
            case,
            NewMember("family", "刘母", "F", phone=MOTHER_PHONE),
            NewMember("volunteer", "陈芳", "F", phone="13900003333"),
        )
        remove_team_member(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            member_id=TeamMember.objects.get(name="陈芳").pk,
            left_on=dt.date(2026, 5, 1),
        )
    return case


def team_section(user: object, case: Enrollment) -> str:
    client = Client()
    client.force_login(user)
    with frozen():
        response = client.get(reverse("programs:case", args=[case.uuid]))
    assert response.status_code == 200
    html: str = response.content.decode()
    section = html[html.index('id="team"') :]
    return section[: section.index("</section>")]


@pytest.mark.parametrize("reader", ["police_a", "procurator"])
def test_readers_see_names_and_roles_only(world: World, case: Enrollment, reader: str) -> None:
    section = team_section(getattr(world, reader), case)
    assert "刘母" in section and "家庭成员或监护人" in section and "李所长" in section
    assert MOTHER_PHONE not in section and "worker_a" not in section
    assert "陈芳" not in section  # former members are casework
    assert "<form" not in section

    with frozen():
        body = caller(getattr(world, reader)).get(case_url(case, "team")).json()
    assert [(m["name"], m["role_label"]) for m in body["members"]] == [
        ("李所长", "组长"),
        ("刘母", "家庭成员或监护人"),
    ]
    assert all(m["phone"] is None and m["sex"] is None for m in body["members"])
    assert all(m["username"] is None for m in body["members"])
    assert body["former_members"] == [] and body["problems"] == []


@pytest.mark.parametrize("staff", ["worker_a", "county_supervisor"])
def test_the_staff_who_work_the_case_see_phones_and_former_members(
    world: World, case: Enrollment, staff: str
) -> None:
    section = team_section(getattr(world, staff), case)
    assert MOTHER_PHONE in section and "worker_a" in section
    assert "陈芳" in section.split("<details", 1)[1]

    with frozen():
        body = caller(getattr(world, staff)).get(case_url(case, "team")).json()
    mother = next(m for m in body["members"] if m["name"] == "刘母")
    assert (mother["phone"], mother["sex"]) == (MOTHER_PHONE, "F")
    assert [m["name"] for m in body["former_members"]] == ["陈芳"]

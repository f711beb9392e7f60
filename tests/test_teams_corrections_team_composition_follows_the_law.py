"""Correction teams (矫正小组): a woman's team has a woman (社区矫正法 art 25), a minor's team
has someone familiar with minors (art 52), a 司法所 worker leads it; every change is checked on
the members who remain. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.personas import World, member, person_data
from tests.programs_support import act
from tongxin.access import policy
from tongxin.audit.models import AuditEvent
from tongxin.organisation.models import Membership, Role
from tongxin.people.actions import create_person
from tongxin.people.models import Person
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Enrollment, Team, TeamMember
from tongxin.programs.teams import NewMember, add_team_member, remove_team_member, set_up_team

EFFECTIVE = dt.date(2026, 3, 2)
SET_UP = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


def justice_person(world: World, name: str, birth: dt.date, seq: int, sex: str) -> Person:
    return create_person(
        actor=act(world.worker_a), data=person_data(name, world.village_a, birth, seq, sex=sex)
    )


def probation_for(world: World, person: Person) -> Enrollment:
    return actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=person.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": EFFECTIVE.isoformat(),
            "term_years": 1,
        },
        started_on=EFFECTIVE,
    )


def leader(user: Any, sex: str = "M") -> NewMember:
    return NewMember(role="leader", name="所长", sex=sex, user=user)


def set_up(world: World, case: Enrollment, members: list[NewMember], user: Any = None) -> Team:
    return set_up_team(
        actor=act(user or world.worker_a),
        enrollment_uuid=case.uuid,
        kind="correction",
        members=members,
        set_up_on=SET_UP,
    )


@pytest.fixture
def woman_case(world: World) -> Enrollment:
    return probation_for(world, justice_person(world, "刘芳", dt.date(1992, 5, 1), 41, "F"))


def test_a_womans_team_without_a_woman_is_refused_and_nothing_is_saved(
    world: World, woman_case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected) as error:
        set_up(world, woman_case, [leader(world.worker_a), NewMember("family", "刘强", "M")])
    assert any("第二十五条" in message for message in error.value.errors["members"])
    assert not Team.objects.exists() and not TeamMember.objects.exists()


def test_a_womans_team_with_a_woman_is_set_up_and_audited_without_names_or_phones(
    world: World, woman_case: Enrollment
) -> None:
    team = set_up(
        world,
        woman_case,
        [leader(world.worker_a), NewMember("family", "刘母", "F", phone="13900001111")],
    )
    assert team.kind == "correction"
    assert list(team.members.values_list("role", "sex")) == [("leader", "M"), ("family", "F")]
    event = AuditEvent.objects.get(action="team.set_up")
    assert event.subject_id == str(woman_case.uuid)
    assert event.details["roles"] == ["leader", "family"]
    assert "刘母" not in str(event.details) and "13900001111" not in str(event.details)


def test_removing_the_last_woman_of_a_womans_team_is_refused(
    world: World, woman_case: Enrollment
) -> None:
    team = set_up(
        world,
        woman_case,
        [
            leader(world.worker_a),
            NewMember("family", "刘母", "F"),
            NewMember("volunteer", "陈芳", "F"),
        ],
    )
    mother, volunteer = team.members.filter(sex="F").order_by("id")
    remove_team_member(
        actor=act(world.worker_a),
        enrollment_uuid=woman_case.uuid,
        member_id=volunteer.pk,
        left_on=dt.date(2026, 5, 1),
    )
    with pytest.raises(CaseworkRejected) as error:
        remove_team_member(
            actor=act(world.worker_a),
            enrollment_uuid=woman_case.uuid,
            member_id=mother.pk,
            left_on=dt.date(2026, 5, 2),
        )
    assert "女性成员" in error.value.errors["members"][0]
    mother.refresh_from_db()
    volunteer.refresh_from_db()
    assert mother.left_on is None and volunteer.left_on == dt.date(2026, 5, 1)


def test_a_minors_team_needs_someone_familiar_with_minors(world: World) -> None:
    case = probation_for(world, justice_person(world, "赵小军", dt.date(2010, 1, 15), 52, "M"))
    with pytest.raises(CaseworkRejected) as error:
        set_up(world, case, [leader(world.worker_a), NewMember("family", "赵父", "M")])
    assert "第五十二条" in error.value.errors["members"][0]
    team = set_up(
        world,
        case,
        [leader(world.worker_a), NewMember("minors_specialist", "孙老师", "M")],
    )
    assert team.members.filter(role="minors_specialist").exists()


def test_turning_eighteen_during_correction_keeps_the_minors_rule(world: World) -> None:
    # 17 when the case started on 2 March 2026, 18 by the time the team is changed in May.
    case = probation_for(world, justice_person(world, "钱小东", dt.date(2008, 4, 1), 63, "M"))
    set_up(world, case, [leader(world.worker_a), NewMember("minors_specialist", "孙老师", "M")])
    specialist = TeamMember.objects.get(role="minors_specialist")
    with pytest.raises(CaseworkRejected):
        remove_team_member(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            member_id=specialist.pk,
            left_on=dt.date(2026, 5, 20),
        )


def test_an_adult_mans_team_needs_neither_a_woman_nor_a_minors_specialist(
    world: World,
) -> None:
    case = probation_for(world, world.person_a)
    team = set_up(world, case, [leader(world.worker_a), NewMember("village_cadre", "王主任", "M")])
    assert team.members.count() == 2


@pytest.mark.parametrize("who", ["nobody", "county_supervisor", "worker_b"])
def test_the_leader_must_be_a_worker_of_the_persons_justice_office(world: World, who: str) -> None:
    case = probation_for(world, world.person_a)
    user = None if who == "nobody" else getattr(world, who)
    with pytest.raises(CaseworkRejected) as error:
        set_up(world, case, [leader(user), NewMember("family", "张父", "M")])
    assert "组长" in error.value.errors["members"][0]
    assert not Team.objects.exists()


def test_a_team_has_one_leader_only(world: World) -> None:
    case = probation_for(world, world.person_a)
    colleague = member("worker_a2", world.justice_office_a, Role.WORKER)
    set_up(world, case, [leader(world.worker_a)])
    with pytest.raises(CaseworkRejected) as error:
        add_team_member(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            member=leader(colleague),
            joined_on=dt.date(2026, 4, 1),
        )
    assert "一名组长" in error.value.errors["members"][0]


def test_a_team_whose_leader_left_the_office_can_be_repaired(world: World) -> None:
    case = probation_for(world, world.person_a)
    colleague = member("worker_a2", world.justice_office_a, Role.WORKER)
    set_up(world, case, [leader(world.worker_a), NewMember("family", "张父", "M")])
    Membership.objects.filter(user=world.worker_a).update(is_active=False)
    policy.forget_cached_scopes(world.worker_a)
    old = TeamMember.objects.get(role="leader")
    # The team already breaks the leader rule, so removing the old leader is not refused,
    # and the new leader repairs it.
    remove_team_member(
        actor=act(colleague),
        enrollment_uuid=case.uuid,
        member_id=old.pk,
        left_on=dt.date(2026, 5, 1),
    )
    add_team_member(
        actor=act(colleague),
        enrollment_uuid=case.uuid,
        member=leader(colleague),
        joined_on=dt.date(2026, 5, 1),
    )
    active = TeamMember.objects.filter(left_on__isnull=True, role="leader")
    assert [m.user for m in active] == [colleague]


def test_the_team_kind_must_fit_the_program_and_a_case_has_one_team(world: World) -> None:
    case = probation_for(world, world.person_a)
    with pytest.raises(CaseworkRejected) as error:
        set_up_team(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="care",
            members=[leader(world.worker_a)],
            set_up_on=SET_UP,
        )
    assert "矫正小组" in error.value.errors["kind"][0]
    set_up(world, case, [leader(world.worker_a)])
    with pytest.raises(CaseworkRejected) as again:
        set_up(world, case, [leader(world.worker_a)])
    assert "已成立小组" in again.value.errors["kind"][0]


def test_member_fields_are_checked_with_their_position(world: World) -> None:
    case = probation_for(world, world.person_a)
    with pytest.raises(CaseworkRejected) as error:
        set_up(
            world,
            case,
            [leader(world.worker_a), NewMember("cousin", " ", "X", phone="call me")],
        )
    messages = error.value.errors["members"]
    assert len(messages) == 4 and all(m.startswith("第2位成员") for m in messages)

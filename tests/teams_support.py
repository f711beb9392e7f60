"""Helpers for the team page and API tests: a woman's probation case in township A, a team set
up through the action, the posted rows of the set-up form, and a frozen clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from tests.personas import World, person_data
from tests.programs_support import act
from tongxin.people.actions import create_person
from tongxin.programs import actions
from tongxin.programs.models import Enrollment, Team
from tongxin.programs.teams import NewMember, set_up_team

EFFECTIVE = dt.date(2026, 3, 2)
SET_UP = dt.date(2026, 3, 10)
TODAY = dt.date(2026, 6, 1)


def frozen(day: dt.date = TODAY) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0)), tick=False)


def womans_case(world: World) -> Enrollment:
    """刘芳's probation case, run by 东城镇司法所 like person_a's."""
    woman = create_person(
        actor=act(world.worker_a),
        data=person_data("刘芳", world.village_a, dt.date(1992, 5, 1), 41, sex="F"),
    )
    return actions.enroll_person(
        actor=act(world.worker_a),
        person_uuid=woman.uuid,
        program="corrections",
        details={
            "supervision_type": "probation",
            "judgment_effective_on": EFFECTIVE.isoformat(),
            "term_years": 1,
        },
        started_on=EFFECTIVE,
        responsible_worker=world.worker_a,
    )


def leader(world: World) -> NewMember:
    return NewMember(role="leader", name="李所长", sex="M", user=world.worker_a)


def team_of(world: World, case: Enrollment, *members: NewMember) -> Team:
    """The case's team with 李所长 (worker_a) as leader and ``members``, set up on 10 March."""
    return set_up_team(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        kind="correction",
        members=[leader(world), *members],
        set_up_on=SET_UP,
    )


def row(index: int, role: str, name: str, sex: str, phone: str = "", user: Any = None) -> dict:
    """One member row of the set-up form as the browser posts it."""
    return {
        f"member-{index}-role": role,
        f"member-{index}-name": name,
        f"member-{index}-sex": sex,
        f"member-{index}-phone": phone,
        f"member-{index}-user": str(user.pk) if user is not None else "",
    }

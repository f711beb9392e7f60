"""Only the case's own justice staff set up and change its team: another township's 司法所,
civil affairs and the health centre get 404 and change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs.models import Enrollment, Team, TeamMember
from tongxin.programs.teams import NewMember, add_team_member, remove_team_member, set_up_team

OUTSIDERS = ["worker_b", "civil_officer", "health_a"]


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return enroll_probation(world, effective=dt.date(2026, 3, 2))


def leader(world: World) -> NewMember:
    return NewMember(role="leader", name="所长", sex="M", user=world.worker_a)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_set_up_a_team(world: World, case: Enrollment, who: str) -> None:
    with pytest.raises(Http404):
        set_up_team(
            actor=act(getattr(world, who)),
            enrollment_uuid=case.uuid,
            kind="correction",
            members=[leader(world)],
            set_up_on=dt.date(2026, 3, 10),
        )
    assert not Team.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_add_or_remove_members(world: World, case: Enrollment, who: str) -> None:
    set_up_team(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        kind="correction",
        members=[leader(world), NewMember("family", "张父", "M")],
        set_up_on=dt.date(2026, 3, 10),
    )
    father = TeamMember.objects.get(role="family")
    user = getattr(world, who)
    with pytest.raises(Http404):
        add_team_member(
            actor=act(user),
            enrollment_uuid=case.uuid,
            member=NewMember("volunteer", "志愿者", "F"),
            joined_on=dt.date(2026, 4, 1),
        )
    with pytest.raises(Http404):
        remove_team_member(
            actor=act(user),
            enrollment_uuid=case.uuid,
            member_id=father.pk,
            left_on=dt.date(2026, 4, 1),
        )
    assert TeamMember.objects.count() == 2
    father.refresh_from_db()
    assert father.left_on is None

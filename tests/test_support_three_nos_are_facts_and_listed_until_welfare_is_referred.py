"""三无 is stored as facts (each criterion, newest record current), in both senses, and the
list shows people meeting either sense who have no open welfare referral."""

from __future__ import annotations

import datetime as dt

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, allowance_need, on, refer_to_civil_affairs
from tongxin.support import actions
from tongxin.support.figures import three_nos_without_welfare_referral

RELEASED_SENSE = {"no_home": True, "no_relatives": True, "no_work": True}


def listed(user: object) -> list[str]:
    return [person.name for person in three_nos_without_welfare_referral(user)]


def test_people_meeting_either_sense_are_listed_until_a_welfare_referral_opens(
    world: World,
) -> None:
    with on(TODAY):
        actions.record_livelihood_facts(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            recorded_on=TODAY,
            facts=RELEASED_SENSE,
        )
        actions.record_livelihood_facts(
            actor=act(world.worker_b),
            person_uuid=world.person_b.uuid,
            recorded_on=TODAY,
            facts={"cannot_work": True, "no_income": True, "no_supporter": True, "no_home": False},
        )
    assert listed(world.county_supervisor) == ["张东明", "李西平"]
    assert listed(world.worker_a) == ["张东明"]
    assert listed(world.police_a) == []
    assert listed(world.outsider) == []
    refer_to_civil_affairs(world)
    assert listed(world.county_supervisor) == ["李西平"]


def test_two_of_three_criteria_or_a_newer_record_do_not_count(world: World) -> None:
    with on(TODAY):
        actions.record_livelihood_facts(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            recorded_on=TODAY,
            facts={"no_home": True, "no_relatives": True, "no_work": None},
        )
    assert listed(world.worker_a) == []
    later = TODAY + dt.timedelta(days=1)
    with on(later):
        actions.record_livelihood_facts(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            recorded_on=later,
            facts=RELEASED_SENSE,
        )
    assert listed(world.worker_a) == ["张东明"]
    with on(later + dt.timedelta(days=1)):
        actions.record_livelihood_facts(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            recorded_on=later + dt.timedelta(days=1),
            facts={**RELEASED_SENSE, "no_work": False},  # found a job
        )
    assert listed(world.worker_a) == []
    allowance_need(world)  # a need alone is not a referral; nothing changes for the list
    assert listed(world.worker_a) == []

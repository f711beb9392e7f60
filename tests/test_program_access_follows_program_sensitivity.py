"""Who sees which enrollment: lead agencies in their area; police see corrections and reentry
cases where they serve; protected and closed programs stay with their lead agency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, cdc_officer, enroll_probation
from tongxin.access import policy
from tongxin.programs import actions
from tongxin.programs.registry import get_spec


def programs_seen(user: object) -> set[str]:
    return {
        get_spec(code).code
        for code in policy.enrollments_visible_to(user).values_list("program", flat=True)
    }


@pytest.fixture
def cases(world: World) -> dict[str, object]:
    corrections = enroll_probation(world, effective=dt.date(2026, 3, 2))
    mental = actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": 4},
        started_on=dt.date(2026, 4, 1),
    )
    officer = cdc_officer(world)
    hiv = actions.enroll_person(
        actor=act(officer),
        person_uuid=world.patient_a.uuid,
        program="hiv",
        details={"stage": "infected"},
        started_on=dt.date(2026, 1, 5),
    )
    return {"corrections": corrections, "mental": mental, "hiv": hiv, "cdc": officer}


def test_each_persona_sees_exactly_its_programs(world: World, cases: dict) -> None:
    assert programs_seen(world.worker_a) == {"corrections"}
    assert programs_seen(world.county_supervisor) == {"corrections"}
    assert programs_seen(world.police_a) == {"corrections"}
    assert programs_seen(world.procurator) == {"corrections"}
    assert programs_seen(world.health_a) == {"mental_health"}
    assert programs_seen(cases["cdc"]) == {"hiv"}
    for user in (world.worker_b, world.civil_officer, world.outsider):
        assert programs_seen(user) == set()


def test_police_read_the_corrections_person_but_cannot_work_the_case(
    world: World, cases: dict
) -> None:
    assert policy.get_person_for_user(world.police_a, world.person_a.uuid).name == "张东明"
    with pytest.raises(Http404):
        policy.get_enrollment_for_user(world.police_a, cases["corrections"].uuid, write=True)


def test_nobody_outside_health_opens_the_mental_health_or_hiv_case(
    world: World, cases: dict
) -> None:
    for user in (world.worker_a, world.police_a, world.county_supervisor, world.civil_officer):
        for case in (cases["mental"], cases["hiv"]):
            with pytest.raises(Http404):
                policy.get_enrollment_for_user(user, case.uuid)
    with pytest.raises(Http404):
        policy.get_enrollment_for_user(world.health_a, cases["hiv"].uuid)


def test_ended_corrections_case_leaves_the_police_view(world: World, cases: dict) -> None:
    actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=cases["corrections"].uuid,
        transition="terminate",
        on_date=dt.date(2026, 3, 5),
        reason="death",
    )
    assert programs_seen(world.police_a) == set()
    assert programs_seen(world.worker_a) == {"corrections"}  # the file stays with its owner

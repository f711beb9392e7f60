"""Suggested measures come from counters and the absconding clock and are never stored:
absconding ≤10 days → reprimand, >10 days → warning, >1 month → revocation or 收监; two
reprimands → warning; two warnings → revocation; six quiet months → praise may be considered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.programs import actions
from tongxin.programs.lost_contact import flag_lost_contact, mark_found
from tongxin.programs.measures import Suggestion, decide_measure, suggestions_for
from tongxin.programs.models import Enrollment, Measure

EFFECTIVE = dt.date(2026, 3, 2)
REPORTED = dt.date(2026, 3, 9)
SINCE = dt.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 0), tick=False):
        yield


def reported_case(world: World, supervision_type: str = "probation") -> Enrollment:
    return reported_corrections_case(
        world, supervision_type=supervision_type, effective=EFFECTIVE, reported=REPORTED
    )


@pytest.fixture
def case(world: World) -> Enrollment:
    return reported_case(world)


def decide(world: World, case: Enrollment, kind: str, on: dt.date) -> Measure:
    return decide_measure(
        actor=act(world.county_supervisor),
        enrollment_uuid=case.uuid,
        kind=kind,
        decided_on=on,
        reason="违反报告规定",
        evidence="司法所调查笔录",
    )


def absconded(world: World, case: Enrollment) -> None:
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (10, Suggestion("reprimand", "脱离监管不超过10日")),
        (11, Suggestion("warning", "脱离监管超过10日")),
        (30, Suggestion("warning", "脱离监管超过10日")),
        (31, Suggestion("propose_revoke_probation", "脱离监管超过30日")),
    ],
)
def test_the_absconding_clock_climbs_the_ladder(
    world: World, case: Enrollment, days: int, expected: Suggestion
) -> None:
    absconded(world, case)
    assert suggestions_for(case, SINCE + dt.timedelta(days=days)) == [expected]


@pytest.mark.parametrize(
    ("supervision_type", "kind"),
    [
        ("parole", "propose_revoke_parole"),
        ("temporary_outside", "propose_imprison"),
        # 管制 cannot be revoked; beyond a warning comes a public-security punishment.
        ("surveillance", "propose_public_security"),
    ],
)
def test_over_a_month_absconded_suggests_the_step_of_the_supervision_type(
    world: World, supervision_type: str, kind: str
) -> None:
    case = reported_case(world, supervision_type)
    absconded(world, case)
    assert [s.kind for s in suggestions_for(case, SINCE + dt.timedelta(days=31))] == [kind]


def test_a_step_decided_for_this_episode_is_not_suggested_again(
    world: World, case: Enrollment
) -> None:
    absconded(world, case)
    decide(world, case, "reprimand", SINCE + dt.timedelta(days=3))
    assert suggestions_for(case, SINCE + dt.timedelta(days=5)) == []
    assert [s.kind for s in suggestions_for(case, SINCE + dt.timedelta(days=11))] == ["warning"]


def test_once_found_the_clock_suggests_nothing(world: World, case: Enrollment) -> None:
    absconded(world, case)
    episode = case.lost_contacts.get()
    mark_found(actor=act(world.worker_a), episode_uuid=episode.uuid, found_on=SINCE)
    assert suggestions_for(case, SINCE + dt.timedelta(days=20)) == []


def test_two_reprimands_suggest_a_warning_until_one_is_given(
    world: World, case: Enrollment
) -> None:
    decide(world, case, "reprimand", dt.date(2026, 4, 2))
    assert suggestions_for(case, dt.date(2026, 4, 10)) == []
    decide(world, case, "reprimand", dt.date(2026, 5, 6))
    assert suggestions_for(case, dt.date(2026, 5, 7)) == [Suggestion("warning", "2 次训诫仍不改正")]
    decide(world, case, "warning", dt.date(2026, 5, 8))
    assert suggestions_for(case, dt.date(2026, 5, 9)) == []


def test_two_warnings_suggest_revocation_until_it_is_proposed(
    world: World, case: Enrollment
) -> None:
    decide(world, case, "warning", dt.date(2026, 4, 2))
    decide(world, case, "warning", dt.date(2026, 5, 6))
    assert suggestions_for(case, dt.date(2026, 5, 7)) == [
        Suggestion("propose_revoke_probation", "2 次警告仍不改正")
    ]
    decide(world, case, "propose_revoke_probation", dt.date(2026, 5, 8))
    assert suggestions_for(case, dt.date(2026, 5, 9)) == []


def test_praise_may_be_considered_after_six_quiet_months(world: World, case: Enrollment) -> None:
    assert suggestions_for(case, dt.date(2026, 9, 8)) == []
    [suggestion] = suggestions_for(case, dt.date(2026, 9, 9))
    assert suggestion.kind == "praise" and "满6个月" in suggestion.reason


def test_a_sanction_in_the_last_six_months_holds_praise_back(
    world: World, case: Enrollment
) -> None:
    decide(world, case, "reprimand", dt.date(2026, 6, 15))
    assert suggestions_for(case, dt.date(2026, 10, 1)) == []
    assert [s.kind for s in suggestions_for(case, dt.date(2026, 12, 15))] == ["praise"]


def test_suggestions_are_computed_never_stored(world: World, case: Enrollment) -> None:
    absconded(world, case)
    assert suggestions_for(case, SINCE + dt.timedelta(days=40))
    assert not Measure.objects.exists()


def test_a_case_outside_corrections_gets_no_suggestions(world: World) -> None:
    patient = actions.enroll_person(
        actor=act(world.health_a),
        person_uuid=world.patient_a.uuid,
        program="mental_health",
        details={"diagnosis": "bipolar", "risk_level": 0},
        started_on=dt.date(2026, 3, 1),
    )
    assert suggestions_for(patient, dt.date(2026, 12, 1)) == []

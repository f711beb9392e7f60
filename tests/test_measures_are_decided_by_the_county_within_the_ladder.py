"""Rewards and sanctions are decided by the county corrections agency (社区矫正法 arts 9, 28):
the 司法所 investigates but cannot decide; praise waits six months; each proposal fits one
supervision type; a suggestion is kept only when the decider acted on it. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, reported_corrections_case
from tongxin.audit.models import AuditEvent
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.measures import decide_measure, suggestions_for
from tongxin.programs.models import Enrollment, Measure

EFFECTIVE = dt.date(2026, 3, 2)
REPORTED = dt.date(2026, 3, 9)


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


def decide(
    world: World,
    case: Enrollment,
    kind: str,
    on: dt.date,
    *,
    user: object = None,
    evidence: str = "司法所调查笔录",
    suggestion: str = "",
) -> Measure:
    return decide_measure(
        actor=act(user or world.county_supervisor),
        enrollment_uuid=case.uuid,
        kind=kind,
        decided_on=on,
        reason="未经批准离开县境三日",
        evidence=evidence,
        suggestion=suggestion,
    )


def test_the_county_supervisor_decides_a_reprimand_with_encrypted_evidence(
    world: World, case: Enrollment
) -> None:
    measure = decide(world, case, "reprimand", dt.date(2026, 4, 2), evidence="出行记录与询问笔录")
    assert measure.decided_by == world.county_supervisor and measure.suggestion == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT evidence FROM programs_measure")
        assert "笔录" not in cursor.fetchone()[0]
    event = AuditEvent.objects.get(action="measure.decide", subject_id=str(case.uuid))
    assert event.details["kind"] == "reprimand"
    assert "笔录" not in str(event.details)


def test_a_township_worker_is_told_the_county_decides(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        decide(world, case, "warning", dt.date(2026, 4, 2), user=world.worker_a)
    assert "县级社区矫正机构" in error.value.errors["__all__"][0]
    assert not Measure.objects.exists()


@pytest.mark.parametrize("who", ["worker_b", "civil_officer", "health_a"])
def test_other_townships_and_agencies_get_404(world: World, case: Enrollment, who: str) -> None:
    with pytest.raises(Http404):
        decide(world, case, "reprimand", dt.date(2026, 4, 2), user=getattr(world, who))
    assert not Measure.objects.exists()


def test_a_sanction_needs_a_reason_and_evidence(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        decide_measure(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            kind="warning",
            decided_on=dt.date(2026, 4, 2),
            reason=" ",
            evidence="",
        )
    assert set(error.value.errors) == {"reason", "evidence"}
    assert not Measure.objects.exists()


def test_praise_is_refused_before_six_months_in_correction(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        decide(world, case, "praise", dt.date(2026, 9, 8), evidence="")
    assert "2026-09-09" in error.value.errors["kind"][0]
    praise = decide(world, case, "praise", dt.date(2026, 9, 9), evidence="")
    assert praise.kind == "praise" and praise.evidence is None


@pytest.mark.parametrize(
    ("supervision_type", "allowed", "refused"),
    [
        ("probation", "propose_revoke_probation", ["propose_revoke_parole", "propose_imprison"]),
        ("parole", "propose_revoke_parole", ["propose_revoke_probation", "propose_imprison"]),
        (
            "temporary_outside",
            "propose_imprison",
            ["propose_revoke_probation", "propose_revoke_parole"],
        ),
    ],
)
def test_each_proposal_fits_one_supervision_type(
    world: World, supervision_type: str, allowed: str, refused: list[str]
) -> None:
    case = reported_case(world, supervision_type)
    for kind in refused:
        with pytest.raises(CaseworkRejected) as error:
            decide(world, case, kind, dt.date(2026, 6, 1))
        assert "只适用于" in error.value.errors["kind"][0]
    assert decide(world, case, allowed, dt.date(2026, 6, 1)).kind == allowed


def test_the_suggestion_is_kept_only_when_the_decider_acted_on_it(
    world: World, case: Enrollment
) -> None:
    decide(world, case, "reprimand", dt.date(2026, 4, 2))
    decide(world, case, "reprimand", dt.date(2026, 5, 6))
    [suggestion] = suggestions_for(case, dt.date(2026, 5, 20))
    assert (suggestion.kind, suggestion.reason) == ("warning", "2 次训诫仍不改正")
    # A third reprimand is not what was suggested: the suggestion is not stored with it.
    third = decide(world, case, "reprimand", dt.date(2026, 5, 20), suggestion=suggestion.reason)
    assert third.suggestion == ""
    warning = decide(world, case, "warning", dt.date(2026, 5, 21), suggestion=suggestion.reason)
    assert warning.suggestion == "2 次训诫仍不改正"
    assert AuditEvent.objects.filter(action="measure.decide").last().details["acted_on_suggestion"]


def test_an_ended_case_takes_no_more_measures(world: World, case: Enrollment) -> None:
    actions.transition_enrollment(
        actor=act(world.worker_a),
        enrollment_uuid=case.uuid,
        transition="terminate",
        on_date=dt.date(2026, 6, 1),
        reason="death",
    )
    with pytest.raises(CaseworkRejected):
        decide(world, case, "reprimand", dt.date(2026, 6, 1))

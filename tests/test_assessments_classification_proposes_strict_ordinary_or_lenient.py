"""Corrections classification (分类管理, a provincial example [L]): strict for a new case, high
risk, two reprimands or a warning, a police punishment or a failed assessment; lenient after
six months in ordinary with a score of 80, three praises in a row, or low risk. A proposal is
filed only when the level would change. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
import time_machine
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.assessments import (
    AssessmentOutcome,
    ClassificationInputs,
    classify,
    record_classification_assessment,
)
from tongxin.programs.measures import decide_measure
from tongxin.programs.models import Approval, Assessment, Enrollment
from tongxin.programs.specs import corrections

REPORTED = dt.date(2026, 3, 9)
SETTLED = ClassificationInputs(
    months_since_entry=4,
    reoffending_risk="medium",
    reprimands=0,
    warnings=0,
    public_security_penalty=False,
    failed_assessment=False,
    praises_in_a_row=0,
    months_in_ordinary=2,
    average_quarterly_score=70,
)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 0), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    case = enroll_probation(world, effective=dt.date(2026, 3, 2), years=2)
    actions.transition_enrollment(
        actor=act(world.worker_a), enrollment_uuid=case.uuid, transition="report", on_date=REPORTED
    )
    case.refresh_from_db()
    return case


def to_ordinary(world: World, case: Enrollment, on: dt.date) -> None:
    actions.change_level(
        actor=act(world.county_supervisor),
        enrollment_uuid=case.uuid,
        level="ordinary",
        reason="入矫满两个月,表现良好",
        effective_on=on,
    )


def classify_case(
    world: World,
    case: Enrollment,
    on: dt.date,
    *,
    risk: str = "medium",
    score: float | None = None,
    user: object = None,
) -> AssessmentOutcome:
    return record_classification_assessment(
        actor=act(user or world.worker_a),
        enrollment_uuid=case.uuid,
        assessed_on=on,
        reoffending_risk=risk,
        public_security_penalty=False,
        failed_assessment=False,
        average_quarterly_score=score,
    )


def praise(world: World, case: Enrollment, on: dt.date) -> None:
    decide_measure(
        actor=act(world.county_supervisor),
        enrollment_uuid=case.uuid,
        kind="praise",
        decided_on=on,
        reason="认罪悔罪,遵纪守法,积极参加公益活动",
        evidence="",
    )


def test_a_new_case_is_assessed_strict_and_already_strict_needs_no_proposal(
    world: World, case: Enrollment
) -> None:
    outcome = classify_case(world, case, dt.date(2026, 4, 1))
    assert outcome.assessment.proposed_level == "strict"
    assert outcome.assessment.inputs["months_since_entry"] == 0
    assert "入矫不满2个月" in outcome.assessment.inputs["reasons"]
    assert outcome.proposal is None and not Approval.objects.exists()


def test_a_new_case_at_ordinary_gets_a_strict_proposal_for_the_county(
    world: World, case: Enrollment
) -> None:
    to_ordinary(world, case, dt.date(2026, 4, 1))
    outcome = classify_case(world, case, dt.date(2026, 4, 20))
    proposal = outcome.proposal
    assert proposal is not None
    assert proposal.payload["level"] == "strict" and proposal.approver_level == "justice_bureau"
    assert proposal.steps_required == 1 and proposal.status == "submitted"
    assert "入矫不满2个月" in proposal.payload["reason"]


def test_three_praises_in_a_row_propose_lenient(world: World, case: Enrollment) -> None:
    to_ordinary(world, case, dt.date(2026, 5, 10))
    for day in (dt.date(2026, 9, 10), dt.date(2026, 10, 10), dt.date(2026, 11, 10)):
        praise(world, case, day)
    # Six months in ordinary but a score under 80: only the praises make it lenient.
    outcome = classify_case(world, case, dt.date(2026, 11, 20), score=75)
    assert outcome.assessment.inputs["praises_in_a_row"] == 3
    assert outcome.assessment.inputs["months_in_ordinary"] == 6
    assert outcome.assessment.inputs["reasons"] == ["连续3次受到表扬"]
    assert outcome.proposal is not None and outcome.proposal.payload["level"] == "lenient"


def test_two_praises_and_a_middling_score_stay_ordinary(world: World, case: Enrollment) -> None:
    to_ordinary(world, case, dt.date(2026, 5, 10))
    praise(world, case, dt.date(2026, 9, 10))
    praise(world, case, dt.date(2026, 10, 10))
    outcome = classify_case(world, case, dt.date(2026, 11, 20), score=75)
    assert outcome.assessment.proposed_level == "ordinary" and outcome.proposal is None


def test_a_warning_in_the_window_proposes_strict(world: World, case: Enrollment) -> None:
    to_ordinary(world, case, dt.date(2026, 5, 10))
    decide_measure(
        actor=act(world.county_supervisor),
        enrollment_uuid=case.uuid,
        kind="warning",
        decided_on=dt.date(2026, 7, 1),
        reason="未按时报告",
        evidence="司法所调查笔录",
    )
    outcome = classify_case(world, case, dt.date(2026, 8, 1))
    assert outcome.assessment.inputs["warnings"] == 1
    assert outcome.proposal is not None and outcome.proposal.payload["level"] == "strict"


def test_an_open_proposal_blocks_a_second_one(world: World, case: Enrollment) -> None:
    to_ordinary(world, case, dt.date(2026, 4, 1))
    classify_case(world, case, dt.date(2026, 4, 20))
    again = classify_case(world, case, dt.date(2026, 4, 27), risk="high")
    assert again.proposal is None and "正在审批" in again.notice
    assert Approval.objects.count() == 1 and Assessment.objects.count() == 2


RULES = corrections.SPEC.rules()


@pytest.mark.parametrize(
    ("change", "level"),
    [
        ({}, "ordinary"),
        ({"months_since_entry": 1}, "strict"),
        ({"reoffending_risk": "high"}, "strict"),
        ({"reprimands": 1}, "ordinary"),
        ({"reprimands": 2}, "strict"),
        ({"warnings": 1}, "strict"),
        ({"public_security_penalty": True}, "strict"),
        ({"failed_assessment": True}, "strict"),
        ({"months_in_ordinary": 6, "average_quarterly_score": 79.5}, "ordinary"),
        ({"months_in_ordinary": 6, "average_quarterly_score": 80}, "lenient"),
        ({"months_in_ordinary": 5, "average_quarterly_score": 95}, "ordinary"),
        ({"praises_in_a_row": 3}, "lenient"),
        ({"reoffending_risk": "low"}, "lenient"),
        ({"reoffending_risk": "low", "warnings": 1}, "strict"),
    ],
)
def test_classification_thresholds(change: dict, level: str) -> None:
    assert classify(replace(SETTLED, **change), RULES)[0] == level


def test_a_case_that_has_not_reported_is_not_classified(world: World) -> None:
    pending = enroll_probation(world, effective=dt.date(2026, 3, 2))
    with pytest.raises(CaseworkRejected) as error:
        classify_case(world, pending, dt.date(2026, 3, 5))
    assert "尚未报到" in error.value.errors["__all__"][0]


def test_bad_inputs_are_refused_with_their_fields(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        classify_case(world, case, dt.date(2027, 1, 5), risk="unknown", score=120)
    assert set(error.value.errors) == {"reoffending_risk", "average_quarterly_score", "assessed_on"}


@pytest.mark.parametrize("who", ["worker_b", "civil_officer", "health_a"])
def test_other_townships_and_agencies_get_404(world: World, case: Enrollment, who: str) -> None:
    with pytest.raises(Http404):
        classify_case(world, case, dt.date(2026, 4, 1), user=getattr(world, who))
    assert not Assessment.objects.exists()

"""Through the API a worker records a classification and a doctor a risk assessment; each
answer carries the level it leads to and the proposal it filed. The list gives the inputs and
proposals to the staff who work the case, and to its readers only the date, kind and result.
Refusals answer 422 naming the fields in Chinese and save nothing; every list writes one
AccessEvent naming the case. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.api_programs_support import access_seq, access_since, audit_seq, case_url
from tests.api_support import caller
from tests.approvals_support import active_probation
from tests.assessments_support import NOTES, patient_case
from tests.personas import World
from tongxin.programs.models import Approval, Assessment, Enrollment


@pytest.fixture(autouse=True)
def _chinese_on_a_frozen_day() -> Iterator[None]:
    translation.activate("zh-hans")
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return active_probation(world)


CLASSIFICATION = {
    "assessed_on": "2026-05-20",
    "reoffending_risk": "low",
    "notes": "认罪悔罪,家庭支持良好",
}


def errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    found: dict[str, list[str]] = response.json()["errors"]
    return found


def test_a_classification_is_recorded_with_its_proposal(world: World, case: Enrollment) -> None:
    response = caller(world.worker_a).post(
        case_url(case, "assessments/classification"), CLASSIFICATION
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assessment = body["assessment"]
    assert (
        assessment["kind"],
        assessment["proposed_level"],
        assessment["proposed_level_label"],
    ) == (
        "classification",
        "lenient",
        "宽管",
    )
    assert assessment["inputs"]["reasons"] == ["综合评估为低风险"]
    assert assessment["inputs"]["months_since_entry"] == 2
    proposal = Approval.objects.get(enrollment=case)
    assert assessment["proposal"] == {
        "uuid": str(proposal.uuid),
        "level": "lenient",
        "level_label": "宽管",
        "status": "submitted",
        "status_label": "待审核",
    }
    assert body["notice"] == ""


def test_the_list_gives_readers_the_result_and_the_staff_the_grounds(
    world: World, case: Enrollment
) -> None:
    caller(world.worker_a).post(case_url(case, "assessments/classification"), CLASSIFICATION)
    for staff in ("worker_a", "county_supervisor"):
        [item] = caller(getattr(world, staff)).get(case_url(case, "assessments")).json()["items"]
        assert item["inputs"]["notes"] == "认罪悔罪,家庭支持良好"
        assert item["proposal"]["status"] == "submitted"
    for reader in ("police_a", "procurator"):
        body = caller(getattr(world, reader)).get(case_url(case, "assessments")).json()
        [item] = body["items"]
        assert (item["assessed_on"], item["proposed_level_label"]) == ("2026-05-20", "宽管")
        assert item["inputs"] is None and item["proposal"] is None
        assert "认罪悔罪" not in str(body)


def test_listing_writes_one_access_event_naming_the_case(world: World, case: Enrollment) -> None:
    before = access_seq()
    response = caller(world.procurator).get(case_url(case, "assessments"))
    assert response.json() == {"case": str(case.uuid), "items": []}
    [event] = access_since(before)
    assert (event.action, event.object_ids) == ("assessment.list", [str(case.uuid)])


def test_refused_classifications_name_their_fields_and_save_nothing(
    world: World, case: Enrollment
) -> None:
    api = caller(world.worker_a)  # issuing the token is audited too
    before = audit_seq()
    response = api.post(
        case_url(case, "assessments/classification"),
        {
            "assessed_on": "2026-06-02",
            "reoffending_risk": "unknown",
            "average_quarterly_score": 120,
        },
    )
    assert errors(response) == {
        "reoffending_risk": ["请选择再犯罪风险评估结果:高、中或低。"],
        "average_quarterly_score": ["季度考核平均分应在 0 到 100 之间。"],
        "assessed_on": ["评估日期不能晚于今天。"],
    }
    assert not Assessment.objects.exists() and audit_seq() == before


def test_a_risk_assessment_is_for_mental_health_cases_only(world: World, case: Enrollment) -> None:
    response = caller(world.worker_a).post(
        case_url(case, "assessments/risk"),
        {
            "assessed_on": "2026-05-20",
            "risk_level": 2,
            "symptoms_controlled": True,
            "insight_good": True,
            "social_function_good": True,
        },
    )
    assert errors(response) == {"__all__": ["此评估不适用于该项目。"]}
    assert not Assessment.objects.exists()


def test_a_doctor_records_a_risk_assessment_of_three(world: World) -> None:
    patient = patient_case(world)
    response = caller(world.health_a).post(
        case_url(patient, "assessments/risk"),
        {
            "assessed_on": "2026-05-28",
            "risk_level": 3,
            "symptoms_controlled": False,
            "insight_good": True,
            "social_function_good": True,
            "notes": NOTES,
        },
    )
    assert response.status_code == 201, response.content
    assessment = response.json()["assessment"]
    assert (assessment["risk_level"], assessment["proposed_level_label"]) == (3, "病情不稳定")
    assert assessment["proposal"]["level"] == "unstable"
    assert assessment["inputs"]["notes"] == NOTES
    patient.refresh_from_db()
    assert (patient.risk_level, patient.level) == (3, "basically_stable")


def test_a_risk_level_outside_zero_to_five_is_refused(world: World) -> None:
    patient = patient_case(world)
    response = caller(world.health_a).post(
        case_url(patient, "assessments/risk"),
        {
            "assessed_on": "2026-05-28",
            "risk_level": 7,
            "symptoms_controlled": True,
            "insight_good": True,
            "social_function_good": True,
        },
    )
    assert errors(response) == {"risk_level": ["危险性等级应为 0 到 5 级。"]}
    patient.refresh_from_db()
    assert patient.risk_level == 1 and not Assessment.objects.exists()

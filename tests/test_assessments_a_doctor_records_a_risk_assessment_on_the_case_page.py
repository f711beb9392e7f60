"""The township doctor records a risk assessment (危险性评估) from the patient's case page. The
form lists the six national definitions as its choices. A risk of 3 writes the risk level,
leaves the management level alone and files a level-change proposal ("病情不稳定") that the
assessment list shows with its approval status; a form without a level, or dated tomorrow, is
refused in the assessment section with the input kept and nothing saved. Frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.assessments_support import NOTES, patient_case, risk_form
from tests.personas import World
from tongxin.programs.models import Approval, Assessment, Enrollment
from tongxin.programs.specs import mental_health


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return patient_case(world)


@pytest.fixture
def doctor(client: Client, world: World) -> Client:
    client.force_login(world.health_a)
    return client


def assessment_section(html: str) -> str:
    return html[html.index('id="assessments"') :]


def test_the_form_offers_the_national_definitions(doctor: Client, case: Enrollment) -> None:
    html = doctor.get(reverse("programs:case", args=[case.uuid])).content.decode()
    section = assessment_section(html)
    assert reverse("programs:record_risk_assessment", args=[case.uuid]) in section
    for definition in mental_health.RISK_LEVELS.values():
        assert str(definition) in section
    assert 'type="radio" name="risk_level" value="3"' in section


def test_risk_three_is_recorded_and_its_proposal_is_listed_with_its_approval(
    doctor: Client, case: Enrollment
) -> None:
    response = doctor.post(
        reverse("programs:record_risk_assessment", args=[case.uuid]), risk_form(3)
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.risk_level, case.level) == (3, "basically_stable")
    proposal = Approval.objects.get(enrollment=case)
    assert (proposal.kind, proposal.status, proposal.payload["level"]) == (
        "level_change",
        "submitted",
        "unstable",
    )

    page = doctor.get(response["Location"]).content.decode()
    assert "已记录危险性评估,建议调整为“病情不稳定”,已提交审批。" in page
    section = assessment_section(page)
    assert "2026-05-28" in section and "危险性 3 级 · 病情不稳定" in section
    assert "建议调整为“病情不稳定”" in section
    assert f'href="/approvals/{proposal.uuid}/">待审核</a>' in section
    assert NOTES in section


def test_while_the_proposal_waits_a_second_assessment_says_so(
    doctor: Client, case: Enrollment
) -> None:
    url = reverse("programs:record_risk_assessment", args=[case.uuid])
    doctor.post(url, risk_form(3))
    response = doctor.post(url, risk_form(0))
    page = doctor.get(response["Location"]).content.decode()
    assert "已有一项管理等级调整申请正在审批,本次评估未另行提出" in page
    assert Assessment.objects.filter(enrollment=case).count() == 2
    assert Approval.objects.filter(enrollment=case).count() == 1


def test_a_form_without_a_level_is_refused_in_place(doctor: Client, case: Enrollment) -> None:
    response = doctor.post(
        reverse("programs:record_risk_assessment", args=[case.uuid]), risk_form("")
    )
    assert response.status_code == 200
    section = assessment_section(response.content.decode())
    assert "请选择危险性等级(0 到 5 级)。" in section
    assert NOTES in section  # the notes are kept to send again
    assert not Assessment.objects.exists() and not Approval.objects.exists()


def test_an_assessment_dated_tomorrow_is_refused_on_its_date(
    doctor: Client, case: Enrollment
) -> None:
    response = doctor.post(
        reverse("programs:record_risk_assessment", args=[case.uuid]),
        risk_form(3, assessed_on="2026-06-02"),
    )
    section = assessment_section(response.content.decode())
    date_field = section[section.index('id="id_risk_assessed_on"') :]
    assert "评估日期不能晚于今天。" in date_field[: date_field.index("</div>")]
    case.refresh_from_db()
    assert case.risk_level == 1 and not Assessment.objects.exists()

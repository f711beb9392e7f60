"""A doctor's risk assessment of a mental-health patient stays with the health centre. After a
risk of 3 is recorded (with notes, and a proposal to "病情不稳定"), the police, the justice staff
and the procuratorate find nothing of it on any page or API read: not the diagnosis, the
assessment, its notes, the proposed level or the patient. The one thing the police get is what
the design gives them: the risk alert with the level and the doctor, never the diagnosis."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import CASES, QUEUE, case_url
from tests.api_support import caller
from tests.assessments_support import DIAGNOSIS, NOTES, patient_case, risk_form
from tests.personas import World
from tests.teams_support import frozen
from tongxin.programs.models import Enrollment

OTHERS = ["police_a", "worker_a", "county_supervisor", "procurator"]
HEALTH_ONLY = (DIAGNOSIS, NOTES, "危险性评估", "病情不稳定", "危险性 3 级", "schizophrenia")


@pytest.fixture
def assessed(world: World) -> Enrollment:
    doctor = Client()
    doctor.force_login(world.health_a)
    with frozen():
        patient = patient_case(world)
        response = doctor.post(
            reverse("programs:record_risk_assessment", args=[patient.uuid]), risk_form(3)
        )
    assert response.status_code == 302
    # The doctor's own page does show it, so the strings below are the ones to look for.
    with frozen():
        page = doctor.get(reverse("programs:case", args=[patient.uuid])).content.decode()
    assert DIAGNOSIS in page and NOTES in page and "危险性 3 级 · 病情不稳定" in page
    return patient


@pytest.mark.parametrize("persona", OTHERS)
def test_no_page_or_api_read_shows_the_assessment(
    world: World, assessed: Enrollment, persona: str
) -> None:
    user = getattr(world, persona)
    client = Client()
    client.force_login(user)
    api = caller(user)
    with frozen():
        case_page = client.get(reverse("programs:case", args=[assessed.uuid]))
        person_page = client.get(reverse("people:detail", args=[world.patient_a.uuid]))
        pages = [
            client.get(reverse("people:list")),
            client.get(reverse("programs:queue")),
        ]
        reads = [
            api.get(case_url(assessed)),
            api.get(case_url(assessed, "assessments")),
            api.get(case_url(assessed, "team")),
        ]
        lists = [api.get(CASES), api.get(QUEUE)]
    assert case_page.status_code == 404 and person_page.status_code == 404
    assert all(read.status_code == 404 for read in reads), persona
    for response in [case_page, person_page, *pages, *reads, *lists]:
        body = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            body = json.dumps(response.json(), ensure_ascii=False)
        assert not [text for text in HEALTH_ONLY if text in body], (persona, response)
        assert "王静" not in body, (persona, response)
    for response in [*reads, *lists]:
        assert str(assessed.uuid) not in response.content.decode(), persona


def test_the_police_risk_alert_gives_the_level_and_the_doctor_only(
    world: World, assessed: Enrollment
) -> None:
    police = Client()
    police.force_login(world.police_a)
    with frozen():
        html = police.get(reverse("programs:risk_alerts")).content.decode()
    assert "王静" in html and '<span class="badge danger">3 级</span>' in html
    assert "东城镇卫生院" in html
    assert not [text for text in HEALTH_ONLY if text in html]


def test_the_justice_office_gets_no_risk_alert(world: World, assessed: Enrollment) -> None:
    client = Client()
    client.force_login(world.worker_a)
    with frozen():
        html = client.get(reverse("programs:risk_alerts")).content.decode()
    assert "王静" not in html and "您的辖区内暂无风险提示。" in html

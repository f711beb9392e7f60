"""Every assessment route, web and API, used by every persona does what
tests/permission_matrix.py says. On person_a's probation case the staff who work it record a
classification (and are told a risk assessment does not apply), readers list the results, and
another township, another agency or nobody get 404 with nothing of the case and change
nothing. On patient_a's mental-health case only the township health centre lists and records
assessments: the police, the justice staff and the procuratorate get 404 like a stranger."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_programs_support import case_url
from tests.api_support import caller
from tests.approvals_support import active_probation
from tests.assessments_support import NOTES, patient_case, risk_form
from tests.permission_matrix import CASE_A, ROUTES
from tests.personas import World
from tests.teams_support import frozen
from tongxin.audit.models import AuditEvent
from tongxin.programs.models import Assessment, Enrollment

ASSESSMENT_KINDS = ("assessment_action", "assessment_read", "assessment_write")
NOT_APPLICABLE = "此评估不适用于该项目。"
# Who may read / work patient_a's mental-health case (东城镇卫生院): its health lead only.
PATIENT_A: dict[str, tuple[bool, bool]] = {
    persona: (persona == "health_a", persona == "health_a") for persona in CASE_A
}
CLASSIFICATION = {"assessed_on": "2026-05-20", "reoffending_risk": "medium"}
RISK = {
    "assessed_on": "2026-05-28",
    "risk_level": 3,
    "symptoms_controlled": True,
    "insight_good": True,
    "social_function_good": True,
    "notes": NOTES,
}
WEB = {
    "programs:record_classification": CLASSIFICATION,
    "programs:record_risk_assessment": risk_form(3),
}


def api_calls(case: Enrollment) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        "api:list_case_assessments": ("get", case_url(case, "assessments"), {}),
        "api:record_case_classification": (
            "post",
            case_url(case, "assessments/classification"),
            CLASSIFICATION,
        ),
        "api:record_case_risk_assessment": ("post", case_url(case, "assessments/risk"), RISK),
    }


def changes_by(user: Any) -> int:
    return AuditEvent.objects.filter(actor=user).count()


def test_every_assessment_route_is_called_here(world: World) -> None:
    routes = {route for route, kind in ROUTES.items() if kind in ASSESSMENT_KINDS}
    case = active_probation(world)
    assert routes == set(WEB) | set(api_calls(case))


@pytest.mark.parametrize("persona", sorted(CASE_A))
def test_on_a_probation_case_every_persona_gets_what_the_matrix_says(
    world: World, persona: str
) -> None:
    user = getattr(world, persona)
    may_read, may_work = CASE_A[persona]
    case = active_probation(world)
    client = Client()
    client.force_login(user)
    api = caller(user)
    changes = changes_by(user)
    with frozen():
        web = {
            route: client.post(reverse(route, args=[case.uuid]), data)
            for route, data in WEB.items()
        }
        rest = {
            route: getattr(api, method)(path, body)
            for route, (method, path, body) in api_calls(case).items()
        }
    for route, response in {**web, **rest}.items():
        body = response.content.decode()
        allowed = may_read if ROUTES[route] == "assessment_read" else may_work
        if not allowed:
            assert response.status_code == 404, (persona, route, response.status_code)
            assert "张东明" not in body, (persona, route)
            if route.startswith("api:"):
                # (A web 404 page carries the path that was asked for in its language form.)
                assert str(case.uuid) not in body, (persona, route)
    if may_work:
        assert web["programs:record_classification"].status_code == 302
        refused = web["programs:record_risk_assessment"]
        assert refused.status_code == 200 and NOT_APPLICABLE in refused.content.decode()
        assert rest["api:record_case_classification"].status_code == 201
        assert rest["api:record_case_risk_assessment"].status_code == 422
        assert rest["api:record_case_risk_assessment"].json()["errors"] == {
            "__all__": [NOT_APPLICABLE]
        }
        assert Assessment.objects.filter(enrollment=case).count() == 2
    else:
        assert not Assessment.objects.exists() and changes_by(user) == changes
    if may_read:
        listed = rest["api:list_case_assessments"]
        assert listed.status_code == 200 and str(case.uuid) in listed.content.decode()


@pytest.mark.parametrize("persona", sorted(PATIENT_A))
def test_on_a_mental_health_case_only_its_health_lead_assesses(world: World, persona: str) -> None:
    user = getattr(world, persona)
    may_read, may_work = PATIENT_A[persona]
    patient = patient_case(world)
    client = Client()
    client.force_login(user)
    api = caller(user)
    changes = changes_by(user)
    with frozen(dt.date(2026, 6, 1)):
        web = client.post(
            reverse("programs:record_risk_assessment", args=[patient.uuid]), risk_form(3)
        )
        listed = api.get(case_url(patient, "assessments"))
        recorded = api.post(case_url(patient, "assessments/risk"), RISK)
    if may_work:
        assert (web.status_code, listed.status_code, recorded.status_code) == (302, 200, 201)
        assert Assessment.objects.filter(enrollment=patient).count() == 2
        return
    for response in (web, listed, recorded):
        body = response.content.decode()
        assert response.status_code == 404, (persona, response.status_code)
        assert "王静" not in body and NOTES not in body
    assert str(patient.uuid) not in listed.content.decode() + recorded.content.decode()
    assert not Assessment.objects.exists() and changes_by(user) == changes
    patient.refresh_from_db()
    assert patient.risk_level == 1
    assert not may_read

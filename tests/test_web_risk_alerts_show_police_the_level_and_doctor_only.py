"""The police risk alert (domain-rules §3.3): the 派出所 sees patients of risk level 3 and
above who live where it serves — name, place, level, the responsible doctor and the owner's
phone — and nothing else: no diagnosis, no program name, no notes, nothing about HIV, on any
page the officer opens. Nobody but the police gets an alert."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World, member, person_data
from tests.programs_support import act, cdc_officer, enroll_probation
from tongxin.access import policy
from tongxin.audit.models import AccessEvent
from tongxin.organisation.models import Agency, AgencyKind, Role
from tongxin.people.actions import create_person
from tongxin.programs import actions
from tongxin.programs.models import Enrollment
from tongxin.programs.registry import get_spec

FORBIDDEN = ("精神分裂症", "schizophrenia", "精神", "艾滋", "HIV", "hiv", "感染者", "随访")


def patient_case(world: World, person: Any, risk: int, doctor: Any) -> Enrollment:
    return actions.enroll_person(
        actor=act(doctor),
        person_uuid=person.uuid,
        program="mental_health",
        details={"diagnosis": "schizophrenia", "risk_level": risk, "guardian_name": "王父"},
        started_on=dt.date(2026, 4, 1),
        responsible_worker=doctor,
    )


@pytest.fixture
def cases(world: World) -> dict[str, Any]:
    world.health_a.first_name = "刘医生"
    world.health_a.save()
    Agency.objects.filter(pk=world.health_centre_a.pk).update(phone="0571-8800 1234")
    high = patient_case(world, world.patient_a, 4, world.health_a)
    officer = cdc_officer(world)
    hiv = actions.enroll_person(
        actor=act(officer),
        person_uuid=world.patient_a.uuid,
        program="hiv",
        details={"stage": "aids"},
        started_on=dt.date(2026, 1, 5),
    )
    low_person = create_person(
        actor=act(world.health_a),
        data=person_data("赵平", world.village_a, dt.date(1970, 1, 8), 51),
    )
    low = patient_case(world, low_person, 2, world.health_a)
    corrections = enroll_probation(world, effective=dt.date(2026, 3, 2))
    return {"high": high, "hiv": hiv, "low": low, "corrections": corrections}


def test_the_police_station_sees_the_high_risk_patient_with_level_and_doctor(
    client: Client, world: World, cases: dict[str, Any]
) -> None:
    client.force_login(world.police_a)
    before = AccessEvent.objects.count()
    html = client.get(reverse("programs:risk_alerts")).content.decode()
    assert "王静" in html and "东城镇 · 东城村" in html
    assert "4 级" in html and "刘医生" in html
    assert "东城镇卫生院" in html and "0571-8800 1234" in html
    assert "赵平" not in html  # risk 2 is below the alert threshold
    assert f'href="{reverse("programs:risk_alerts")}"' in html  # the nav item
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_type, e.object_ids) for e in events] == [
        ("risk_alert.view", "enrollment", [str(cases["high"].uuid)])
    ]


def test_no_police_page_says_anything_about_diagnosis_program_notes_or_hiv(
    client: Client, world: World, cases: dict[str, Any]
) -> None:
    client.force_login(world.police_a)
    pages = {
        "home": reverse("people:home"),
        "people": reverse("people:list"),
        "person_a": reverse("people:detail", args=[world.person_a.uuid]),
        "corrections case": reverse("programs:case", args=[cases["corrections"].uuid]),
        "queue": reverse("programs:queue"),
        "risk alerts": reverse("programs:risk_alerts"),
    }
    keyed_hiv_code = get_spec("hiv").storage_code
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        for word in (*FORBIDDEN, keyed_hiv_code, "王父"):
            assert word not in html, (name, word)
    for case in (cases["high"], cases["hiv"]):
        assert client.get(reverse("programs:case", args=[case.uuid])).status_code == 404
    assert client.get(reverse("people:detail", args=[world.patient_a.uuid])).status_code == 404


def test_the_corrections_case_is_read_only_for_the_police(
    client: Client, world: World, cases: dict[str, Any]
) -> None:
    client.force_login(world.police_a)
    html = client.get(reverse("programs:case", args=[cases["corrections"].uuid])).content.decode()
    assert "张东明" in html and "社区矫正" in html and "只读" in html
    assert '<form method="post" action="/cases/' not in html
    assert "缓刑" not in html  # the program details are casework, not for readers


def test_a_lowered_or_ended_case_leaves_the_alert(world: World, cases: dict[str, Any]) -> None:
    def set_risk(risk: int, level: str) -> None:
        actions.change_level(
            actor=act(world.health_a),
            enrollment_uuid=cases["high"].uuid,
            level=level,
            risk_level=risk,
            reason=f"复评危险性 {risk} 级",
            effective_on=dt.date(2026, 5, 1),
        )

    set_risk(1, "basically_stable")
    assert policy.risk_alerts_visible_to(world.police_a) == []
    set_risk(3, "unstable")
    assert [a.risk_level for a in policy.risk_alerts_visible_to(world.police_a)] == [3]
    actions.transition_enrollment(
        actor=act(world.health_a),
        enrollment_uuid=cases["high"].uuid,
        transition="end",
        reason="moved_away",
        on_date=dt.date(2026, 5, 2),
    )
    assert policy.risk_alerts_visible_to(world.police_a) == []


def test_a_patient_of_another_township_is_not_alerted_here(world: World) -> None:
    health_b = Agency.objects.create(
        name="西山乡卫生院", kind=AgencyKind.TOWNSHIP_HEALTH_CENTRE, region=world.town_b
    )
    doctor_b = member("doctor_b", health_b, Role.WORKER)
    patient_b = create_person(
        actor=act(doctor_b), data=person_data("钱山", world.village_b, dt.date(1988, 2, 2), 61)
    )
    patient_case(world, patient_b, 5, doctor_b)
    assert policy.risk_alerts_visible_to(world.police_a) == []
    bureau = Agency.objects.create(
        name="测试县公安局", kind=AgencyKind.POLICE_BUREAU, region=world.county
    )
    county_officer = member("county_officer", bureau, Role.VIEWER)
    assert [a.person_name for a in policy.risk_alerts_visible_to(county_officer)] == ["钱山"]


@pytest.mark.parametrize(
    "persona",
    ["worker_a", "county_supervisor", "health_a", "civil_officer", "procurator", "outsider"],
)
def test_nobody_but_the_police_gets_an_alert(
    client: Client, world: World, cases: dict[str, Any], persona: str
) -> None:
    user = getattr(world, persona)
    assert policy.risk_alerts_visible_to(user) == []
    client.force_login(user)
    html = client.get(reverse("programs:risk_alerts")).content.decode()
    assert "王静" not in html
    home = client.get(reverse("people:home")).content.decode()
    assert f'href="{reverse("programs:risk_alerts")}"' not in home  # no nav item either


def test_an_error_inside_the_rule_denies(
    world: World, cases: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> object:
        raise RuntimeError("region table unavailable")

    monkeypatch.setattr(policy, "regions_in", broken)
    assert policy.risk_alerts_visible_to(world.police_a) == []

"""The person page's 项目 section lists the person's cases the user may see, each linked to
its case page, and names them in the page's one AccessEvent; cases of programs the user may
not see (mental health for the justice office, HIV for anyone but the CDC) are not there."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import act, cdc_officer, enroll_probation
from tongxin.audit.models import AccessEvent
from tongxin.programs import actions


def test_the_worker_sees_the_corrections_case_linked_and_audited(
    client: Client, world: World
) -> None:
    case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    client.force_login(world.worker_a)
    before = AccessEvent.objects.count()
    html = client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    assert reverse("programs:case", args=[case.uuid]) in html
    assert "社区矫正" in html and "待报到" in html
    assert "登记社区矫正" not in html  # already open: no second enrollment offered
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_ids, e.details) for e in events] == [
        ("person.view", [str(world.person_a.uuid)], {"enrollments": [str(case.uuid)]})
    ]


def test_each_health_agency_sees_only_its_own_program_of_the_patient(
    client: Client, world: World
) -> None:
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
    url = reverse("people:detail", args=[world.patient_a.uuid])

    client.force_login(world.health_a)
    html = client.get(url).content.decode()
    assert str(mental.uuid) in html and "严重精神障碍患者管理" in html
    assert str(hiv.uuid) not in html and "艾滋" not in html and hiv.program not in html

    client.force_login(officer)
    html = client.get(url).content.decode()
    assert str(hiv.uuid) in html and "艾滋病随访" in html
    assert str(mental.uuid) not in html and "精神" not in html

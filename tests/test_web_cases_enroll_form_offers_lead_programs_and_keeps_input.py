"""Enrolling from the person page: buttons only for the programs the user's agency leads
where the person lives; the form asks the program's own questions, explains every problem
on its field in Chinese with the input kept, and enrolls through enroll_person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.programs_support import cdc_officer
from tongxin.audit.models import AccessEvent
from tongxin.programs.models import Enrollment
from tongxin.programs.registry import get_spec


def enroll_url(world: World, program: str, person: object = None) -> str:
    target = person or world.person_a
    return reverse("programs:enroll", args=[target.uuid, get_spec(program).storage_code])


def test_the_person_page_offers_the_justice_programs_to_the_justice_office(
    client: Client, world: World
) -> None:
    client.force_login(world.worker_a)
    html = client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    assert enroll_url(world, "corrections") in html and "登记社区矫正" in html
    assert enroll_url(world, "reentry") in html
    for other in ("mental_health", "drug_rehab", "youth_support"):
        assert enroll_url(world, other) not in html


@pytest.mark.parametrize(
    ("persona", "program"),
    [
        ("worker_a", "mental_health"),
        ("worker_b", "corrections"),  # another township
        ("procurator", "corrections"),  # reads, never writes
        ("police_a", "corrections"),  # police lead drug rehabilitation, not corrections
        ("health_a", "corrections"),
        ("civil_officer", "corrections"),
        ("outsider", "corrections"),
    ],
)
def test_programs_the_agency_does_not_lead_here_are_404(
    client: Client, world: World, persona: str, program: str
) -> None:
    client.force_login(getattr(world, persona))
    url = enroll_url(world, program)
    assert client.get(url).status_code == 404
    assert client.post(url, {"started_on": "2026-03-02"}).status_code == 404
    assert not Enrollment.objects.exists()


def test_every_problem_is_explained_on_its_field_and_the_input_kept(
    client: Client, world: World
) -> None:
    client.force_login(world.worker_a)
    response = client.post(
        enroll_url(world, "corrections"),
        {
            "supervision_type": "",
            "judgment_effective_on": "2026年3月2日",
            "term_years": "9",
            "court": "测试县人民法院",
            "offence": "危险驾驶罪",
            "started_on": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["supervision_type"] == ["请选择矫正类别:管制、缓刑、假释或暂予监外执行。"]
    assert errors["judgment_effective_on"] == ["请填写日期,格式 YYYY-MM-DD。"]
    assert errors["started_on"] == ["请填写开始日期,格式 YYYY-MM-DD。"]
    html = response.content.decode()
    assert "尚未登记" in html
    assert 'value="测试县人民法院"' in html and 'value="危险驾驶罪"' in html
    assert 'value="2026年3月2日"' in html
    assert not Enrollment.objects.exists()


def test_a_term_outside_the_law_is_refused_with_its_article(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    response = client.post(
        enroll_url(world, "corrections"),
        {
            "supervision_type": "surveillance",
            "judgment_effective_on": "2026-03-02",
            "term_years": "3",
            "started_on": "2026-03-02",
        },
    )
    assert (
        "管制的矫正期限应在 3 个月到 24 个月之间"
        in response.context["form"].errors["term_months"][0]
    )
    assert not Enrollment.objects.exists()


def test_a_valid_form_enrolls_and_opens_the_case_page(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    form = client.get(enroll_url(world, "corrections"))
    assert form.context["form"]["responsible_worker"].value() == world.worker_a.pk
    response = client.post(
        enroll_url(world, "corrections"),
        {
            "supervision_type": "probation",
            "judgment_effective_on": "2026-03-02",
            "term_years": "1",
            "started_on": "2026-03-02",
            "responsible_worker": world.worker_a.pk,
        },
    )
    case = Enrollment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:case", args=[case.uuid])
    assert (case.status, case.owner_agency, case.responsible_worker) == (
        "pending_report",
        world.justice_office_a,
        world.worker_a,
    )
    assert case.planned_end_on == dt.date(2027, 3, 1)
    assert client.get(response["Location"]).status_code == 200


def test_the_responsible_worker_must_work_for_the_owning_agency(
    client: Client, world: World
) -> None:
    client.force_login(world.worker_a)
    response = client.post(
        enroll_url(world, "reentry"),
        {
            "source": "prison",
            "released_on": "2026-03-20",
            "started_on": "2026-03-01",
            "responsible_worker": world.worker_b.pk,
        },
    )
    assert "responsible_worker" in response.context["form"].errors
    assert not Enrollment.objects.exists()


def test_the_doctor_enrolls_a_patient_with_the_risk_definitions_at_hand(
    client: Client, world: World
) -> None:
    client.force_login(world.health_a)
    url = enroll_url(world, "mental_health", world.patient_a)
    html = client.get(url).content.decode()
    assert "精神分裂症" in html
    assert "5 级:持械针对人的任何暴力行为" in html  # the national definitions as help
    response = client.post(
        url,
        {
            "diagnosis": "schizophrenia",
            "risk_level": "3",
            "guardian_name": "王父",
            "started_on": "2026-04-01",
        },
    )
    case = Enrollment.objects.get()
    assert response.status_code == 302
    assert (case.risk_level, case.level, case.responsible_worker) == (3, "unstable", None)
    assert case.details["guardian_name"] == "王父"


def test_the_hiv_form_is_addressed_by_its_keyed_code_and_audited_as_a_person_view(
    client: Client, world: World
) -> None:
    officer = cdc_officer(world)
    client.force_login(officer)
    page = client.get(reverse("people:detail", args=[world.patient_a.uuid])).content.decode()
    url = enroll_url(world, "hiv", world.patient_a)
    assert url in page and "hiv" not in url
    before = AccessEvent.objects.count()
    assert client.get(url).status_code == 200
    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [(e.action, e.object_ids) for e in events] == [
        ("person.enroll_form", [str(world.patient_a.uuid)])
    ]
    response = client.post(url, {"stage": "infected", "on_art": "on", "started_on": "2026-01-05"})
    assert response.status_code == 302
    assert Enrollment.objects.get().details == {"stage": "infected", "on_art": True}

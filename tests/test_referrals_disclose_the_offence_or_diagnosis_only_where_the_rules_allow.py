"""A referral may name the offence only from justice to justice or police, the diagnosis
only from health for a disability certificate or medical aid, and HIV status never; the
receiver's view holds exactly the named fields."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import World, member
from tests.programs_support import act, enroll_probation
from tests.referrals_support import TODAY, allowance_need, consent_to_civil_affairs, on
from tongxin.organisation.models import Agency, AgencyKind, Role
from tongxin.programs import actions as program_actions
from tongxin.support import actions
from tongxin.support.actions import SupportRejected
from tongxin.support.disclosure import FIELDS, disclosed_values


def test_the_offence_never_goes_to_civil_affairs(world: World) -> None:
    need = allowance_need(world)
    consent = consent_to_civil_affairs(world)
    with on(TODAY), pytest.raises(SupportRejected) as refusal:
        actions.send_referral(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请低保",
            fields=["name", "offence"],
            consent_uuid=consent.uuid,
        )
    assert refusal.value.errors == {
        "fields": ["罪名只能由司法行政机关转给司法行政或公安机关(如法律援助、办理证件)。"]
    }


def test_a_doctor_may_name_the_diagnosis_for_a_disability_certificate(world: World) -> None:
    federation = Agency.objects.create(
        name="测试县残联", kind=AgencyKind.DISABLED_FEDERATION, region=world.county
    )
    member("federation_officer", federation, Role.WORKER)
    with on(TODAY):
        program_actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "schizophrenia", "risk_level": 1},
            started_on=TODAY,
        )
        need = actions.record_need(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            pathway="disability_certificate",
            identified_on=TODAY,
        )
        consent = actions.record_consent(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            purposes=["disability_certificate"],
            agency_ids=[federation.pk],
            form="written",
            given_on=TODAY,
        )
        referral = actions.send_referral(
            actor=act(world.health_a),
            need_uuid=need.uuid,
            to_agency_id=federation.pk,
            purpose="申请精神残疾评定",
            fields=["name", "diagnosis", "id_number"],
            consent_uuid=consent.uuid,
        )
    shown = {f.code: f.value for f in disclosed_values(world.patient_a, referral.disclosed_fields)}
    assert shown == {
        "name": "王静",
        "id_number": world.patient_a.id_number,
        "diagnosis": "精神分裂症",
    }


def test_a_justice_office_cannot_name_a_diagnosis_and_hiv_is_not_a_field(world: World) -> None:
    need = allowance_need(world)
    consent = consent_to_civil_affairs(world)
    with on(TODAY), pytest.raises(SupportRejected) as refusal:
        actions.send_referral(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_agency_id=world.civil_affairs.pk,
            purpose="申请低保",
            fields=["name", "diagnosis", "hiv_status"],
            consent_uuid=consent.uuid,
        )
    assert refusal.value.errors["fields"] == [
        "诊断只能由卫生健康机构在办理残疾证或医疗救助时转出(精神卫生法第四条)。",
        "未知的字段:hiv_status。",
    ]
    assert not any("hiv" in code or "aids" in code for code in FIELDS)


def test_the_offence_may_go_to_legal_aid_at_the_justice_bureau(world: World) -> None:
    with on(TODAY):
        enroll_probation(world, effective=TODAY - dt.timedelta(days=30))
        need = actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="legal_aid",
            identified_on=TODAY,
        )
        consent = actions.record_consent(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            purposes=["legal_aid"],
            agency_ids=[world.justice_bureau.pk],
            form="oral_recorded",
            given_on=TODAY,
        )
        referral = actions.send_referral(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_agency_id=world.justice_bureau.pk,
            purpose="劳动争议法律援助",
            fields=["name", "offence"],
            consent_uuid=consent.uuid,
        )
    assert referral.disclosed_fields == ["name", "offence"]

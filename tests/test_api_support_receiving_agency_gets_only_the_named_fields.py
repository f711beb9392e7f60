"""A receiving agency's JSON holds the fields the referral names and nothing else of the
person: a patient referred by the 卫生院 to 民政 for medical aid without naming the diagnosis
shows no diagnosis, no ID number and nothing of their HIV case; the same patient referred to
残联 for a disability certificate naming the diagnosis and the ID number shows exactly those."""

from __future__ import annotations

from typing import Any

from tests.api_programs_support import enroll_hiv, enroll_mental_health
from tests.api_referrals_support import day, need_path, person_path, referral_path
from tests.api_support import Caller, caller
from tests.personas import World, member
from tests.referrals_support import TODAY, on
from tongxin.organisation.models import Agency, AgencyKind, Role

# What the patient's mental-health and HIV cases hold, as a receiver could meet it in JSON.
DIAGNOSIS = ("精神分裂症", "schizophrenia")
HIV = ("hiv", "HIV", "艾滋", "infected", "on_art")


def refer(doctor: Caller, world: World, pathway: str, agency: Agency, fields: list[str]) -> Any:
    patient = world.patient_a
    need = doctor.post(person_path(patient, "needs"), {"pathway": pathway, "identified_on": day()})
    consent = doctor.post(
        person_path(patient, "consents"),
        {"purposes": [pathway], "agencies": [agency.pk], "form": "written", "given_on": day()},
    )
    sent = doctor.post(
        need_path(need.json(), "referrals"),
        {
            "to_agency": agency.pk,
            "purpose": "请协助办理",
            "fields": fields,
            "consent": consent.json()["uuid"],
        },
    )
    assert sent.status_code == 201, sent.content
    return sent.json()


def test_only_the_named_fields_reach_the_receiver(world: World) -> None:
    enroll_mental_health(world)
    enroll_hiv(world)
    federation = Agency.objects.create(
        name="测试县残联", kind=AgencyKind.DISABLED_FEDERATION, region=world.county
    )
    federation_officer = member("federation_officer", federation, Role.WORKER)
    doctor = caller(world.health_a)
    patient = world.patient_a
    with on(TODAY):
        aid = refer(doctor, world, "medical_aid", world.civil_affairs, ["name", "phone"])
        certificate = refer(
            doctor,
            world,
            "disability_certificate",
            federation,
            ["name", "diagnosis", "id_number"],
        )
        to_civil = caller(world.civil_officer).get(referral_path(aid))
        to_federation = caller(federation_officer).get(referral_path(certificate))

    assert to_civil.status_code == to_federation.status_code == 200
    civil_text = to_civil.content.decode()
    assert {f["code"]: f["value"] for f in to_civil.json()["fields"]} == {
        "name": "王静",
        "phone": patient.phone,
    }
    for secret in (*DIAGNOSIS, *HIV, patient.id_number, str(patient.uuid), "1990-06-30"):
        assert secret not in civil_text, secret

    # Named where the rules allow it, the diagnosis and the ID number do reach the receiver.
    assert {f["code"]: f["value"] for f in to_federation.json()["fields"]} == {
        "name": "王静",
        "id_number": patient.id_number,
        "diagnosis": "精神分裂症",
    }
    federation_text = to_federation.content.decode()
    for secret in (*HIV, patient.phone, str(patient.uuid)):
        assert secret not in federation_text, secret
    # Each receiver sees its own referral only.
    assert caller(world.civil_officer).get(referral_path(certificate)).status_code == 404

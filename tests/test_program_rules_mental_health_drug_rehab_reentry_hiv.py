"""Rules of the other programs (domain-rules §2–§5), on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.personas import World, member
from tests.programs_support import act, cdc_officer
from tongxin.organisation.models import Role
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Contact, Deadline, Enrollment
from tongxin.programs.specs.mental_health import stability_for


@pytest.mark.parametrize(
    ("risk", "level", "days"),
    [
        (0, "basically_stable", 30),
        (2, "basically_stable", 30),
        (3, "unstable", 14),
        (5, "unstable", 14),
    ],
)
def test_mental_health_follow_up_interval_follows_the_risk_level(
    world: World, risk: int, level: str, days: int
) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0), tick=False):
        case = actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "schizophrenia", "risk_level": risk},
            started_on=dt.date(2026, 4, 1),
        )
    assert case.level == level and case.risk_level == risk
    planned = Contact.objects.get(enrollment=case, status="planned")
    assert planned.due_on == dt.date(2026, 4, 1) + dt.timedelta(days=days)


def test_stable_patients_are_followed_up_every_three_months_at_least_four_times_a_year(
    world: World,
) -> None:
    assert stability_for(0, symptoms_controlled=True) == "stable"
    assert stability_for(0, symptoms_controlled=False) == "basically_stable"
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0), tick=False):
        case = actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "bipolar", "risk_level": 0},
            started_on=dt.date(2026, 4, 1),
        )
        actions.change_level(
            actor=act(world.health_a),
            enrollment_uuid=case.uuid,
            level="stable",
            reason="症状基本消失,自知力恢复",
            effective_on=dt.date(2026, 4, 1),
        )
    due = Contact.objects.get(enrollment=case, status="planned").due_on
    assert (due - dt.date(2026, 4, 1)).days == 90  # ≤ 91 days apart → ≥ 4 a year


def test_mental_health_rejects_a_diagnosis_outside_the_six(world: World) -> None:
    with pytest.raises(CaseworkRejected) as error:
        actions.enroll_person(
            actor=act(world.health_a),
            person_uuid=world.patient_a.uuid,
            program="mental_health",
            details={"diagnosis": "depression", "risk_level": 1},
            started_on=dt.date(2026, 4, 1),
        )
    assert "diagnosis" in error.value.errors


def drug_case(world: World) -> Enrollment:
    police = world.police_a
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0), tick=False):
        return actions.enroll_person(
            actor=act(police),
            person_uuid=world.person_a.uuid,
            program="drug_rehab",
            details={"category": "community_detox", "order_served_on": "2026-06-01"},
            started_on=dt.date(2026, 6, 1),
        )


def test_drug_rehab_report_deadline_is_15_days_and_the_term_3_years_from_reporting(
    world: World,
) -> None:
    # The 派出所 officer leads drug rehabilitation; person_a must be visible to them first.
    world.person_a.owner_sector = "police"
    world.person_a.save(update_fields=["owner_sector"])
    case = drug_case(world)
    deadline = Deadline.objects.get(enrollment=case, code="report")
    assert deadline.due_on == dt.date(2026, 6, 16)
    assert deadline.citation == "《戒毒条例》第十四条"
    assert case.planned_end_on is None
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.police_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 6, 10),
        )
    case.refresh_from_db()
    assert case.planned_end_on == dt.date(2029, 6, 9)
    assert Deadline.objects.get(enrollment=case, code="report").status == "met"


def test_prison_release_notice_opens_a_pending_handover_with_its_deadlines(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0), tick=False):
        case = actions.enroll_person(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            program="reentry",
            details={"source": "prison", "released_on": "2026-06-01", "key_subject": True},
            started_on=dt.date(2026, 5, 1),
        )
    assert case.status == "pending_handover" and case.level == "key"
    assert case.planned_end_on == dt.date(2031, 5, 31)
    codes = dict(Deadline.objects.filter(enrollment=case).values_list("code", "due_on"))
    assert codes == {"handover": dt.date(2026, 6, 1), "first_home_visit": dt.date(2026, 6, 8)}
    assert not Contact.objects.filter(enrollment=case).exists()  # not before the handover


def test_hiv_enrollment_is_stored_under_a_keyed_code_with_encrypted_details(world: World) -> None:
    from django.db import connection

    officer = cdc_officer(world)
    case = actions.enroll_person(
        actor=act(officer),
        person_uuid=world.patient_a.uuid,
        program="hiv",
        details={"stage": "infected"},
        started_on=dt.date(2026, 1, 5),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT program, category, level, details_text FROM programs_enrollment WHERE id = %s",
            [case.pk],
        )
        program, category, _level, details = cursor.fetchone()
    assert "hiv" not in program and program.startswith("c_")
    assert category == "" and "infected" not in details


def test_youth_support_needs_consent(world: World) -> None:
    officer = member("civil_worker", world.civil_affairs, Role.WORKER)
    world.person_a.owner_sector = "civil_affairs"
    world.person_a.save(update_fields=["owner_sector"])
    with pytest.raises(CaseworkRejected) as error:
        actions.enroll_person(
            actor=act(officer),
            person_uuid=world.person_a.uuid,
            program="youth_support",
            details={"category": "unemployed"},
            started_on=dt.date(2026, 1, 5),
        )
    assert "consent_on" in error.value.errors

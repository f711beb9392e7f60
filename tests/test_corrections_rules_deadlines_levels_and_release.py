"""Community corrections rules (domain-rules §1), on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404

from tests.personas import World
from tests.programs_support import act, enroll_probation
from tongxin.programs import actions
from tongxin.programs.actions import CaseworkRejected
from tongxin.programs.models import Contact, Deadline, Enrollment, LevelChange
from tongxin.programs.registry import get_spec

EFFECTIVE = dt.date(2026, 3, 2)


@pytest.fixture
def case(world: World) -> Enrollment:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        return enroll_probation(world, effective=EFFECTIVE)


def test_probation_term_runs_from_the_judgment_and_ends_the_day_before(case: Enrollment) -> None:
    assert case.planned_end_on == dt.date(2027, 3, 1)
    assert case.status == "pending_report" and case.level == "strict"


def test_report_deadline_is_ten_days_from_the_judgment_with_its_citation(case: Enrollment) -> None:
    deadline = Deadline.objects.get(enrollment=case, code="report")
    assert deadline.due_on == dt.date(2026, 3, 12)
    assert deadline.citation == "《社区矫正法》第二十一条"


def test_pre_release_summary_is_due_thirty_days_before_the_end(case: Enrollment) -> None:
    assert Deadline.objects.get(enrollment=case, code="pre_release_summary").due_on == dt.date(
        2027, 1, 30
    )


def test_no_contact_is_scheduled_before_the_person_reports(case: Enrollment) -> None:
    assert not Contact.objects.filter(enrollment=case).exists()
    assert case.next_contact_due_on is None


def test_reporting_meets_the_deadline_and_starts_weekly_strict_contacts(
    world: World, case: Enrollment
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 9),
        )
    case.refresh_from_db()
    assert case.status == "active"
    assert Deadline.objects.get(enrollment=case, code="report").status == "met"
    assert Deadline.objects.get(enrollment=case, code="first_home_visit").due_on == dt.date(
        2026, 3, 23
    )
    planned = Contact.objects.get(enrollment=case, status="planned")
    assert planned.due_on == dt.date(2026, 3, 16) and planned.kind == "office_report"
    assert case.next_contact_due_on == dt.date(2026, 3, 16)


def report(world: World, case: Enrollment) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 9),
        )


def test_recording_a_contact_plans_the_next_from_the_level_interval(
    world: World, case: Enrollment
) -> None:
    report(world, case)
    with time_machine.travel(dt.datetime(2026, 3, 15, 9, 0), tick=False):
        actions.record_contact(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="office_report",
            done_on=dt.date(2026, 3, 15),
            outcome="按时报到,情况稳定",
        )
    assert Contact.objects.filter(enrollment=case, status="done").count() == 1
    assert Contact.objects.get(enrollment=case, status="planned").due_on == dt.date(2026, 3, 22)


def test_level_change_keeps_history_and_reschedules(world: World, case: Enrollment) -> None:
    report(world, case)
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0), tick=False):
        actions.change_level(
            actor=act(world.county_supervisor),
            enrollment_uuid=case.uuid,
            level="ordinary",
            reason="入矫满两个月,表现良好",
            effective_on=dt.date(2026, 5, 10),
        )
    history = list(
        LevelChange.objects.filter(enrollment=case).values_list("from_level", "to_level")
    )
    assert history == [("", "strict"), ("strict", "ordinary")]
    assert Contact.objects.get(enrollment=case, status="planned").due_on == dt.date(2026, 6, 9)


def test_releasing_a_case_that_has_not_reported_is_refused(world: World, case: Enrollment) -> None:
    with (
        time_machine.travel(dt.datetime(2027, 3, 5, 9, 0), tick=False),
        pytest.raises(CaseworkRejected) as error,
    ):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="release",
            on_date=dt.date(2027, 3, 2),
            reason="term_end",
        )
    assert "待报到" in error.value.errors["transition"][0]
    case.refresh_from_db()
    assert case.status == "pending_report"


def test_release_for_term_end_before_the_term_ends_is_refused(
    world: World, case: Enrollment
) -> None:
    report(world, case)
    with (
        time_machine.travel(dt.datetime(2027, 2, 1, 9, 0), tick=False),
        pytest.raises(CaseworkRejected) as error,
    ):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="release",
            on_date=dt.date(2027, 2, 1),
            reason="term_end",
        )
    assert "2027-03-01" in error.value.errors["reason"][0]


def test_revoking_parole_of_a_probationer_is_refused(world: World, case: Enrollment) -> None:
    with pytest.raises(CaseworkRejected) as error:
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="terminate",
            on_date=dt.date(2026, 3, 5),
            reason="revoke_parole",
        )
    assert "假释" in error.value.errors["reason"][0]


def test_release_ends_the_schedule_and_opens_reentry_for_five_years(
    world: World, case: Enrollment
) -> None:
    report(world, case)
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="release",
            on_date=dt.date(2027, 3, 2),
            reason="term_end",
        )
    case.refresh_from_db()
    assert case.status == "released" and case.ended_on == dt.date(2027, 3, 2)
    assert not Contact.objects.filter(enrollment=case, status="planned").exists()
    assert not Deadline.objects.filter(enrollment=case, status="open").exists()
    follow_on = Enrollment.objects.get(source_enrollment=case)
    assert get_spec(follow_on.program).code == "reentry"
    assert follow_on.status == "active"
    assert follow_on.planned_end_on == dt.date(2032, 3, 1)
    assert Deadline.objects.get(enrollment=follow_on, code="first_home_visit").due_on == dt.date(
        2027, 3, 9
    )
    assert Contact.objects.get(enrollment=follow_on, status="planned").due_on == dt.date(
        2027, 5, 31
    )


def test_term_outside_the_legal_range_is_refused(world: World) -> None:
    with pytest.raises(CaseworkRejected) as error:
        enroll_probation(world, effective=EFFECTIVE, years=6)
    assert "term_months" in error.value.errors


def test_a_second_open_enrollment_in_the_same_program_is_refused(
    world: World, case: Enrollment
) -> None:
    with pytest.raises(CaseworkRejected):
        enroll_probation(world, effective=EFFECTIVE)
    assert Enrollment.objects.filter(person=world.person_a).count() == 1


def test_other_township_and_other_agencies_cannot_enroll_or_act(world: World) -> None:
    # Outside their scope the person is not found (404); the procuratorate sees the file but
    # does not work corrections cases.
    for user in (world.worker_b, world.civil_officer, world.health_a):
        with pytest.raises(Http404):
            enroll_probation(world, effective=EFFECTIVE, user=user)
    with pytest.raises(CaseworkRejected):
        enroll_probation(world, effective=EFFECTIVE, user=world.procurator)
    assert not Enrollment.objects.exists()

"""The periodic scan: missed contacts and deadlines raise one alert per cause, a second run
raises nothing new, ended enrollments are left alone, HIV cases are lost after 28 days."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from tests.personas import World
from tests.programs_support import act, cdc_officer, enroll_probation
from tongxin.programs import actions
from tongxin.programs.models import Alert, Contact, Deadline, Enrollment
from tongxin.programs.scan import run_scan


def reported_case(world: World) -> Enrollment:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        case = enroll_probation(world, effective=dt.date(2026, 3, 2))
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="report",
            on_date=dt.date(2026, 3, 9),
        )
    return case


def test_missed_contact_raises_one_alert_and_a_second_run_raises_none(world: World) -> None:
    case = reported_case(world)
    # Due 16 March, strict grace 2 days: missed from 19 March.
    assert run_scan(dt.date(2026, 3, 18)).contacts_missed == 0
    first = run_scan(dt.date(2026, 3, 19))
    assert first.contacts_missed == 1 and first.alerts_raised >= 1
    second = run_scan(dt.date(2026, 3, 19))
    assert (second.contacts_missed, second.deadlines_missed, second.alerts_raised) == (0, 0, 0)
    alert = Alert.objects.get(kind="contact_missed")
    assert alert.assignee == world.worker_a and alert.enrollment == case
    case.refresh_from_db()
    assert case.lost_contact_since == dt.date(2026, 3, 16)
    assert Contact.objects.get(enrollment=case, status="planned").due_on == dt.date(2026, 3, 19)


def test_missing_again_does_not_flood(world: World) -> None:
    reported_case(world)
    run_scan(dt.date(2026, 3, 19))
    run_scan(dt.date(2026, 3, 22))  # the catch-up contact's window closed too
    assert Alert.objects.filter(kind="contact_missed", resolved_at__isnull=True).count() == 1


def test_recording_the_contact_resolves_the_alert_and_clears_lost_contact(world: World) -> None:
    case = reported_case(world)
    run_scan(dt.date(2026, 3, 19))
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0), tick=False):
        actions.record_contact(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            kind="home_visit",
            done_on=dt.date(2026, 3, 20),
        )
    assert not Alert.objects.filter(resolved_at__isnull=True, kind="contact_missed").exists()
    case.refresh_from_db()
    assert case.lost_contact_since is None and case.next_contact_due_on == dt.date(2026, 3, 27)


def test_missed_legal_deadline_raises_an_alert_once(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        enroll_probation(world, effective=dt.date(2026, 3, 2))
    assert run_scan(dt.date(2026, 3, 12)).deadlines_missed == 0  # due on the 12th
    assert run_scan(dt.date(2026, 3, 13)).deadlines_missed == 1
    assert run_scan(dt.date(2026, 3, 14)).alerts_raised == 0
    assert Deadline.objects.get(code="report").status == "missed"
    assert Alert.objects.filter(kind="deadline_missed").count() == 1


def test_ended_enrollment_is_not_scheduled_or_scanned(world: World) -> None:
    case = reported_case(world)
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, 0), tick=False):
        actions.transition_enrollment(
            actor=act(world.worker_a),
            enrollment_uuid=case.uuid,
            transition="terminate",
            on_date=dt.date(2026, 3, 12),
            reason="death",
        )
    report = run_scan(dt.date(2027, 6, 1))
    assert (report.contacts_missed, report.deadlines_missed, report.alerts_raised) == (0, 0, 0)
    assert not Contact.objects.filter(enrollment=case, status="planned").exists()


def test_hiv_case_is_lost_to_follow_up_28_days_after_a_missed_visit(world: World) -> None:
    officer = cdc_officer(world)
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0), tick=False):
        case = actions.enroll_person(
            actor=act(officer),
            person_uuid=world.patient_a.uuid,
            program="hiv",
            details={"stage": "aids"},
            started_on=dt.date(2026, 1, 5),
            responsible_worker=officer,
        )
    # AIDS: every 90 days (due 5 April), grace 14 days: missed from 20 April.
    run_scan(dt.date(2026, 4, 20))
    case.refresh_from_db()
    assert case.status == "active" and case.lost_contact_since == dt.date(2026, 4, 5)
    assert run_scan(dt.date(2026, 5, 2)).lost_to_follow_up == 0  # 27 days
    assert run_scan(dt.date(2026, 5, 3)).lost_to_follow_up == 1  # 28 days
    case.refresh_from_db()
    assert case.status == "lost"
    assert Alert.objects.filter(kind="lost_to_follow_up", enrollment=case).count() == 1
    assert run_scan(dt.date(2026, 5, 10)).alerts_raised == 0


def test_scan_command_reports_its_counts(world: World) -> None:
    reported_case(world)
    out = StringIO()
    call_command("scan", "--date", "2026-03-19", stdout=out)
    assert "contacts missed / 逾期联系: 1" in out.getvalue()

"""Beside corrections, the demo county has 安置帮教 from prison (handovers pending, one missed,
key subjects), mental-health patients at risk 0–5 followed up by the township health centres,
drug-rehabilitation cases of the 派出所 and voluntary support of the 民政局 and 人社局, each
with its owner, level, deadlines and consent as its program's rules say."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tongxin.lib.dates import term_end
from tongxin.programs.models import Alert, Assessment, Enrollment, LevelChange, TeamMember
from tongxin.programs.specs.mental_health import POLICE_ALERT_FROM_RISK, stability_for

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=10, stdout=StringIO())
        yield


def cases(program: str) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(program=program).select_related(
            "owner_agency__region", "person__residence_region", "responsible_worker"
        )
    )


def test_prison_releases_wait_for_handover_and_key_subjects_are_visited_monthly(
    demo: None,
) -> None:
    from_prison = [c for c in cases("reentry") if c.details["source"] == "prison"]
    assert len(from_prison) > 100
    pending = [c for c in from_prison if c.status == "pending_handover"]
    assert 2 <= len(pending) <= 8
    missed = []
    for case in pending:
        handover = case.deadlines.get(code="handover")
        assert handover.due_on == dt.date.fromisoformat(case.details["released_on"])
        assert not case.contacts.exists() and case.next_contact_due_on is None
        if handover.status == "missed":
            missed.append(case)
            assert Alert.objects.filter(cause_key=f"deadline:{handover.uuid}").exists()
        else:
            assert handover.status == "open" and handover.due_on >= TODAY - dt.timedelta(1)
    assert len(missed) == 1
    key = [c for c in from_prison if c.details["key_subject"] and c.status == "active"]
    assert key and all(c.level == "key" for c in key)
    for case in from_prison:
        released = dt.date.fromisoformat(case.details["released_on"])
        assert case.planned_end_on == term_end(released, years=5)
        assert case.owner_agency.kind == "justice_office"
        assert case.person.residence_region.is_within(case.owner_agency.region)


def test_mental_health_patients_carry_risk_levels_and_unstable_ones_a_care_team(
    demo: None,
) -> None:
    patients = cases("mental_health")
    assert len(patients) > 180
    assert {c.owner_agency.kind for c in patients} == {"health_centre"}
    assert all(c.responsible_worker.get_username().startswith("wsy_") for c in patients)  # type: ignore[union-attr]
    risks = Counter(c.risk_level for c in patients)
    assert set(risks) >= {0, 1, 2, 3, 4}
    unstable = [
        c for c in patients if c.ended_on is None and c.risk_level >= POLICE_ALERT_FROM_RISK
    ]  # type: ignore[operator]
    assert len(unstable) >= 5
    for case in patients:
        controlled = case.details["symptoms_controlled"]
        assert case.level == stability_for(case.risk_level, symptoms_controlled=controlled)  # type: ignore[arg-type]
    for case in unstable:
        roles = set(TeamMember.objects.filter(team__enrollment=case).values_list("role", flat=True))
        assert {"doctor", "police", "village_cadre", "family"} <= roles
    reassessed = LevelChange.objects.filter(enrollment__program="mental_health").exclude(
        from_level=""
    )
    assert reassessed.exists()
    for change in reassessed:
        assessment = Assessment.objects.get(
            enrollment=change.enrollment, assessed_on=change.effective_on
        )
        assert assessment.risk_level == change.risk_level
        assert assessment.proposed_level == change.to_level
    assert {"hospitalised", "ended"} <= {c.status for c in patients}


def test_drug_rehab_belongs_to_the_police_station_for_three_years_from_reporting(
    demo: None,
) -> None:
    rehab = cases("drug_rehab")
    assert len(rehab) > 80
    assert {c.owner_agency.kind for c in rehab} == {"police_station"}
    for case in rehab:
        report = case.deadlines.get(code="report")
        served = dt.date.fromisoformat(case.details["order_served_on"])
        assert report.due_on == served + dt.timedelta(days=15)
        if case.status == "pending_report":
            assert report.status == "open" and case.planned_end_on is None
        else:
            assert report.status == "met" and report.met_on <= report.due_on  # type: ignore[operator]
            assert case.planned_end_on == term_end(report.met_on, years=3)  # type: ignore[arg-type]
    assert {"active", "ended", "terminated", "pending_report"} <= {c.status for c in rehab}


def test_voluntary_support_is_owned_by_civil_affairs_or_hr_with_consent(demo: None) -> None:
    support = cases("youth_support")
    assert len(support) > 30
    owners = {(c.category, c.owner_agency.kind) for c in support}
    assert owners == {("unemployed", "human_resources"), ("at_risk_youth", "civil_affairs")}
    for case in support:
        consent = dt.date.fromisoformat(case.details["consent_on"])
        assert consent <= case.started_on
    assert any(c.end_reason == "plan_completed" for c in support)

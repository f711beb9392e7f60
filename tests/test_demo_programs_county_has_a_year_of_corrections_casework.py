"""``tongxin demo`` gives 示范县 a year of community corrections: about 78 people in correction,
about 59 received and 66 released since 1 January, every type and term within the law, strict
for the first two months, a team around each with a woman on a woman's team, measures, and a
安置帮教 case opened by each release."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tongxin.lib.dates import add_months, term_end
from tongxin.programs.models import Enrollment, LevelChange, Measure, TeamMember
from tongxin.programs.specs.corrections import TERM_LIMITS_MONTHS

TODAY = dt.date(2026, 11, 30)
JAN1 = dt.date(2026, 1, 1)


@pytest.fixture
def demo(db: None, settings: object, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        call_command("demo", seed=2, stdout=StringIO())
        yield


def corrections() -> list[Enrollment]:
    return list(Enrollment.objects.filter(program="corrections").select_related("person"))


def test_about_78_in_correction_with_a_year_of_intake_and_release(demo: None) -> None:
    cases = corrections()
    open_now = [c for c in cases if c.ended_on is None]
    received = [c for c in cases if c.started_on >= JAN1]
    released = [c for c in cases if c.status == "released" and c.ended_on >= JAN1]  # type: ignore[operator]
    at_new_year = [
        c for c in cases if c.started_on < JAN1 and (c.ended_on is None or c.ended_on >= JAN1)
    ]
    assert 70 <= len(open_now) <= 90
    assert abs(len(received) - 59) <= 10
    assert abs(len(released) - 66) <= 10
    assert abs(len(at_new_year) - 85) <= 10
    assert {c.status for c in open_now} == {"active", "pending_report"}
    # A few revoked this year, each after a warning and the proposal that followed it.
    revoked = [c for c in cases if c.status == "terminated"]
    assert revoked
    for case in revoked:
        kinds = set(Measure.objects.filter(enrollment=case).values_list("kind", flat=True))
        assert {"reprimand", "warning"} <= kinds
        assert any(kind.startswith("propose_") for kind in kinds)
    # Released on the day the term ends, not before (社区矫正法 art 44).
    assert all(c.ended_on == c.planned_end_on for c in released)


def test_types_are_mixed_and_every_term_is_within_the_criminal_law(demo: None) -> None:
    cases = corrections()
    types = Counter(c.details["supervision_type"] for c in cases)
    assert types.most_common(1)[0][0] == "probation"
    assert types["parole"] > 0 and len(types) >= 3
    for case in cases:
        details = case.details
        months = details["term_years"] * 12 + details["term_months"]
        low, high = TERM_LIMITS_MONTHS[details["supervision_type"]]
        assert low <= months <= high, details
        start = dt.date.fromisoformat(details["term_start_on"])
        assert case.planned_end_on == term_end(start, months=months)
        assert case.category == details["supervision_type"]


def test_strict_for_the_first_two_months_then_ordinary_or_lenient_with_history(
    demo: None,
) -> None:
    reported = [c for c in corrections() if c.status != "pending_report"]
    lenient = 0
    for case in reported:
        changes = list(LevelChange.objects.filter(enrollment=case).order_by("effective_on", "id"))
        assert changes[0].to_level == "strict" and changes[0].effective_on == case.started_on
        assert changes[-1].to_level == case.level
        for before, after in pairwise(changes):
            assert after.from_level == before.to_level
        report = case.deadlines.get(code="report")
        if len(changes) > 1:
            # Two months after reporting (strict_first_months), never earlier.
            assert changes[1].to_level == "ordinary"
            assert changes[1].effective_on == add_months(report.met_on, 2)  # type: ignore[arg-type]
        lenient += case.level == "lenient"
    assert lenient > 0
    recent = [c for c in reported if c.ended_on is None and c.started_on > TODAY - dt.timedelta(40)]
    assert recent and all(c.level == "strict" for c in recent)


def test_each_case_has_a_team_led_by_its_worker_and_a_womans_team_has_a_woman(
    demo: None,
) -> None:
    # Cases of this year (those released earlier keep their levels and deadlines only).
    reported = [
        c
        for c in corrections()
        if c.status != "pending_report" and (c.ended_on is None or c.ended_on >= JAN1)
    ]
    women = 0
    for case in reported:
        members = list(TeamMember.objects.filter(team__enrollment=case))
        roles = {member.role for member in members}
        assert {"leader", "village_cadre", "family"} <= roles, case.pk
        (leader,) = (m for m in members if m.role == "leader")
        assert leader.user == case.responsible_worker
        if case.person.sex == "F":
            women += 1
            assert any(m.sex == "F" for m in members), case.pk
        if case.ended_on is not None:
            assert all(m.left_on == case.ended_on for m in members)
    assert women > 0


def test_each_release_opened_a_reentry_case_from_the_release_day(demo: None) -> None:
    released = [c for c in corrections() if c.status == "released"]
    assert released
    for case in released:
        (follow_on,) = Enrollment.objects.filter(source_enrollment=case)
        assert follow_on.program == "reentry" and follow_on.person_id == case.person_id
        assert follow_on.details["source"] == "corrections"
        assert follow_on.started_on == case.ended_on
        assert follow_on.owner_agency_id == case.owner_agency_id
        assert follow_on.responsible_worker_id == case.responsible_worker_id
        assert follow_on.planned_end_on == term_end(case.ended_on, years=5)  # type: ignore[arg-type]
        assert follow_on.status in {"active", "ended"}
    assert not Enrollment.objects.filter(
        program="reentry", source_enrollment__status="terminated"
    ).exists()

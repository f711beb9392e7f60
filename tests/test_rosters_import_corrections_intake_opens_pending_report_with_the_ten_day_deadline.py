"""A court's corrections intake opens a 社区矫正 case waiting for the person to report, with
the report deadline ten days after the judgment took effect (社区矫正法 art 21), the term
read as the sender wrote it: "1年6个月", "一年零六个月", or start and end dates."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World
from tests.roster_import_support import EFFECTIVE, QIAN, SUN, TODAY, ZHAO, run
from tests.rosters_support import xlsx_bytes
from tongxin.lib.dates import term_end
from tongxin.programs.models import Deadline, Enrollment
from tongxin.rosters.models import Outcome
from tongxin.rosters.reading import RosterKind


def test_intake_opens_pending_report_cases_with_the_report_deadline(world: World) -> None:
    content = xlsx_bytes(
        [
            [
                "姓名",
                "身份证号",
                "矫正类别",
                "判决生效日期",
                "矫正期限",
                "矫正起始日期",
                "矫正终止日期",
            ],
            [ZHAO.name, ZHAO.id_number, "缓刑", EFFECTIVE, "1年6个月", None, None],
            [QIAN.name, QIAN.id_number, "管制", EFFECTIVE, "一年零六个月", None, None],
            [SUN.name, SUN.id_number, "假释", EFFECTIVE, None, EFFECTIVE, dt.date(2027, 2, 26)],
        ]
    )
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, content, RosterKind.CORRECTIONS_INTAKE)

    assert [plan.outcome for plan in result.rows] == [Outcome.CREATED] * 3
    cases = {
        case.person.name: case
        for case in Enrollment.objects.filter(program="corrections").select_related("person")
    }
    zhao, qian, sun = cases[ZHAO.name], cases[QIAN.name], cases[SUN.name]
    assert (zhao.status, zhao.level, zhao.category) == ("pending_report", "strict", "probation")
    assert qian.category == "surveillance" and sun.category == "parole"
    assert zhao.owner_agency == world.justice_office_a and zhao.started_on == EFFECTIVE
    assert zhao.planned_end_on == term_end(EFFECTIVE, years=1, months=6)
    assert qian.planned_end_on == zhao.planned_end_on
    # Start and end dates without a term: the term whose last day is the end date.
    assert sun.planned_end_on == dt.date(2027, 2, 26)
    assert (sun.details["term_years"], sun.details["term_months"], sun.details["term_days"]) == (
        1,
        0,
        0,
    )
    for case in (zhao, qian, sun):
        deadlines = {d.code: d.due_on for d in Deadline.objects.filter(enrollment=case)}
        assert deadlines["report"] == EFFECTIVE + dt.timedelta(days=10) == dt.date(2026, 3, 9)
        assert deadlines["pre_release_summary"] == case.planned_end_on - dt.timedelta(days=30)
    assert zhao.details["court"] == "" and zhao.details["judgment_effective_on"] == "2026-02-27"

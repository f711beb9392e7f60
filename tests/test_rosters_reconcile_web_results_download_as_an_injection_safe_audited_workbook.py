"""A run's results download as .xlsx: one line per item the run found with its kind, agency,
roster row, person and what differs; a value from the police file that looks like a formula
stays text; the download writes one AccessEvent naming the run, its items and the people
listed before the bytes leave."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.personas import World
from tests.reconcile_support import act, police_roster, reconcile, stranger_row
from tests.reconcile_web_support import frozen, signed_in, township_with_each_kind
from tongxin.audit.models import AccessEvent
from tongxin.rosters.reconciling import reconcile_roster

FORMULA = '=HYPERLINK("http://example.invalid","点此")'
HEADER = ["类别", "负责机构", "名单行", "人员", "人员编号", "名单与登记的内容", "状态", "处理结果"]


@pytest.mark.django_db
def test_the_results_are_an_audited_workbook(world: World) -> None:
    township = township_with_each_kind(world)
    with frozen():
        run = reconcile(world.worker_a, township.roster).run
        response = signed_in(world.worker_a).get(reverse("reconcile:run_report", args=[run.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{run.uuid}.xlsx" in response["Content-Disposition"]

    lines = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_name("核对结果")
        .to_python()
    )
    header = lines.index(HEADER)
    rows = [line[:4] for line in lines[header + 1 :]]
    assert sorted(rows, key=str) == sorted(
        [
            ["名单有、登记无(疑似漏管)", "西山乡司法所", 6, ""],
            ["名单有、登记无(疑似漏管)", "东城镇司法所", 7, ""],
            ["登记有、名单无", "东城镇司法所", "", township.absent.name],
            ["信息不一致", "东城镇司法所", 4, township.moved.name],
            ["疑似同一人,待确认", "东城镇司法所", 5, township.lookalike.name],
        ],
        key=str,
    )
    [mismatch] = [line for line in lines if line[0] == "信息不一致"]
    assert "东城村88号" in mismatch[5] and mismatch[6] == "待处理"

    [event] = AccessEvent.objects.filter(action="roster.reconcile.report")
    assert event.actor == world.worker_a and event.object_ids == [str(run.uuid)]
    assert set(event.details["people"]) == {
        str(p.uuid) for p in (township.absent, township.moved, township.lookalike)
    }
    assert len(event.details["discrepancies"]) == 5


@pytest.mark.django_db
def test_a_formula_from_the_police_file_stays_text(world: World) -> None:
    with frozen():
        run = reconcile_roster(
            act(world.worker_a),
            police_roster([stranger_row("郑远", 52, "外省某市")]),
            file_name=FORMULA,
        ).run
        response = signed_in(world.worker_a).get(reverse("reconcile:run_report", args=[run.uuid]))
    lines = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_name("核对结果")
        .to_python()
    )
    assert lines[1][:2] == ["文件", "'" + FORMULA]

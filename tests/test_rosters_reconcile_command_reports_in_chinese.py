"""``tongxin reconcile`` without ``--format json`` prints the summary, the run's id and one
line per worklist item (marking the items an earlier run found), and the bad rows with
their reasons."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from tests.personas import World
from tests.reconcile_support import TODAY, police_roster, stranger_row
from tongxin.rosters.models import ReconciliationRun


def run_command(path: Path) -> str:
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command(
            "reconcile", str(path), "--against", "police-roster", "--user", "worker_a", stdout=out
        )
    return out.getvalue()


@pytest.mark.django_db
def test_the_text_report_names_each_item_and_bad_row(world: World, tmp_path: Path) -> None:
    path = tmp_path / "列管名单.xlsx"
    path.write_bytes(
        police_roster(
            [
                stranger_row("吴新", 51, "西山乡西山村5号"),
                ["", "110101198808081235", "男", "", "", ""],
            ]
        )
    )

    first = run_command(path)
    second = run_command(path)

    run = ReconciliationRun.objects.order_by("created_at", "id").first()
    assert run is not None
    assert first.splitlines()[0] == (
        "已核对“列管名单.xlsx”,共 2 行:匹配 0,待确认 0,名单有、登记无 1,"
        "登记有、名单无 0,信息不一致 0,有误行 1。"
    )
    assert f"核对编号:{run.uuid}" in first
    assert "  名单有、登记无(疑似漏管) 第 3 行 → 西山乡司法所\n" in first
    assert "第 4 行 姓名:" in first
    assert "第 3 行 → 西山乡司法所(上次核对已发现,仍待处理)" in second

"""``tongxin import-roster`` tells people in Chinese what it did: a summary, the batch, the
bad rows with row number, column and fix, and the rows to check; a rejected file exits
with status 1 and can leave its row report as a workbook (``--report``)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from tests.personas import World
from tests.roster_import_support import RELEASED, TODAY, ZHAO, release_notice
from tongxin.rosters.models import BatchStatus, ImportBatch


def import_roster(path: Path, out: io.StringIO, *options: str) -> None:
    with time_machine.travel(TODAY, tick=False):
        call_command(
            "import-roster",
            str(path),
            "--kind",
            "release-notice",
            "--user",
            "worker_a",
            *options,
            stdout=out,
            stderr=io.StringIO(),
        )


def test_a_rejected_file_lists_its_bad_rows_and_exits_with_1(world: World, tmp_path: Path) -> None:
    path, report = tmp_path / "四月释放.xlsx", tmp_path / "行报告.xlsx"
    path.write_bytes(release_notice([ZHAO, ["李四", "123", "男", "2026-13-01", "抢劫罪", "监狱"]]))
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        import_roster(path, out, "--report", str(report))

    assert failed.value.returncode == 1
    assert str(failed.value) == "1 行有误,整个文件未导入。请按行号改正后重新上传。"
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.REJECTED
    assert out.getvalue().splitlines() == [
        "1 行有误,整个文件未导入。请按行号改正后重新上传。",
        f"批次编号:{batch.uuid}",
        "有误的行(请改正后重新上传):",
        "  第 4 行 身份证号:身份证号码应为 18 位(或 15 位旧号码),现在是 3 位。",
        "  第 4 行 释放日期:释放日期“2026-13-01”不是有效日期(月或日超出范围,或把日和月写反了),"
        "请按 1990-05-03 的格式填写。",
    ]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report.read_bytes())).get_sheet_by_name(
        "导入结果"
    )
    assert [line[:3] for line in sheet.to_python()[6:]] == [
        [3.0, "本行无误(文件被驳回,未导入)", ""],
        [4.0, "有误", "身份证号"],
        [4.0, "有误", "释放日期"],
    ]


def test_an_imported_file_says_what_it_created_and_what_to_check(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "四月释放.xlsx"
    registered = ["张冬明", world.person_a.id_number, "男", RELEASED, "盗窃罪", "监狱"]
    path.write_bytes(release_notice([ZHAO, registered]))
    out = io.StringIO()
    import_roster(path, out)

    batch = ImportBatch.objects.get()
    assert out.getvalue().splitlines() == [
        "已导入“四月释放.xlsx”,共 2 行:新建档案 1、匹配已有人员 1。",
        f"批次编号:{batch.uuid}",
        "请核对的行:",
        "  第 4 行(匹配已有人员)身份证号:身份证号码前 6 位地区码 990101 不在行政区划表中"
        "(可能是新设或撤并的县),请核对。",
        "  第 4 行(匹配已有人员)姓名:名单中的姓名“张冬明”与档案中的“张东明”不一致,"
        "档案未改动,请核对。",
    ]

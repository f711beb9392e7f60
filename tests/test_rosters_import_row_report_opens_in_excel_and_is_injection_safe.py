"""The row report is a real workbook: a watermark line (agency, who, when), the file and
batch, then one line per reason with the row number, outcome, field, reason and the
person's public id. Text from the upload never becomes a formula, and exporting it writes
one access-audit row naming the batch and the people listed."""

from __future__ import annotations

import io
import zipfile

import time_machine
from python_calamine import CalamineWorkbook

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice, run
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.rosters.report import write_report

HOSTILE_NAME = '=HYPERLINK("http://evil.example","点我").xlsx'


def rows_of(workbook: bytes) -> list[list[object]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(workbook)).get_sheet_by_name("导入结果")
    return sheet.to_python()


def test_report_of_a_rejected_file_lists_the_bad_row_safely(world: World) -> None:
    bad = ["李四", "11010119900307123", "男", RELEASED, "抢劫罪", "某某监狱"]
    with time_machine.travel(TODAY, tick=False):
        batch = run(world.worker_a, release_notice([ZHAO, bad]), file_name=HOSTILE_NAME).batch
        workbook = write_report(
            actor=Actor(user=world.worker_a, channel="web"), batch_uuid=batch.uuid
        )

    rows = rows_of(workbook)
    assert rows[0][0] == "东城镇司法所 worker_a 于 2026-03-03 17:00 导出 · 内部资料,注意保密"
    assert rows[1][:2] == ["文件", "'" + HOSTILE_NAME]
    assert rows[2][1] == f"{batch.uuid} · 已驳回"
    assert rows[3][:2] == ["说明", "1 行有误,整个文件未导入。请按行号改正后重新上传。"]
    assert rows[5] == ["行号", "结果", "字段", "原因", "人员编号"]
    assert rows[6][:3] == [3.0, "本行无误(文件被驳回,未导入)", ""]
    assert rows[7][:4] == [
        4.0,
        "有误",
        "身份证号",
        "身份证号码应为 18 位(或 15 位旧号码),现在是 17 位。",
    ]
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml

    event = AccessEvent.objects.get(action="roster.report")
    assert event.object_ids == [str(batch.uuid)] and event.actor == world.worker_a
    assert event.details == {"rows": 2, "people": []}


def test_report_of_a_committed_file_names_the_people(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([ZHAO, QIAN]))
        workbook = write_report(
            actor=Actor(user=world.county_supervisor, channel="web"), batch_uuid=result.batch.uuid
        )

    lines = rows_of(workbook)[6:]
    assert [(line[0], line[1], line[4]) for line in lines] == [
        (3.0, "新建档案", str(result.rows[0].person_uuid)),
        (4.0, "新建档案", str(result.rows[1].person_uuid)),
    ]
    assert rows_of(workbook)[0][0].startswith("测试县司法局 county_supervisor 于 ")
    event = AccessEvent.objects.get(action="roster.report")
    assert sorted(event.details["people"]) == sorted(str(p.person_uuid) for p in result.rows)

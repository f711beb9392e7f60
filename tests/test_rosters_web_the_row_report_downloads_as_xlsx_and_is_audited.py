"""The batch page's row report downloads as an .xlsx workbook with every row's number,
outcome, field and reason, and the download writes one AccessEvent naming the batch."""

from __future__ import annotations

import io

import time_machine
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice
from tests.rosters_web_support import latest_batch, signed_in, upload
from tongxin.audit.models import AccessEvent


def test_the_report_is_an_audited_workbook(world: World) -> None:
    content = release_notice(
        [ZHAO, ["李四", 1.10101199003071e17, "男", RELEASED, "抢劫罪", "某某监狱"], QIAN]
    )
    client = signed_in(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        upload(client, content)
        batch = latest_batch()
        before = AccessEvent.objects.filter(action="roster.report").count()
        response = client.get(reverse("rosters:report", args=[batch.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{batch.uuid}.xlsx" in response["Content-Disposition"]

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(
        "导入结果"
    )
    lines = sheet.to_python()
    header = lines.index(["行号", "结果", "字段", "原因", "人员编号"])
    rows = [line[:4] for line in lines[header + 1 :]]
    assert rows == [
        [3, "本行无误(文件被驳回,未导入)", "", ""],
        [
            4,
            "有误",
            "身份证号",
            "身份证号被 Excel 存成数字,后几位已丢失,请把该列设为文本后重新填写",
        ],
        [5, "本行无误(文件被驳回,未导入)", "", ""],
    ]

    events = AccessEvent.objects.filter(action="roster.report")
    assert events.count() == before + 1
    event = events.order_by("-id").first()
    assert event is not None
    assert event.actor == world.worker_a and event.object_ids == [str(batch.uuid)]

"""A file that is no roster (not a workbook, a sheet without the kind's columns, a header
with nothing under it) is rejected as a batch with the reason and what to do, in Chinese;
no row is kept and nothing is imported."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import TODAY, run
from tests.rosters_support import xlsx_bytes
from tongxin.people.models import Person
from tongxin.rosters.models import BatchStatus, ImportBatch, ImportRow


def test_unreadable_files_are_rejected_with_their_reason(world: World) -> None:
    files = {
        "网页.xls": b"<html><body><table><tr><td>x</td></tr></table></body></html>",
        "错表.xlsx": xlsx_bytes([["姓名", "电话"], ["赵建国", "13900000000"]]),
        "空表.xlsx": xlsx_bytes([["姓名", "身份证号", "释放日期"]]),
    }
    with time_machine.travel(TODAY, tick=False):
        for name, content in files.items():
            run(world.worker_a, content, file_name=name)

    messages = dict(ImportBatch.objects.values_list("file_name", "error_message"))
    assert messages["网页.xls"] == (
        "这是网页(HTML)或 XML 格式导出的表格,不是真正的 Excel 文件。"
        "请用 Excel 打开后另存为“Excel 工作簿(.xlsx)”再上传。"
    )
    assert messages["错表.xlsx"] == (
        "工作表“名单”的前 10 行中找不到完整的表头:缺少 “身份证号”、“释放日期” 列。"
        "请确认选对了名单类型,表头在前 10 行内,列名写作如“姓名”“身份证号”。"
    )
    assert messages["空表.xlsx"] == "文件中没有数据行:表头下面是空的。请填写名单后重新上传。"
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {BatchStatus.REJECTED}
    assert not ImportRow.objects.exists()
    assert Person.objects.count() == 3

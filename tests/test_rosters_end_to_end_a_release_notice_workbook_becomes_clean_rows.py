"""A prison's release-notice workbook, as sent, from bytes to clean rows and errors."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.rosters_support import read, valid_id, xlsx_bytes
from tongxin.rosters.cleaning import clean_rows
from tongxin.rosters.reading import RosterKind


def test_release_notice_from_upload_to_clean_rows() -> None:
    woman = valid_id(dt.date(1988, 11, 20), sex="F", sequence=40)
    content = xlsx_bytes(
        [
            [None],
            [
                "序号",
                "*姓 名",
                "身份证号码\n(18位)",
                "性别",
                "出生年月",
                "刑满释放日期",
                "罪名",
                "服刑监狱",
                "备用",
            ],
            [
                1,
                "张 三",
                valid_id(),
                "男",
                "1990.05",
                dt.date(2026, 4, 1),
                "盗窃罪",
                "某某监狱",
                None,
            ],
            [
                2,
                "欧阳娜娜",
                woman.lower(),
                "女",
                dt.date(1988, 11, 20),
                "2026/4/15",
                "诈骗罪",
                "某某监狱",
                "x",
            ],
            [3, "李四", 1.10101199003071e17, "男", None, "2026-13-01", "抢劫罪", "某某监狱", None],
            ["合计", "3 人"],
        ],
        merges=[(0, 0, 0, 8, "某某监狱刑满释放人员通知书汇总")],
    )
    table = read(content, RosterKind.RELEASE_NOTICE)
    assert table.header_row == 2 and table.footer_rows == (6,)
    assert [c.header for c in table.unknown_columns] == ["备用"]
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0), tick=False):
        rows = clean_rows(table.rows, kind=table.kind)
    first, second, third = rows
    assert first.is_valid and first.row_number == 3
    assert first.values["name"] == "张三" and first.values["birth_date"] == dt.date(1990, 5, 3)
    assert second.is_valid and second.values["id_number"] == woman.upper()
    assert second.values["release_date"] == dt.date(2026, 4, 15) and second.values["sex"] == "F"
    assert [(e.row, e.field) for e in third.errors] == [(5, "id_number"), (5, "release_date")]
    assert str(third.errors[0]) == (
        "第 5 行:身份证号被 Excel 存成数字,后几位已丢失,请把该列设为文本后重新填写"
    )

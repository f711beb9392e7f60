"""The header is found under a merged title and a date line; row numbers are the sheet's."""

from __future__ import annotations

import pytest

from tests.rosters_support import read, valid_id, xlsx_bytes
from tongxin.rosters.reading import RosterUnreadable


def test_header_under_a_merged_title_and_a_date_line() -> None:
    content = xlsx_bytes(
        [
            [None],
            ["填报日期:2026年3月1日"],
            ["序号", "姓名", "身份证号", "释放日期", "罪名"],
            [1, "张三", valid_id(), "2026-04-01", "盗窃罪"],
        ],
        merges=[(0, 0, 0, 4, "某监狱刑满释放人员通知名单")],
    )
    table = read(content)
    assert table.header_row == 3
    assert table.columns["name"].index == 1 and table.columns["id_number"].letter == "C"
    assert [row.row_number for row in table.rows] == [4]
    assert table.rows[0].values["name"] == "张三"


def test_header_that_starts_further_down_and_right() -> None:
    content = xlsx_bytes(
        [
            [None, None, "姓名", "身份证号", "释放日期"],
            [None, None, "李四", valid_id(), "2026-05-01"],
        ],
        first_row=5,
    )
    table = read(content)
    assert table.header_row == 6 and table.columns["name"].letter == "C"
    assert table.rows[0].row_number == 7 and table.rows[0].values["name"] == "李四"


def test_a_header_below_the_tenth_row_is_not_found() -> None:
    content = xlsx_bytes(
        [["姓名", "身份证号", "释放日期"], ["张三", valid_id(), "2026-04-01"]], first_row=10
    )
    with pytest.raises(RosterUnreadable) as unreadable:
        read(content)
    assert "前 10 行中找不到完整的表头" in unreadable.value.message

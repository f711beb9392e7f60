"""Totals, signatures and notes under the data are skipped and listed."""

from __future__ import annotations

from tests.rosters_support import read, valid_id, xlsx_bytes


def test_totals_and_signature_rows_are_skipped() -> None:
    content = xlsx_bytes(
        [
            ["序号", "姓名", "身份证号", "释放日期"],
            [1, "张三", valid_id(), "2026-04-01"],
            ["合计", None, "1 人"],
            [None, "制表人:赵六", None, "审核人:钱七"],
            ["注:本表一式两份"],
            ["填报单位(盖章):某监狱"],
            [2, "李四", valid_id(sequence=31), "2026-04-02"],
        ]
    )
    table = read(content)
    assert [row.values["name"] for row in table.rows] == ["张三", "李四"]
    assert table.footer_rows == (3, 4, 5, 6)

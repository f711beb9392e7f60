"""Raw rows keep calamine's cell types, blank cells are None, blank rows are skipped."""

from __future__ import annotations

import datetime as dt

from tests.rosters_support import read, xlsx_bytes


def test_cells_keep_their_types() -> None:
    content = xlsx_bytes(
        [
            ["姓名", "身份证号", "释放日期", "原判刑期", "联系电话"],
            ["张三", "110101199003071233", dt.date(2026, 4, 1), 3, 13800138000],
            [None, None, None, None, None],
            ["李四", 1.10101199003071e17, dt.datetime(2026, 4, 2, 9, 30), "三年", None],
            ["王五", "  ", 46000, None, "   "],
        ]
    )
    rows = read(content).rows
    assert [row.row_number for row in rows] == [2, 4, 5]
    first, second, third = (row.values for row in rows)
    assert first == {
        "name": "张三",
        "id_number": "110101199003071233",
        "release_date": dt.date(2026, 4, 1),
        "original_sentence": 3.0,
        "phone": 13800138000.0,
    }
    assert isinstance(second["id_number"], float)
    assert second["release_date"] == dt.datetime(2026, 4, 2, 9, 30)
    assert second["phone"] is None
    assert third["id_number"] is None and third["release_date"] == 46000.0

"""A real .xls (BIFF8, made by xlwt; see fixtures/rosters/README.md) is read by calamine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.rosters_support import read

XLS = Path(__file__).parent / "fixtures" / "rosters" / "release_notice.xls"


def test_xls_rows_with_merged_title_dates_and_a_numeric_id() -> None:
    table = read(XLS.read_bytes())
    assert table.sheet_name == "刑满释放人员" and table.header_row == 2
    assert [row.row_number for row in table.rows] == [3, 4]
    assert table.rows[0].values == {
        "name": "张三",
        "id_number": "110101199003071233",
        "release_date": dt.date(2026, 4, 1),
        "crime": "盗窃罪",
    }
    assert isinstance(table.rows[1].values["id_number"], float)
    assert table.footer_rows == (5,)

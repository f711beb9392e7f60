"""Hidden sheets are ignored; the first visible sheet with the required header is read."""

from __future__ import annotations

import io

import xlsxwriter

from tests.rosters_support import read, valid_id, xlsx_bytes


def test_hidden_sheet_is_ignored() -> None:
    content = xlsx_bytes(
        [["姓名", "身份证号", "释放日期"], ["可见", valid_id(), "2026-04-01"]],
        hidden_sheet_rows=[["姓名", "身份证号", "释放日期"], ["隐藏", valid_id(), "2026-04-01"]],
    )
    table = read(content)
    assert table.sheet_name == "名单" and table.rows[0].values["name"] == "可见"


def test_a_cover_sheet_without_a_header_is_skipped() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("说明").write(0, 0, "本表由某监狱填报")
    roster = book.add_worksheet("名单")
    roster.write_row(0, 0, ["姓名", "身份证号", "释放日期"])
    roster.write_row(1, 0, ["张三", valid_id(), "2026-04-01"])
    book.close()
    table = read(buffer.getvalue())
    assert table.sheet_name == "名单" and len(table.rows) == 1

"""calamine allocates the whole rectangle from A1 to the farthest cell at once: two cells at
A1 and XFD1048576 in a 5 KB file abort the process out of memory. Such sheets are refused
before calamine opens them, whether cells carry references or not, in .xlsx and .xls."""

from __future__ import annotations

import io
import struct

import pytest
import xlsxwriter

from tests.rosters_support import (
    biff_record,
    biff_workbook,
    compound_file,
    package,
    sheet_xml,
    xlsx_bytes,
    zip_bytes,
)
from tongxin.rosters.files import Refusal, UploadLimits, UploadRefused, check_upload


def _refused(content: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        check_upload(content)
    return refused.value


def test_two_far_apart_cells_from_a_real_writer_are_refused() -> None:
    content = xlsx_bytes([["姓名"]])
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "姓名")
    sheet.write(1048575, 16383, "x")
    book.close()
    assert len(buffer.getvalue()) < 10_000 and check_upload(content).kind == "xlsx"
    refused = _refused(buffer.getvalue())
    assert refused.reason == Refusal.SHEET_TOO_LARGE
    assert "第 1048576 行、第 16384 列" in refused.message
    assert "复制到新的工作簿" in refused.message


def test_cells_without_references_are_bounded_by_their_rows() -> None:
    # No r attributes: calamine places each cell one column after the previous one.
    wide_row = "<row>" + "<c><v>1</v></c>" * 3000 + "</row>"
    tall = "<row><c><v>1</v></c></row>" * 2000
    refused = _refused(zip_bytes(package(sheet_xml(wide_row + tall))))
    assert refused.reason == Refusal.SHEET_TOO_LARGE


def test_a_far_row_number_before_unreferenced_cells_counts() -> None:
    sheet = '<row r="1000000"><c><v>1</v></c></row><row><c r="Z1"><v>1</v></c></row>'
    assert _refused(zip_bytes(package(sheet_xml(sheet)))).reason == Refusal.SHEET_TOO_LARGE


def test_prefixed_cell_tags_are_read_too() -> None:
    sheet = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="900000"><x:c t="n" r="ZZ900000"><x:v>1</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    assert _refused(zip_bytes(package(sheet))).reason == Refusal.SHEET_TOO_LARGE


def test_an_xls_cell_at_the_last_row_and_column_is_refused() -> None:
    far = biff_record(0x0203, struct.pack("<HHHd", 65535, 255, 0, 1.0))
    content = compound_file({"Workbook": biff_workbook(sheet_records=[far])})
    assert _refused(content).reason == Refusal.SHEET_TOO_LARGE


def test_an_ordinary_roster_is_well_within_the_limit() -> None:
    rows = [["姓名", "身份证号", "释放日期"] + [f"列{i}" for i in range(20)]]
    rows += [[f"人{i}", "110101199003071233", "2026-01-01"] + ["x"] * 20 for i in range(3000)]
    assert check_upload(xlsx_bytes(rows)).kind == "xlsx"
    with pytest.raises(UploadRefused):
        check_upload(xlsx_bytes(rows), limits=UploadLimits(max_sheet_cells=50_000))

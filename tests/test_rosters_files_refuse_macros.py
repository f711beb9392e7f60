"""Workbooks carrying code are refused, however the code is stored."""

from __future__ import annotations

import struct

import pytest

from tests.rosters_support import (
    MAIN_XLSM,
    biff_record,
    biff_workbook,
    compound_file,
    package,
    zip_bytes,
)
from tongxin.rosters.files import Refusal, UploadRefused, check_upload

MESSAGE = (
    "文件包含宏(VBA 或 Excel 4.0 宏),为安全起见不能导入。"
    "请在 Excel 中另存为不含宏的“Excel 工作簿(.xlsx)”后再上传。"
)


def _boundsheet(sheet_type: int) -> bytes:
    return biff_record(0x0085, struct.pack("<IBB", 0, 0, sheet_type) + b"\x01\x00S")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            zip_bytes(package(extra={"xl/vbaProject.bin": b"\xcc" * 64})), id="vbaProject.bin"
        ),
        pytest.param(zip_bytes(package(main=MAIN_XLSM)), id="macro-enabled content type"),
        pytest.param(
            zip_bytes(package(extra={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})),
            id="excel-4 macro sheet",
        ),
        pytest.param(
            compound_file({"Workbook": biff_workbook()}, storages=["_VBA_PROJECT_CUR"]),
            id="xls with a VBA storage",
        ),
        pytest.param(
            compound_file({"Workbook": biff_workbook(biff_record(0x00D3))}),
            id="xls with an OBPROJ record",
        ),
        pytest.param(
            compound_file({"Workbook": biff_workbook(_boundsheet(0x01))}),
            id="xls with an excel-4 macro sheet",
        ),
    ],
)
def test_macros_are_refused_with_the_fix(content: bytes) -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(content)
    assert refused.value.reason == Refusal.MACROS
    assert refused.value.message == MESSAGE


def test_an_xls_with_ordinary_worksheets_passes() -> None:
    content = compound_file({"Workbook": biff_workbook(_boundsheet(0x00))})
    assert check_upload(content).kind == "xls"

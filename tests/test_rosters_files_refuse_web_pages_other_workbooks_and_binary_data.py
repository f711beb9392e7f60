"""Anything that is not an .xlsx, an .xls or CSV text is refused with what to do instead."""

from __future__ import annotations

import pytest

from tests.rosters_support import MAIN_XLSB, compound_file, package, zip_bytes
from tongxin.rosters.files import Refusal, UploadRefused, check_upload

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _refused(content: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        check_upload(content)
    return refused.value


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>",
        b'\xef\xbb\xbf  <?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office'
        b':spreadsheet"></Workbook>',
        '<table border="1"><tr><td>姓名</td></tr></table>'.encode("gb18030"),
    ],
    ids=["html", "xml-spreadsheet-2003", "gbk-html-table"],
)
def test_web_pages_saved_as_xls_are_refused(content: bytes) -> None:
    refused = _refused(content)
    assert refused.reason == Refusal.WEB_PAGE
    assert refused.message == (
        "这是网页(HTML)或 XML 格式导出的表格,不是真正的 Excel 文件。"
        "请用 Excel 打开后另存为“Excel 工作簿(.xlsx)”再上传。"
    )


def test_a_binary_workbook_is_refused_by_name() -> None:
    refused = _refused(zip_bytes(package(main=MAIN_XLSB)))
    assert refused.reason == Refusal.OTHER_WORKBOOK
    assert refused.message.startswith("这是Excel 二进制工作簿(.xlsb),不能直接导入。")


def test_an_opendocument_spreadsheet_is_refused_by_name() -> None:
    content = zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
    )
    refused = _refused(content)
    assert refused.reason == Refusal.OTHER_WORKBOOK and "(.ods)" in refused.message


@pytest.mark.parametrize(
    "content",
    [
        zip_bytes(package(main=WORD_MAIN)),
        zip_bytes({"readme.txt": b"hello"}),
        compound_file({"WordDocument": b"\xec\xa5" * 300}),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x01",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x05\x06" + b"\0" * 18,
    ],
    ids=["docx", "plain-zip", "word-doc", "pdf", "png", "empty-zip"],
)
def test_other_files_are_refused_as_not_a_workbook(content: bytes) -> None:
    refused = _refused(content)
    assert refused.reason == Refusal.NOT_A_WORKBOOK
    assert "只能上传 Excel 工作簿(.xlsx、.xls)或 CSV 文本文件" in refused.message

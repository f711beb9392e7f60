"""The kind of an upload comes from its bytes, never from its name."""

from __future__ import annotations

import io
from pathlib import Path

from tests.rosters_support import xlsx_bytes
from tongxin.rosters.files import FileKind, check_upload

FIXTURES = Path(__file__).parent / "fixtures" / "rosters"


def test_an_xlsx_is_recognised_as_a_zip_of_spreadsheet_parts() -> None:
    content = xlsx_bytes([["姓名", "身份证号"], ["张三", "110101199003071233"]])
    upload = check_upload(content)
    assert upload.kind == FileKind.XLSX and upload.content == content and upload.text is None


def test_a_legacy_xls_is_recognised_as_an_ole2_workbook() -> None:
    upload = check_upload((FIXTURES / "release_notice.xls").read_bytes())
    assert upload.kind == FileKind.XLS


def test_text_is_recognised_as_csv_with_its_encoding() -> None:
    upload = check_upload("姓名,身份证号\n张三,110101199003071233\n".encode())
    assert upload.kind == FileKind.CSV
    assert upload.encoding == "utf-8" and upload.text is not None and upload.text.startswith("姓名")


def test_a_file_object_is_read_like_bytes() -> None:
    content = xlsx_bytes([["姓名", "身份证号"]])
    assert check_upload(io.BytesIO(content)).kind == FileKind.XLSX

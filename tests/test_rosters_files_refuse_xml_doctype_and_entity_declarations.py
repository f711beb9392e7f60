"""No XML part may declare a DOCTYPE or an ENTITY: Excel never writes them."""

from __future__ import annotations

import random
import string

import pytest

from tests.rosters_support import content_types, package, sheet_xml, zip_bytes
from tongxin.rosters.files import Refusal, UploadRefused, check_upload

ROW = '<row r="1"><c r="A1"><v>1</v></c></row>'
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _refused(parts: dict[str, bytes]) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        check_upload(zip_bytes(parts))
    return refused.value


@pytest.mark.parametrize(
    "prolog",
    [EXTERNAL, "<!doctype worksheet>", '<!ENTITY lol "lol">', "<!  DOCTYPE worksheet>"],
)
def test_a_sheet_with_a_declaration_is_refused(prolog: str) -> None:
    refused = _refused(package(sheet_xml(ROW, prolog=prolog)))
    assert refused.reason == Refusal.XML_DECLARATION
    assert "DOCTYPE/ENTITY" in refused.message and "另存为 .xlsx" in refused.message


def test_the_content_types_part_is_checked_too() -> None:
    parts = package()
    parts["[Content_Types].xml"] = content_types().replace(b"?>", b"?>" + EXTERNAL.encode(), 1)
    assert _refused(parts).reason == Refusal.XML_DECLARATION


def test_a_utf16_part_is_checked_in_its_own_encoding() -> None:
    text = sheet_xml(ROW, prolog=EXTERNAL).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts = package(b"\xff\xfe" + text.encode("utf-16-le"))
    assert _refused(parts).reason == Refusal.XML_DECLARATION


def test_a_declaration_cut_by_a_chunk_boundary_is_found() -> None:
    # Parts are scanned in 1 MiB chunks; put "<!DOCTYPE" across the first boundary.
    head = '<?xml version="1.0"?><!--'
    # Letters that do not compress well, so the part stays under the compression limit.
    padding = "".join(random.Random(1).choices(string.ascii_letters, k=1024 * 1024 - len(head) - 7))
    sheet = f"{head}{padding}-->{EXTERNAL}<worksheet><sheetData>{ROW}</sheetData></worksheet>"
    assert sheet.encode().index(b"<!DOCTYPE") < 1024 * 1024 < sheet.encode().index(b"DOCTYPE") + 7
    assert _refused(package(sheet.encode())).reason == Refusal.XML_DECLARATION

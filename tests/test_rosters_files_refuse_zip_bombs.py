"""Zip bombs are refused from the central directory, before anything is inflated, and an
entry that inflates past the size its directory declares is refused while inflating."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from tests.rosters_support import package, sheet_xml, zip_bytes
from tongxin.rosters.files import Refusal, UploadLimits, UploadRefused, check_upload


def refusal(content: bytes, limits: UploadLimits | None = None) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        check_upload(content, limits=limits)
    return refused.value


def test_too_many_entries_are_refused() -> None:
    parts = package(extra={f"xl/media/image{i}.png": b"x" for i in range(600)})
    refused = refusal(zip_bytes(parts))
    assert refused.reason == Refusal.TOO_MANY_PARTS
    assert "部件太多(603 个,上限 500 个)" in refused.message


def test_an_archive_that_unpacks_past_the_limit_is_refused() -> None:
    parts = package(extra={"xl/media/blob.bin": b"\0" * (3 * 1024 * 1024)})
    limits = UploadLimits(max_unpacked_bytes=2 * 1024 * 1024, max_compression_ratio=10**6)
    refused = refusal(zip_bytes(parts), limits)
    assert refused.reason == Refusal.UNPACKS_TOO_LARGE
    assert "解压后太大(3.0 MB,上限 2.0 MB)" in refused.message


def test_an_entry_compressed_a_thousand_times_is_refused() -> None:
    # 50 MB of zeros deflates to ~50 KB: the classic bomb shape, refused without inflating.
    parts = package(extra={"xl/worksheets/sheet2.xml": b"\0" * (50 * 1024 * 1024)})
    refused = refusal(zip_bytes(parts))
    assert refused.reason == Refusal.ZIP_BOMB
    assert "压缩了" in refused.message and "倍" in refused.message


def test_small_entries_may_compress_well() -> None:
    # Under the 1 MB grace size a high ratio is harmless (repeated empty cells do that).
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 3000))
    assert check_upload(zip_bytes(package(sheet_xml(rows)))).kind == "xlsx"


def _declare_smaller(content: bytes, name: str, declared: int, real_prefix: bytes) -> bytes:
    """Make the local header and central directory claim ``declared`` bytes (with the CRC of
    that prefix) while the deflated data holds more: what a crafted bomb does."""
    data = bytearray(content)
    crc = zlib.crc32(real_prefix[:declared])
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == encoded:
            struct.pack_into("<I", data, local + 14, crc)
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == encoded:
            struct.pack_into("<I", data, central + 16, crc)
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_an_entry_inflating_past_its_declared_size_is_refused() -> None:
    sheet = sheet_xml(
        "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 500))
    )
    content = _declare_smaller(zip_bytes(package(sheet)), "xl/worksheets/sheet1.xml", 200, sheet)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 200
    refused = refusal(content)
    assert refused.reason == Refusal.ZIP_BOMB
    assert "实际大小与声明的不符" in refused.message

"""Password-protected workbooks are refused with the way to remove the password."""

from __future__ import annotations

import pytest

from tests.rosters_support import biff_record, biff_workbook, compound_file, package, zip_bytes
from tongxin.rosters.files import Refusal, UploadRefused, check_upload

MESSAGE = "文件已加密,请在 Excel 中取消密码后另存为 .xlsx 再上传。"


def _zip_with_encrypted_entry() -> bytes:
    data = bytearray(zip_bytes(package()))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        while position != -1:
            data[position + flag_offset] |= 0x01
            position = data.find(signature, position + 4)
    return bytes(data)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(
            compound_file(
                {
                    "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 200,
                    "EncryptedPackage": b"\x99" * 6000,
                },
                storages=["\x06DataSpaces"],
            ),
            id="xlsx in an OLE2 encryption envelope",
        ),
        pytest.param(
            compound_file({"Workbook": biff_workbook(biff_record(0x002F, b"\x01\x00" * 27))}),
            id="xls with a FILEPASS record",
        ),
        pytest.param(_zip_with_encrypted_entry(), id="zip entries with the encryption flag"),
    ],
)
def test_encrypted_workbooks_are_refused(content: bytes) -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(content)
    assert refused.value.reason == Refusal.ENCRYPTED
    assert refused.value.message == MESSAGE

"""CSV in UTF-8 (with or without BOM), GB18030/GBK and Excel's UTF-16 "Unicode text"."""

from __future__ import annotations

import pytest

from tests.rosters_support import read, valid_id
from tongxin.rosters.files import check_upload

ID = valid_id()
TEXT = f"刑满释放人员名单\r\n姓名,身份证号,释放日期\r\n欧阳娜娜,{ID},2026-04-01\r\n"


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.replace(",", "\t").encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-tabs"],
)
def test_csv_is_decoded_and_read(content: bytes, encoding: str) -> None:
    assert check_upload(content).encoding == encoding
    table = read(content)
    assert table.sheet_name == "CSV" and table.header_row == 2
    assert table.rows[0].row_number == 3
    assert table.rows[0].values == {
        "name": "欧阳娜娜",
        "id_number": ID,
        "release_date": "2026-04-01",
    }


def test_strict_utf8_is_tried_before_gb18030() -> None:
    # "锟斤拷" territory: UTF-8 bytes must not be read as GB18030, which would decode them.
    content = "姓名,身份证号,释放日期\n张三,1,2\n".encode()
    assert content.decode("gb18030")  # GB18030 would accept these bytes too
    assert check_upload(content).encoding == "utf-8"

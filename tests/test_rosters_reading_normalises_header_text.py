"""Header cells match whatever the spacing, width, line breaks, colons, stars and notes."""

from __future__ import annotations

import pytest

from tests.rosters_support import read, valid_id, xlsx_bytes
from tongxin.rosters.reading import normalise_header


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("姓 名", "姓名"),
        ("姓\u3000名", "姓名"),
        ("身份证\n号码", "身份证号码"),
        ("身份证号码:", "身份证号码"),
        ("身份证号码:", "身份证号码"),
        ("*姓名", "姓名"),
        ("姓名*", "姓名"),
        ("＊姓名", "姓名"),
        ("身份证号码(18位)", "身份证号码"),
        ("出生日期(年月日)", "出生日期"),
        ("联系电话【手机】", "联系电话"),
        (" 释放日期 ", "释放日期"),
    ],
)
def test_header_text_is_normalised(written: str, expected: str) -> None:
    assert normalise_header(written) == expected


def test_a_sheet_with_such_headers_is_read() -> None:
    content = xlsx_bytes(
        [["*姓 名", "身份证\n号码(18位)", "刑满释放日期:"], ["张三", valid_id(), "2026-04-01"]]
    )
    table = read(content)
    assert set(table.columns) == {"name", "id_number", "release_date"}
    assert table.columns["id_number"].header == "身份证 号码(18位)"

"""Names: trimmed, spaces between Chinese characters removed, the minority-name dot kept."""

from __future__ import annotations

import pytest

from tongxin.rosters.cleaning import CellRejected, clean_person_name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (" 张三 ", "张三"),
        ("张 三", "张三"),
        ("欧阳\u3000娜娜", "欧阳娜娜"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("ＡＬＩ", "ALI"),
    ],
)
def test_names_are_cleaned(written: str, expected: str) -> None:
    assert clean_person_name(written) == expected


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("张三2", "中有数字"),
        ("张?", "乱码或问号"),
        ("锟斤拷", "乱码或问号"),
        ("\ufffd三", "乱码或问号"),
        ("张" * 51, "超过 50 个字"),
    ],
)
def test_names_that_cannot_be_right_are_rejected(written: str, fragment: str) -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_person_name(written)
    assert fragment in rejected.value.message

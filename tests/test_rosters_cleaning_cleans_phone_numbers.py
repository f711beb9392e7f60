"""Phone numbers: mobile or landline, several allowed, numeric cells accepted."""

from __future__ import annotations

import pytest

from tongxin.rosters.cleaning import CellRejected, clean_phone


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        (13800138000.0, "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("0571-87654321", "057187654321"),
        ("13800138000/13900139000", "13800138000/13900139000"),
        ("13800138000、87654321", "13800138000/87654321"),
    ],
)
def test_phone_forms(written: object, expected: str) -> None:
    assert clean_phone(written) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("written", ["1380013800", "无", "138001380001"])
def test_bad_phone_numbers_are_rejected(written: str) -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_phone(written)
    assert rejected.value.message == (
        f"联系电话“{written}”格式不对,请填写 11 位手机号或带区号的固定电话,多个号码用“/”隔开。"
    )

"""ID numbers: full-width, spaces, lower-case x and legacy 15 digits are fixed; checksum
and birth-date errors come from tongxin.lib.resident_id."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rosters_support import raw, valid_id
from tongxin.rosters.cleaning import CellRejected, clean_id_number, clean_row
from tongxin.rosters.reading import RosterKind

FEMALE_X = next(
    n
    for s in range(2, 999, 2)
    if (n := valid_id(dt.date(1985, 1, 1), sex="F", sequence=s))[-1] == "X"
)


@pytest.mark.parametrize(
    "written",
    [
        FEMALE_X.lower(),
        f" {FEMALE_X[:6]} {FEMALE_X[6:14]} {FEMALE_X[14:]} ",
        FEMALE_X.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
        f"'{FEMALE_X}",
    ],
    ids=["lower-x", "spaces", "full-width", "excel-text-prefix"],
)
def test_written_forms_give_the_same_number(written: str) -> None:
    assert clean_id_number(written).number == FEMALE_X


def test_a_legacy_15_digit_number_is_upgraded_with_a_warning() -> None:
    eighteen = valid_id(dt.date(1965, 7, 1), sequence=31)
    fifteen = eighteen[:6] + eighteen[8:17]
    for value in (fifteen, int(fifteen), float(fifteen)):
        row = clean_row(
            raw(name="张三", id_number=value, release_date="2026-04-01"),
            kind=RosterKind.RELEASE_NOTICE,
        )
        assert row.is_valid and row.values["id_number"] == eighteen
        assert [w.message for w in row.warnings] == [
            f"15 位旧身份证号码已升级为 18 位:{eighteen[:6]}********{eighteen[-4:]}。"
        ]


def test_a_wrong_check_digit_is_reported() -> None:
    number = valid_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(CellRejected) as rejected:
        clean_id_number(wrong)
    assert rejected.value.message == (
        f"身份证号码校验位错误:最后一位应为 {number[17]},请核对是否有数字输错。"
    )


def test_an_impossible_birth_date_inside_the_number_is_reported() -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_id_number("110101199013071234")
    assert rejected.value.message == "身份证号码中的出生日期 19901307 不是有效日期。"


def test_a_short_number_is_reported_with_its_length() -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_id_number("1101011990")
    assert rejected.value.message == "身份证号码应为 18 位(或 15 位旧号码),现在是 10 位。"

"""Birth date and sex are checked against the ID: disagreement is reported, never fixed;
blanks are filled from the ID."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rosters_support import raw, valid_id
from tongxin.rosters.cleaning import clean_row
from tongxin.rosters.reading import RosterKind

BORN = dt.date(1990, 5, 3)
MAN = valid_id(BORN, sex="M")


def _clean(**values: object):  # type: ignore[no-untyped-def]
    return clean_row(
        raw(row_number=9, name="张三", id_number=MAN, **values), kind=RosterKind.POLICE_ROSTER
    )


def test_a_swapped_day_and_month_is_reported_not_fixed() -> None:
    row = _clean(birth_date="1990-03-05")
    assert [(e.row, e.field, e.message) for e in row.errors] == [
        (
            9,
            "birth_date",
            "出生日期 1990-03-05 与身份证号中的出生日期 1990-05-03 不一致,"
            "请核对(是否把日和月写反了?)。",
        )
    ]
    assert row.values["birth_date"] == dt.date(1990, 3, 5)


def test_blank_birth_date_and_sex_are_filled_from_the_id() -> None:
    row = _clean()
    assert row.is_valid
    assert row.values["birth_date"] == BORN and row.values["sex"] == "M"


@pytest.mark.parametrize("written", ["1990.05", "1990年5月", "1990-5", "199005", 1990.05])
def test_a_matching_year_and_month_takes_the_ids_date(written: object) -> None:
    row = _clean(birth_date=written)
    assert row.is_valid and row.values["birth_date"] == BORN


def test_a_different_year_and_month_is_reported() -> None:
    row = _clean(birth_date="1990.06")
    assert [e.message for e in row.errors] == [
        "出生年月 1990-06 与身份证号中的出生日期 1990-05-03 不一致,请核对。"
    ]
    assert "birth_date" not in row.values


def test_year_and_month_without_a_valid_id_cannot_be_checked() -> None:
    row = clean_row(
        raw(name="张三", id_number="123", birth_date="1990.05"), kind=RosterKind.POLICE_ROSTER
    )
    assert [e.field for e in row.errors] == ["id_number", "birth_date"]
    assert "只有年月,且身份证号无效" in row.errors[1].message


@pytest.mark.parametrize("written", ["男", "男性", "M", "male", "1", 1.0, " 男 "])
def test_sex_values_that_agree(written: object) -> None:
    row = _clean(sex=written)
    assert row.is_valid and row.values["sex"] == "M"


def test_a_sex_that_disagrees_with_the_id_is_reported() -> None:
    row = _clean(sex="女")
    assert [(e.field, e.message) for e in row.errors] == [
        ("sex", "性别为“女”,但身份证号显示为男性,请核对。")
    ]


def test_an_unknown_sex_is_reported() -> None:
    row = _clean(sex="未知")
    assert [e.message for e in row.errors] == ["性别“未知”无法识别,请填写“男”或“女”。"]

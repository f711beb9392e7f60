"""Dates as people and Excel write them; doubtful ones are errors, never guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from tongxin.rosters.cleaning import CellRejected, clean_date, excel_serial_to_date

MAY_3 = dt.date(1990, 5, 3)


@pytest.mark.parametrize(
    "value",
    [
        "1990-05-03",
        "1990-5-3",
        "1990/5/3",
        "1990/05/03",
        "1990.5.3",
        "1990年5月3日",
        "1990 年 5 月 3 日",
        "19900503",
        "１９９０－０５－０３",
        "1990-05-03 00:00:00",
        19900503,
        19900503.0,
        32996,
        32996.75,
        dt.date(1990, 5, 3),
        dt.datetime(1990, 5, 3, 14, 0),
    ],
)
def test_date_forms(value: object) -> None:
    assert clean_date(value, label="出生日期") == MAY_3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("serial", "expected"),
    [(1, dt.date(1900, 1, 1)), (59, dt.date(1900, 2, 28)), (61, dt.date(1900, 3, 1))],
)
def test_excel_serials_follow_the_1900_date_system(serial: int, expected: dt.date) -> None:
    assert excel_serial_to_date(serial, label="释放日期") == expected


def test_serial_60_is_excels_nonexistent_29_february_1900() -> None:
    with pytest.raises(CellRejected) as rejected:
        excel_serial_to_date(60, label="释放日期")
    assert rejected.value.message == (
        "释放日期是 Excel 中的 1900 年 2 月 29 日,这一天并不存在,请核对后重新填写。"
    )


@pytest.mark.parametrize("value", ["1990-13-05", "1990-02-30", "1990/31/12", "19901301"])
def test_an_impossible_date_is_an_error_not_a_swap(value: str) -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_date(value, label="释放日期")
    assert rejected.value.message == (
        f"释放日期“{value}”不是有效日期(月或日超出范围,或把日和月写反了),"
        "请按 1990-05-03 的格式填写。"
    )


@pytest.mark.parametrize(
    "value", [1990, 1990.05, "1990", "1990年", "1990.05", "1990年5月", "199005"]
)
def test_a_year_or_year_and_month_alone_is_incomplete(value: object) -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_date(value, label="判决生效日期")  # type: ignore[arg-type]
    assert "只有年份或年月,请填写完整日期,如 1990-05-03" in rejected.value.message


@pytest.mark.parametrize("value", ["不详", "5月3日", True, -3, 1e12, float("nan"), dt.time(9)])
def test_other_values_are_not_dates(value: object) -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_date(value, label="释放日期")  # type: ignore[arg-type]
    assert rejected.value.message.startswith("释放日期“")
    assert "请按 1990-05-03 的格式填写" in rejected.value.message

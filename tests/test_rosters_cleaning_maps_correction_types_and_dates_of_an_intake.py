"""Corrections intake: 矫正类别 maps to the supervision-type codes; end before start is an
error; text fields are NFKC-trimmed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rosters_support import raw, valid_id
from tongxin.programs.specs.corrections import SUPERVISION_TYPES
from tongxin.rosters.cleaning import CellRejected, clean_correction_type, clean_row
from tongxin.rosters.reading import RosterKind


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("管制", "surveillance"),
        ("缓刑", "probation"),
        (" 假 释 ", "parole"),
        ("暂予监外执行", "temporary_outside"),
        ("暂监外", "temporary_outside"),
    ],
)
def test_correction_types(written: str, code: str) -> None:
    assert clean_correction_type(written) == code and code in SUPERVISION_TYPES


def test_an_unknown_correction_type_is_rejected() -> None:
    with pytest.raises(CellRejected) as rejected:
        clean_correction_type("监视居住")
    assert (
        rejected.value.message
        == "矫正类别“监视居住”无法识别,请填写管制、缓刑、假释或暂予监外执行。"
    )


def test_an_intake_row_is_cleaned() -> None:
    row = clean_row(
        raw(
            name="李四",
            id_number=valid_id(),
            correction_type="缓刑",
            judgment_effective_date=46082.0,
            correction_start="2026年3月2日",
            correction_end="2027.3.1",
            court="某某县人民法院  ",
            correction_term="１年",
            crime=3.0,
        ),
        kind=RosterKind.CORRECTIONS_INTAKE,
    )
    assert row.is_valid, row.errors
    assert row.values["judgment_effective_date"] == dt.date(2026, 3, 1)
    assert row.values["correction_start"] == dt.date(2026, 3, 2)
    assert row.values["court"] == "某某县人民法院" and row.values["correction_term"] == "1年"
    assert row.values["crime"] == "3"


def test_an_end_before_the_start_is_reported() -> None:
    row = clean_row(
        raw(
            name="李四",
            id_number=valid_id(),
            correction_type="缓刑",
            judgment_effective_date="2026-03-01",
            correction_start="2026-03-02",
            correction_end="2025-03-01",
        ),
        kind=RosterKind.CORRECTIONS_INTAKE,
    )
    assert [e.message for e in row.errors] == [
        "矫正终止日期 2025-03-01 早于矫正起始日期 2026-03-02,请核对。"
    ]

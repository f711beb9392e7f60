"""An ID number Excel stored as a number has lost its last digits: refused with the fix."""

from __future__ import annotations

import pytest

from tests.rosters_support import raw
from tongxin.rosters.cleaning import clean_row
from tongxin.rosters.reading import RosterKind

MESSAGE = "身份证号被 Excel 存成数字,后几位已丢失,请把该列设为文本后重新填写"


@pytest.mark.parametrize(
    "value",
    [1.10101199003071e17, 110101199003071000, 110101199003071234, "1.10101E+17", "1.1E17"],
    ids=["float", "int-ending-in-zeros", "int-18-digits", "csv-scientific", "csv-short"],
)
def test_numeric_id_is_refused_naming_the_row(value: object) -> None:
    row = clean_row(
        raw(row_number=7, name="张三", id_number=value, release_date="2026-04-01"),
        kind=RosterKind.RELEASE_NOTICE,
    )
    assert not row.is_valid
    assert [(e.row, e.field, e.message) for e in row.errors] == [(7, "id_number", MESSAGE)]
    assert str(row.errors[0]) == f"第 7 行:{MESSAGE}"
    assert "id_number" not in row.values

"""Each kind's required fields must be filled; the error names the field and the row."""

from __future__ import annotations

import pytest

from tests.rosters_support import raw
from tongxin.rosters.cleaning import clean_row
from tongxin.rosters.reading import RosterKind


@pytest.mark.parametrize(
    ("kind", "messages"),
    [
        (
            RosterKind.RELEASE_NOTICE,
            ["缺少姓名,请补填。", "缺少身份证号,请补填。", "缺少释放日期,请补填。"],
        ),
        (
            RosterKind.CORRECTIONS_INTAKE,
            [
                "缺少姓名,请补填。",
                "缺少身份证号,请补填。",
                "缺少矫正类别,请补填。",
                "缺少判决生效日期,请补填。",
            ],
        ),
        (RosterKind.POLICE_ROSTER, ["缺少姓名,请补填。", "缺少身份证号,请补填。"]),
    ],
)
def test_blank_required_fields_are_errors(kind: RosterKind, messages: list[str]) -> None:
    row = clean_row(raw(row_number=12, name="  ", crime="盗窃罪"), kind=kind)
    assert [e.message for e in row.errors] == messages
    assert {e.row for e in row.errors} == {12}

"""Columns the kind does not know are reported, not refused; 序号 is neither."""

from __future__ import annotations

from tests.rosters_support import read, valid_id, xlsx_bytes
from tongxin.rosters.reading import RosterKind


def test_unknown_repeated_and_other_kind_columns_are_reported() -> None:
    content = xlsx_bytes(
        [
            ["序号", "姓名", "身份证号", "婚姻状况", "释放日期", "身份证号码", "所属派出所"],
            [1, "张三", valid_id(), "未婚", "2026-04-01", valid_id(), "城关派出所"],
        ]
    )
    table = read(content, RosterKind.RELEASE_NOTICE)
    assert [(c.letter, c.header) for c in table.unknown_columns] == [
        ("D", "婚姻状况"),
        ("F", "身份证号码"),
        ("G", "所属派出所"),
    ]
    assert set(table.rows[0].values) == {"name", "id_number", "release_date"}
    police = read(content, RosterKind.POLICE_ROSTER)
    assert police.columns["police_station"].letter == "G"

"""A two-row header: the lower row holds the real names, names merged down come from above."""

from __future__ import annotations

from tests.rosters_support import read, valid_id, xlsx_bytes


def test_group_row_above_real_names_and_names_merged_down() -> None:
    content = xlsx_bytes(
        [
            [None],
            [None, None, None, None, None],  # filled by the merges below
            [None, None, "释放日期", "服刑监狱", "罪名"],
            ["王五", valid_id(), "2026-04-01", "某某监狱", "抢劫罪"],
        ],
        merges=[
            (0, 0, 0, 4, "刑满释放人员通知名单"),
            (1, 0, 2, 0, "姓名"),
            (1, 1, 2, 1, "身份证号码"),
            (1, 2, 1, 4, "刑满释放信息"),
        ],
    )
    table = read(content)
    assert table.header_row == 3
    assert {field: column.index for field, column in table.columns.items()} == {
        "name": 0,
        "id_number": 1,
        "release_date": 2,
        "prison": 3,
        "crime": 4,
    }
    assert table.unknown_columns == ()
    assert table.rows[0].row_number == 4 and table.rows[0].values["prison"] == "某某监狱"

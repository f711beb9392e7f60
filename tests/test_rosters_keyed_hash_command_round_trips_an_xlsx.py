"""``tongxin hash-ids`` writes the partner's roster back with only the ID column changed:
its header becomes 身份证号哈希 and its cells the keyed hashes; names, dates, numbers and a
text that looks like a formula come back as they were; a number that fails its checks is
left empty and reported with its row; the same roster hashed to CSV carries the same
hashes."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from tests.rosters_registry_support import roster_command
from tongxin.rosters.keyed_hash import HASH_HEADER, hash_id, key_file_text

KEY = bytes(range(32, 64))
VALID = "990121199001011236"
WITH_X = "99012119850314048x"
WRONG_CHECK = "990121199001011237"


def write_partner_roster(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("在押人员")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["序号", "姓名", "公民身份号码", "出生日期", "备注"])
    rows = [
        (1, "张东明", VALID, dt.date(1990, 1, 1), "=1+1"),
        (2, "李秀英", WITH_X, dt.date(1985, 3, 14), ""),
        (3, "王建国", WRONG_CHECK, dt.date(1990, 1, 1), "号码待核"),
        (4, "赵六", "", None, "无证件"),
    ]
    for r, (number, name, id_number, born, note) in enumerate(rows, start=1):
        sheet.write_number(r, 0, number)
        sheet.write_string(r, 1, name)
        if id_number:
            sheet.write_string(r, 2, id_number)
        if born:
            sheet.write_datetime(r, 3, born, dates)
        if note:
            sheet.write_string(r, 4, note)  # "=1+1" stays text
    workbook.close()


def read(path: Path) -> list[list[object]]:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def hash_file(tmp_path: Path, out_name: str) -> tuple[Path, str, str]:
    roster, key_file = tmp_path / "roster.xlsx", tmp_path / "partner.key"
    if not roster.exists():
        write_partner_roster(roster)
        key_file.write_text(key_file_text(KEY), encoding="ascii")
    out, stdout, stderr = tmp_path / out_name, StringIO(), StringIO()
    call_command(
        roster_command("hash-ids"),
        str(roster),
        "--key-file",
        str(key_file),
        "--out",
        str(out),
        stdout=stdout,
        stderr=stderr,
    )
    return out, stdout.getvalue(), stderr.getvalue()


def test_the_id_column_is_replaced_and_everything_else_kept(tmp_path: Path) -> None:
    out, stdout, stderr = hash_file(tmp_path, "hashed.xlsx")
    before, after = read(tmp_path / "roster.xlsx"), read(out)

    assert after[0] == ["序号", "姓名", HASH_HEADER, "出生日期", "备注"]
    assert [row[2] for row in after[1:]] == [hash_id(VALID, KEY), hash_id(WITH_X, KEY), "", ""]
    for old, new in zip(before, after, strict=True):
        assert old[:2] + old[3:] == new[:2] + new[3:]
    assert after[1][4] == "=1+1"
    assert after[1][3] == dt.date(1990, 1, 1)
    assert VALID not in str(after)

    assert "2 of 4 rows hashed, 1 without an ID number, 1 refused" in stdout
    assert "row 4" in stderr and "校验位" in stderr


def test_csv_output_carries_the_same_hashes_and_defuses_formulas(tmp_path: Path) -> None:
    out, _stdout, _stderr = hash_file(tmp_path, "hashed.csv")
    rows = list(csv.reader(StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][2] == HASH_HEADER
    assert [row[2] for row in rows[1:]] == [hash_id(VALID, KEY), hash_id(WITH_X, KEY), "", ""]
    assert rows[1][4] == "'=1+1"
    assert rows[1][3] == "1990-01-01"


def test_the_roster_is_never_overwritten(tmp_path: Path) -> None:
    hash_file(tmp_path, "hashed.xlsx")
    with pytest.raises(Exception, match="another file"):
        hash_file(tmp_path, "roster.xlsx")

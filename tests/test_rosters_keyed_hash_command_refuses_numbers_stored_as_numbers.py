"""An ID column stored as numbers has lost its last digits in Excel: ``tongxin hash-ids``
refuses the file, naming the row and the fix, and writes nothing; a roster without an ID
column and a bad key file are refused the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.rosters_registry_support import roster_command
from tongxin.rosters.keyed_hash import key_file_text


def roster(path: Path, header: str, number: object) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["姓名", header])
    sheet.write_string(1, 0, "张东明")
    if isinstance(number, float):
        sheet.write_number(1, 1, number)
    else:
        sheet.write_string(1, 1, str(number))
    workbook.close()
    return path


def run(source: Path, key_file: Path, out: Path) -> None:
    call_command(
        roster_command("hash-ids"), str(source), "--key-file", str(key_file), "--out", str(out)
    )


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "partner.key"
    path.write_text(key_file_text(bytes(32)), encoding="ascii")
    return path


def test_a_numeric_id_cell_is_refused_with_its_row(tmp_path: Path, key_file: Path) -> None:
    source = roster(tmp_path / "roster.xlsx", "身份证号", 990121199001011236.0)
    out = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match="row 2") as refused:
        run(source, key_file, out)
    assert "format the column as text" in str(refused.value)
    assert "第 2 行" in str(refused.value)
    assert not out.exists()


def test_a_roster_without_an_id_column_is_refused(tmp_path: Path, key_file: Path) -> None:
    source = roster(tmp_path / "roster.xlsx", "证件", "990121199001011236")
    with pytest.raises(CommandError, match="身份证号码"):
        run(source, key_file, tmp_path / "out.xlsx")


def test_a_key_file_that_is_not_64_hex_characters_is_refused(tmp_path: Path) -> None:
    source = roster(tmp_path / "roster.xlsx", "身份证号", "990121199001011236")
    bad_key = tmp_path / "bad.key"
    bad_key.write_text("not a key\n", encoding="ascii")
    with pytest.raises(CommandError, match="64"):
        run(source, bad_key, tmp_path / "out.xlsx")

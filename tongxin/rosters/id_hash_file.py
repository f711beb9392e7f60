"""Replacing the ID-number column of a roster file by keyed hashes (``tongxin hash-ids``).

What a partner runs before sending its roster: the same file comes out, every cell as it
was, except the ID-number column, whose header becomes ``身份证号哈希`` and whose cells become
the keyed hash of the cleaned number (``keyed_hash``). A number that fails its checks is
left empty and reported with its row, so the partner can correct it first.

A small reader of its own: the first sheet (or the CSV), the header in the first non-empty
row, the ID column found by its header. An ID cell stored as a number is refused: Excel
keeps 15 significant digits, so its last digits are already lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from tongxin.lib import resident_id
from tongxin.rosters.keyed_hash import HASH_HEADER, hash_id

ID_HEADERS = ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# A text cell starting with one of these is a formula to a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = Any  # what python-calamine gives: str, int, float, bool, date, datetime, time, None


class HashFileError(Exception):
    """The file cannot be hashed; the message names the problem and the fix."""


@dataclass(frozen=True)
class HashReport:
    rows: int  # data rows (below the header)
    hashed: int
    empty: int  # rows without a number
    refused: list[tuple[int, str]] = field(default_factory=list)  # (sheet row, reason)


def _header(cell: Cell) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())


def read_rows(path: Path) -> list[list[Cell]]:
    """The first sheet's rows from row 1 (empty leading rows kept, so index + 1 is the row
    number people see in the spreadsheet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")  # Excel's CSV on a Chinese Windows
        return [list(row) for row in csv.reader(text.splitlines())]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise HashFileError(
            f"{path.name}: only .xlsx, .xls, .ods and .csv files can be read. / "
            "只能读取 .xlsx、.xls、.ods 或 .csv 文件。"
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise HashFileError(f"{path.name} cannot be read ({exc}). / 文件无法读取。") from exc
    return [list(row) for row in rows]


def hash_id_file(source: Path, out: Path, key: bytes) -> HashReport:
    """Write ``out`` (.xlsx or .csv) as ``source`` with its ID column hashed."""
    rows = read_rows(source)
    header_at = next((i for i, row in enumerate(rows) if any(_header(c) for c in row)), None)
    if header_at is None:
        raise HashFileError(f"{source.name} is empty. / 文件是空的。")
    headers = [_header(cell) for cell in rows[header_at]]
    if HASH_HEADER in headers:
        raise HashFileError(
            f"{source.name} already has a {HASH_HEADER} column: it is hashed already. / "
            "文件已经含有身份证号哈希列。"
        )
    column = next((i for i, name in enumerate(headers) if name in ID_HEADERS), None)
    if column is None:
        raise HashFileError(
            f"{source.name}: no ID-number column; its header must be one of "
            f"{'、'.join(ID_HEADERS)}. / 找不到身份证号列,表头应为 {'、'.join(ID_HEADERS)} 之一。"
        )
    output = [list(row) for row in rows]
    output[header_at][column] = HASH_HEADER
    hashed = empty = 0
    refused: list[tuple[int, str]] = []
    for index in range(header_at + 1, len(output)):
        row = output[index]
        sheet_row = index + 1
        value = row[column] if column < len(row) else None
        if isinstance(value, int | float):  # bool is an int too
            raise HashFileError(
                f"{source.name} row {sheet_row}: the ID number is stored as a number, so its "
                "last digits are lost; format the column as text and export again. / "
                f"第 {sheet_row} 行的身份证号是数字格式,后几位已丢失;请把该列设为文本后重新导出。"
            )
        text = str(value or "").strip()
        if not text:
            empty += 1
            continue
        try:
            row[column] = hash_id(text, key)
            hashed += 1
        except resident_id.InvalidResidentId as exc:
            row[column] = ""
            refused.append((sheet_row, exc.message))
    data_rows = len(output) - header_at - 1
    if out.suffix.lower() == ".csv":
        _write_csv(out, output)
    else:
        _write_xlsx(out, output)
    return HashReport(rows=data_rows, hashed=hashed, empty=empty, refused=refused)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    text = str(value)
    # Defuse formulas for whoever opens the CSV in a spreadsheet program (OWASP).
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def _write_csv(path: Path, rows: Sequence[Sequence[Cell]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([_csv_cell(cell) for cell in row] for row in rows)


def _write_xlsx(path: Path, rows: Sequence[Sequence[Cell]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet()
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, datetime_format)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    # write_string: text that starts with "=" stays text, never a formula.
                    sheet.write_string(r, c, str(value))
    finally:
        workbook.close()

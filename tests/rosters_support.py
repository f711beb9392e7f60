"""Builders for roster test files: real .xlsx (xlsxwriter), hand-made zips, OLE2 containers.

``compound_file`` writes a minimal but valid MS-CFB version 3 container (512-byte sectors,
streams under 4096 bytes in the mini stream), enough to make an encrypted .xlsx envelope or
a hostile .xls without a writer library.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Sequence

import xlsxwriter

from tongxin.lib.resident_id import make_number
from tongxin.rosters.files import CheckedUpload, check_upload
from tongxin.rosters.reading import RawRow, RosterKind, RosterTable, read_roster

Cell = str | int | float | dt.date | dt.datetime | None


def valid_id(birth: dt.date = dt.date(1990, 5, 3), *, sex: str = "M", sequence: int = 12) -> str:
    return make_number("110101", birth, sequence, sex)


def xlsx_bytes(
    rows: Sequence[Sequence[Cell]],
    *,
    sheet: str = "名单",
    merges: Sequence[tuple[int, int, int, int, str]] = (),
    first_row: int = 0,
    hidden_sheet_rows: Sequence[Sequence[Cell]] | None = None,
) -> bytes:
    """A workbook whose first sheet holds ``rows`` from row ``first_row`` (0-based).
    Dates are written as real date cells; ``merges`` are (r1, c1, r2, c2, text)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    if hidden_sheet_rows is not None:
        hidden = book.add_worksheet("隐藏")
        for r, row in enumerate(hidden_sheet_rows):
            hidden.write_row(r, 0, row)
        hidden.hide()
    worksheet = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for first_r, first_c, last_r, last_c, text in merges:
        worksheet.merge_range(first_r, first_c, last_r, last_c, text)
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                when = (
                    value
                    if isinstance(value, dt.datetime)
                    else dt.datetime.combine(value, dt.time())
                )
                worksheet.write_datetime(r, c, when, date_format)
            elif isinstance(value, str):
                worksheet.write_string(r, c, value)
            else:
                worksheet.write_number(r, c, value)
    if hidden_sheet_rows is not None:
        worksheet.activate()
    book.close()
    return buffer.getvalue()


def read(content: bytes, kind: RosterKind = RosterKind.RELEASE_NOTICE) -> RosterTable:
    return read_roster(check_upload(content), kind=kind)


def checked(content: bytes) -> CheckedUpload:
    return check_upload(content)


def raw(row_number: int = 5, **values: object) -> RawRow:
    return RawRow(row_number=row_number, values=dict(values))  # type: ignore[arg-type]


# --- hand-made OOXML zips ---------------------------------------------------------------

MAIN_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAIN_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MAIN_XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"


def content_types(main: str = MAIN_XLSX, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f"{extra}</Types>"
    ).encode()


def sheet_xml(sheet_data: str, *, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    ).encode()


def zip_bytes(
    parts: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED, level: int = 9
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def package(
    sheet: bytes | None = None, *, main: str = MAIN_XLSX, extra: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """The parts of a minimal workbook, to be altered by a test and zipped."""
    return {
        "[Content_Types].xml": content_types(main),
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
        "xl/worksheets/sheet1.xml": sheet or sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'),
        **(extra or {}),
    }


# --- OLE2 compound files and BIFF records -------------------------------------------------

_SECTOR = 512
_MINI = 64
_CUTOFF = 4096
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD
_NONE = 0xFFFFFFFF


def biff_record(record: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", record, len(data)) + data


def biff_workbook(*globals_records: bytes, sheet_records: Sequence[bytes] = ()) -> bytes:
    """A BIFF8 Workbook stream: BOF, the given globals records, EOF, one sheet substream."""
    bof = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    sheet_bof = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    eof = biff_record(0x000A)
    return bof + b"".join(globals_records) + eof + sheet_bof + b"".join(sheet_records) + eof


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def _directory_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded) + 2, kind, 1)
        + struct.pack("<III", _NONE, right, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes], *, storages: Sequence[str] = ()) -> bytes:
    small = {name: data for name, data in streams.items() if len(data) < _CUTOFF}
    large = {name: data for name, data in streams.items() if len(data) >= _CUTOFF}
    mini_stream, mini_fat, mini_start = b"", [], {}
    for name, data in small.items():
        first, count = len(mini_stream) // _MINI, max(1, -(-len(data) // _MINI))
        mini_start[name] = first
        mini_fat += [first + i + 1 for i in range(count - 1)] + [_END]
        mini_stream += _pad(data or b"\0", _MINI)
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return _END
        first = len(sectors)
        chunks = [data[i : i + _SECTOR] for i in range(0, len(data), _SECTOR)]
        for i, chunk in enumerate(chunks):
            sectors.append(chunk.ljust(_SECTOR, b"\0"))
            fat.append(first + i + 1 if i < len(chunks) - 1 else _END)
        return first

    large_start = {name: place(data) for name, data in large.items()}
    root_start = place(mini_stream)
    mini_fat_start = place(b"".join(struct.pack("<I", n) for n in mini_fat))
    mini_fat_sectors = -(-len(mini_fat) * 4 // _SECTOR)
    names = list(streams) + list(storages)
    entries = [
        _directory_entry(
            "Root Entry", 5, _NONE, 0 if names else _NONE, root_start, len(mini_stream)
        )
    ]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NONE
        if name in storages:
            entries.append(_directory_entry(name, 1, right, _NONE, 0, 0))
        else:
            start = mini_start[name] if name in small else large_start[name]
            entries.append(_directory_entry(name, 2, right, _NONE, start, len(streams[name])))
    directory_start = place(_pad(b"".join(entries), _SECTOR))
    # The allocation table describes itself too: grow it until it fits.
    fat_count = 1
    while (len(fat) + fat_count) * 4 > fat_count * _SECTOR:
        fat_count += 1
    fat_first = len(sectors)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * _SECTOR // 4 - len(fat))
    raw_fat = b"".join(struct.pack("<I", n) for n in fat)
    sectors += [raw_fat[i : i + _SECTOR] for i in range(0, len(raw_fat), _SECTOR)]
    difat = [fat_first + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            directory_start,
            0,
            _CUTOFF,
            mini_fat_start if mini_fat else _END,
            mini_fat_sectors,
            _END,
            0,
        )
        + b"".join(struct.pack("<I", n) for n in difat)
    )
    assert len(header) == _SECTOR
    return header + b"".join(sectors)

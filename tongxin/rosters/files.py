"""Upload hardening for roster files: every check here runs BEFORE any parser sees the bytes.

A roster arrives as an .xlsx (a zip of XML parts), a legacy .xls (an OLE2 compound file) or a
CSV text file. ``check_upload`` decides which by content, never by file name, and refuses:

- empty files and files over ``max_bytes``;
- zips with too many entries, too many bytes once unpacked, or an entry compressed more than
  ``max_compression_ratio`` times (zip bombs) — all from the central directory, before
  anything is inflated; then, while the XML parts are inflated in bounded chunks, entries
  whose real size differs from the size the directory declares;
- macros: ``vbaProject.bin``, Excel 4 macro sheets, macro-enabled content types, an .xls
  with a VBA storage, an OBPROJ record or a macro sheet;
- encryption: an OLE2 container holding ``EncryptionInfo``/``EncryptedPackage`` (that is what
  a password-protected .xlsx is), an .xls with a FILEPASS record, encrypted zip entries;
- XML parts with a DOCTYPE or ENTITY declaration (calamine resolves no entities, but an
  Excel file never has them, so their presence means the file was crafted);
- sheets whose used area (from the first to the farthest cell) exceeds ``max_sheet_cells``:
  calamine allocates that whole rectangle at once, so two cells at A1 and XFD1048576 in a
  5 KB file would otherwise abort the server process with an out-of-memory error;
- web pages and XML "spreadsheets" saved with an .xls name, .xlsb and .ods workbooks, and
  anything else that is neither a workbook nor text.

Each refusal is an ``UploadRefused`` whose message says, in the active language, what is
wrong and what to do.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from tongxin.rosters.compound_file import (
    SIGNATURE,
    STORAGE,
    STREAM,
    CompoundFile,
    CompoundFileError,
)

MEGABYTE = 1024 * 1024
_CHUNK = 1024 * 1024
_MAX_CONTENT_TYPES_BYTES = MEGABYTE
# A tag cut by a chunk boundary is carried into the next chunk; a "tag" longer than this is
# no spreadsheet markup.
_MAX_CARRIED_TAG = 64 * 1024


class FileKind(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"


class Refusal(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_A_WORKBOOK = "not_a_workbook"
    WEB_PAGE = "web_page"
    OTHER_WORKBOOK = "other_workbook"
    DAMAGED = "damaged"
    TOO_MANY_PARTS = "too_many_parts"
    UNPACKS_TOO_LARGE = "unpacks_too_large"
    ZIP_BOMB = "zip_bomb"
    MACROS = "macros"
    ENCRYPTED = "encrypted"
    XML_DECLARATION = "xml_declaration"
    SHEET_TOO_LARGE = "sheet_too_large"


class UploadRefused(Exception):
    """The upload is refused before parsing; ``message`` tells the officer what to do."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class UploadLimits:
    """Defaults sized for county rosters (hundreds to tens of thousands of rows).

    A 100,000-row, 15-column sheet is about 5 MB zipped and 80 MB unpacked, compressed ~15
    times. Override any field with ``settings.ROSTER_UPLOAD_LIMITS = {"max_bytes": ...}``.
    """

    max_bytes: int = 20 * MEGABYTE
    max_zip_entries: int = 500
    max_unpacked_bytes: int = 200 * MEGABYTE
    # Apache POI's long-standing default refuses entries inflating over 100x; real sheets
    # full of repeated empty styled cells reach a little more, so 200x, and only for
    # entries above a grace size where a bomb could matter.
    max_compression_ratio: int = 200
    ratio_grace_bytes: int = MEGABYTE
    # Rows x columns of the rectangle from A1 to the farthest cell: 100,000 x 50.
    max_sheet_cells: int = 5_000_000

    @classmethod
    def from_settings(cls) -> UploadLimits:
        overrides = getattr(settings, "ROSTER_UPLOAD_LIMITS", {})
        try:
            return dataclasses.replace(cls(), **overrides)
        except TypeError as exc:
            raise ImproperlyConfigured(f"ROSTER_UPLOAD_LIMITS: {exc}") from exc


@dataclass(frozen=True)
class CheckedUpload:
    """Bytes that passed every check, with the kind they were recognised as."""

    kind: FileKind
    content: bytes
    text: str | None = None  # CSV only: the decoded text
    encoding: str | None = None  # CSV only: "utf-8", "utf-8-sig", "utf-16" or "gb18030"


def check_upload(source: bytes | BinaryIO, *, limits: UploadLimits | None = None) -> CheckedUpload:
    limits = limits or UploadLimits.from_settings()
    content = _read_bounded(source, limits)
    if not content:
        raise UploadRefused(Refusal.EMPTY, _("文件是空的,请检查后重新上传。"))
    if content.startswith(b"PK\x03\x04"):
        _check_ooxml(content, limits)
        return CheckedUpload(kind=FileKind.XLSX, content=content)
    if content.startswith(b"PK"):
        raise _not_a_workbook()  # an empty or split zip archive
    if content.startswith(SIGNATURE):
        _check_compound(content, limits)
        return CheckedUpload(kind=FileKind.XLS, content=content)
    return _check_text(content)


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB"


def _read_bounded(source: bytes | BinaryIO, limits: UploadLimits) -> bytes:
    # Read one byte past the limit so an oversized stream is refused without reading it all.
    content = source if isinstance(source, bytes) else source.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        size = _megabytes(len(content)) if isinstance(source, bytes) else None
        message = (
            _("文件太大(%(size)s),上限为 %(limit)s。请把名单拆成几个文件分别上传。")
            % {"size": size, "limit": _megabytes(limits.max_bytes)}
            if size
            else _("文件太大,上限为 %(limit)s。请把名单拆成几个文件分别上传。")
            % {"limit": _megabytes(limits.max_bytes)}
        )
        raise UploadRefused(Refusal.TOO_LARGE, message)
    return content


def _not_a_workbook() -> UploadRefused:
    return UploadRefused(
        Refusal.NOT_A_WORKBOOK,
        _(
            "无法识别的文件:只能上传 Excel 工作簿(.xlsx、.xls)或 CSV 文本文件。"
            "请在 Excel 中另存为 .xlsx 后再上传。"
        ),
    )


def _damaged() -> UploadRefused:
    return UploadRefused(
        Refusal.DAMAGED,
        _(
            "文件已损坏或不完整(可能没有上传完),无法读取。"
            "请用 Excel 打开确认内容无误,另存为 .xlsx 后再上传。"
        ),
    )


def _macros() -> UploadRefused:
    return UploadRefused(
        Refusal.MACROS,
        _(
            "文件包含宏(VBA 或 Excel 4.0 宏),为安全起见不能导入。"
            "请在 Excel 中另存为不含宏的“Excel 工作簿(.xlsx)”后再上传。"
        ),
    )


def _encrypted() -> UploadRefused:
    return UploadRefused(
        Refusal.ENCRYPTED, _("文件已加密,请在 Excel 中取消密码后另存为 .xlsx 再上传。")
    )


def _other_workbook(format_name: str) -> UploadRefused:
    return UploadRefused(
        Refusal.OTHER_WORKBOOK,
        _("这是%(format)s,不能直接导入。请在 Excel 中另存为“Excel 工作簿(.xlsx)”后再上传。")
        % {"format": format_name},
    )


# --- .xlsx: a zip of XML parts ------------------------------------------------------------

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    ValueError,
    OSError,
    EOFError,
    struct.error,
    UnicodeDecodeError,
    OverflowError,
    IndexError,
    KeyError,
)
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "macrosheet", "ms-excel.intlmacrosheet")


def _check_ooxml(content: bytes, limits: UploadLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise _damaged() from exc
    _check_central_directory(infos, limits)
    names = {info.filename.lower(): info for info in infos}
    if any(name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in names):
        raise _macros()
    content_types = b""
    for info in infos:
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels")):
            continue  # images and the like: no reader opens them
        scanner = _XmlPartScanner(limits)
        for chunk in _inflate(content, info):
            scanner.feed(chunk)
            if name == "[content_types].xml" and len(content_types) < _MAX_CONTENT_TYPES_BYTES:
                content_types += chunk
        scanner.finish()
    if "[content_types].xml" not in names:
        mimetype = names.get("mimetype")
        if mimetype is not None and b"opendocument.spreadsheet" in b"".join(
            _inflate(content, mimetype)
        ):
            raise _other_workbook(_("OpenDocument 表格(.ods)"))
        raise _not_a_workbook()
    _check_content_types(content_types.decode("utf-8", errors="replace").lower())


def _check_central_directory(infos: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise UploadRefused(
            Refusal.TOO_MANY_PARTS,
            _(
                "文件内部的部件太多(%(count)d 个,上限 %(limit)d 个),不像正常的名单表格。"
                "请只把名单复制到新的工作簿,另存为 .xlsx 后再上传。"
            )
            % {"count": len(infos), "limit": limits.max_zip_entries},
        )
    lowered = [info.filename.lower() for info in infos]
    if len(set(lowered)) != len(lowered):
        # Two parts with one name: two readers could disagree on which one is the sheet.
        raise _damaged()
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise UploadRefused(
            Refusal.UNPACKS_TOO_LARGE,
            _("文件解压后太大(%(size)s,上限 %(limit)s)。请把名单拆成几个文件分别上传。")
            % {"size": _megabytes(unpacked), "limit": _megabytes(limits.max_unpacked_bytes)},
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise _encrypted()
        if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise _damaged()  # Excel only ever stores or deflates
        if info.file_size > limits.ratio_grace_bytes and info.file_size > (
            limits.max_compression_ratio * max(info.compress_size, 1)
        ):
            raise UploadRefused(
                Refusal.ZIP_BOMB,
                _(
                    "文件内部有部件被压缩了 %(ratio)d 倍,远超正常表格,可能是恶意文件,已拒收。"
                    "请用 Excel 重新另存为 .xlsx 后再上传。"
                )
                % {"ratio": info.file_size // max(info.compress_size, 1)},
            )


def _inflate(content: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Yield an entry's bytes in bounded chunks, refusing an entry that inflates to more
    than its declared size (the directory's sizes are what the limits above trusted)."""
    offset = info.header_offset
    header = content[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _damaged()
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = offset + 30 + name_length + extra_length
    compressed = content[start : start + info.compress_size]
    if len(compressed) != info.compress_size:
        raise _damaged()
    produced, crc = 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        chunks: Iterator[bytes] = (
            compressed[i : i + _CHUNK] for i in range(0, len(compressed), _CHUNK)
        )
        inflater = None
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        chunks = _inflated_chunks(inflater, compressed)
    for chunk in chunks:
        produced += len(chunk)
        if produced > info.file_size:
            raise UploadRefused(
                Refusal.ZIP_BOMB,
                _(
                    "文件内部部件的实际大小与声明的不符,可能是恶意文件,已拒收。"
                    "请用 Excel 重新另存为 .xlsx 后再上传。"
                ),
            )
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if (inflater is not None and not inflater.eof) or produced != info.file_size:
        raise _damaged()
    if crc != info.CRC:
        raise _damaged()


def _inflated_chunks(inflater: zlib._Decompress, compressed: bytes) -> Iterator[bytes]:
    pending = compressed
    while True:
        try:
            chunk = inflater.decompress(pending, _CHUNK)
        except zlib.error as exc:
            raise _damaged() from exc
        pending = inflater.unconsumed_tail
        if chunk:
            yield chunk
        elif inflater.eof or not pending:
            return


# Declarations in UTF-8 and in both UTF-16 byte orders (quick-xml reads UTF-16 parts too).
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Tags as Excel, WPS, openpyxl and xlsxwriter write them (no prefix, ``r`` first) are
# matched by fast literal patterns; when their count differs from the count of all such tags,
# the general patterns (any prefix, any attribute order) decide.
_EXCEL_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_EXCEL_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])")
_CELL_REF = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])")
_ROW_REF = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?\br\s*=\s*[\"']([0-9]{1,7})[\"']")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row\s*>")
_PREFIXED_TAG = re.compile(rb"<[\w.-]+:(?:c|row)[\s/>]")


def _tags_with_references(
    window: bytes,
    name: bytes,
    fast: re.Pattern[bytes],
    tag: re.Pattern[bytes],
    reference: re.Pattern[bytes],
    prefixed: bool,
) -> tuple[list[Any], bool]:
    """The ``r`` references of one tag kind in ``window``, and whether every tag had one."""
    if not prefixed:
        found = fast.findall(window)
        plain_tags = sum(window.count(b"<" + name + end) for end in (b" ", b">", b"/"))
        if len(found) == plain_tags:
            return found, True
    found = reference.findall(window)
    return found, len(found) == len(tag.findall(window))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class _XmlPartScanner:
    """Streams one XML part: refuses declarations and bounds the sheet's cell rectangle.

    calamine places a cell by its ``r`` reference, or, when a cell has none, one column
    after the previous cell of its row. With references everywhere the rectangle is exact;
    otherwise it is bounded from above by the explicit rows plus the rows that ended, and
    the explicit columns plus the most cells seen in one row.
    """

    def __init__(self, limits: UploadLimits) -> None:
        self._limits = limits
        self._carry = b""
        self._decoder: codecs.IncrementalDecoder | None = None
        self._started = False
        self._max_ref_row = 0
        self._max_ref_column = 0
        self._max_row_attribute = 0
        self._rows_ended = 0
        self._cells_in_open_row = 0
        self._most_cells_in_a_row = 0
        self._unreferenced_cells = False

    def feed(self, chunk: bytes) -> None:
        if not self._started:
            self._started = True
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                self._decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk).encode("utf-8")
        window = self._carry + chunk
        cut = window.rfind(b"<")
        if cut != -1 and window.find(b">", cut) == -1:
            window, self._carry = window[:cut], window[cut:]
            if len(self._carry) > _MAX_CARRIED_TAG:
                raise _damaged()
        else:
            self._carry = b""
        self._scan(window)

    def _scan(self, window: bytes) -> None:
        if _DECLARATION.search(window):
            raise UploadRefused(
                Refusal.XML_DECLARATION,
                _(
                    "文件中含有 XML 文档类型或实体声明(DOCTYPE/ENTITY),正常的 Excel 文件"
                    "不会有,可能是恶意文件,已拒收。请用 Excel 重新另存为 .xlsx 后再上传。"
                ),
            )
        if b"<" not in window:
            return
        prefixed = _PREFIXED_TAG.search(window) is not None
        cells, every_cell_referenced = _tags_with_references(
            window, b"c", _EXCEL_CELL_REF, _CELL_TAG, _CELL_REF, prefixed
        )
        if cells:
            columns, rows = zip(*cells, strict=True)
            self._max_ref_column = max(self._max_ref_column, max(map(_column_number, set(columns))))
            self._max_ref_row = max(self._max_ref_row, max(map(int, set(rows))))
        row_numbers, _every_row_referenced = _tags_with_references(
            window, b"row", _EXCEL_ROW_REF, _ROW_TAG, _ROW_REF, prefixed
        )
        if row_numbers:
            self._max_row_attribute = max(self._max_row_attribute, max(map(int, row_numbers)))
        if every_cell_referenced:
            # A referenced cell puts calamine's column back at or below the largest
            # reference, so only cells without one that come after it can go further.
            self._rows_ended += (
                window.count(b"</row>") if not prefixed else len(_ROW_END.findall(window))
            )
            self._cells_in_open_row = 0
            return
        self._unreferenced_cells = True
        segments = _ROW_END.split(window)
        self._rows_ended += len(segments) - 1
        for index, segment in enumerate(segments):
            count = len(_CELL_TAG.findall(segment))
            if index == 0:
                count += self._cells_in_open_row
            self._most_cells_in_a_row = max(self._most_cells_in_a_row, count)
        self._cells_in_open_row = len(_CELL_TAG.findall(segments[-1])) + (
            self._cells_in_open_row if len(segments) == 1 else 0
        )

    def finish(self) -> None:
        if self._carry:
            self._scan(self._carry)
        if self._unreferenced_cells:
            rows = max(self._max_ref_row, self._max_row_attribute) + self._rows_ended + 1
            columns = self._max_ref_column + self._most_cells_in_a_row
        else:
            rows, columns = self._max_ref_row, self._max_ref_column
        _check_sheet_area(rows, columns, self._limits)


def _check_sheet_area(rows: int, columns: int, limits: UploadLimits) -> None:
    if rows * columns > limits.max_sheet_cells:
        raise UploadRefused(
            Refusal.SHEET_TOO_LARGE,
            _(
                "工作表的数据区域太大(最远的单元格在第 %(rows)d 行、第 %(columns)d 列,"
                "上限 %(limit)d 个单元格)。常见原因是表格远处有零星内容;请只把名单区域"
                "复制到新的工作簿,另存为 .xlsx 后再上传。"
            )
            % {"rows": rows, "columns": columns, "limit": limits.max_sheet_cells},
        )


def _check_content_types(content_types: str) -> None:
    main_types = re.findall(r"contenttype\s*=\s*[\"']([^\"']*)[\"']", content_types)
    if any("sheet.binary" in t for t in main_types):
        raise _other_workbook(_("Excel 二进制工作簿(.xlsb)"))
    if any(marker in t for t in main_types for marker in _MACRO_CONTENT_TYPES):
        raise _macros()
    if not any(
        t.endswith(("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml"))
        for t in main_types
    ):
        raise _not_a_workbook()


# --- .xls: BIFF records in an OLE2 compound file -----------------------------------------

_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_FILEPASS = 0x002F
_BIFF_BOUNDSHEET = 0x0085
_BIFF_OBPROJ = 0x00D3
_BIFF_DIMENSIONS = 0x0200
# BOUNDSHEET sheet types that hold code: Excel 4.0 macro sheet, VBA module.
_MACRO_SHEET_TYPES = {0x01, 0x06}
# Cell records: row at offset 0, column at offset 2 (MULRK/MULBLANK: last column at the end).
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6}
_MULTI_CELL_RECORDS = {0x00BD, 0x00BE}


def _check_compound(content: bytes, limits: UploadLimits) -> None:
    try:
        container = CompoundFile(content)
        streams, storages = container.names(STREAM), container.names(STORAGE)
        if {"encryptioninfo", "encryptedpackage"} & streams:
            raise _encrypted()
        workbook_stream = next((n for n in ("workbook", "book") if n in streams), None)
        if workbook_stream is None:
            raise _not_a_workbook()  # e.g. a Word .doc
        if "_vba_project_cur" in storages or "vba" in storages:
            raise _macros()
        workbook = container.read_stream(workbook_stream, max_bytes=len(content))
    except (CompoundFileError, struct.error) as exc:
        raise _damaged() from exc
    _check_biff(workbook, limits)


def _check_biff(workbook: bytes, limits: UploadLimits) -> None:
    offset, in_globals, rows, columns = 0, True, 0, 0
    if len(workbook) < 4 or struct.unpack_from("<H", workbook)[0] not in {
        _BIFF_BOF,
        0x0409,
        0x0209,
        0x0009,
    }:
        raise _damaged()
    while offset + 4 <= len(workbook):
        record, length = struct.unpack_from("<HH", workbook, offset)
        data = workbook[offset + 4 : offset + 4 + length]
        offset += 4 + length
        if in_globals:
            if record == _BIFF_FILEPASS:
                raise _encrypted()
            if record == _BIFF_OBPROJ or (
                record == _BIFF_BOUNDSHEET and len(data) >= 6 and data[5] in _MACRO_SHEET_TYPES
            ):
                raise _macros()
            if record == _BIFF_EOF:
                in_globals = False
        elif record == _BIFF_BOF:
            _check_sheet_area(rows, columns, limits)
            rows, columns = 0, 0
        elif record == _BIFF_DIMENSIONS:
            _check_dimensions(data, limits)
        elif record in _CELL_RECORDS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif record in _MULTI_CELL_RECORDS and len(data) >= 6:
            row = struct.unpack_from("<H", data)[0]
            last_column = struct.unpack_from("<H", data, len(data) - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last_column + 1)
    _check_sheet_area(rows, columns, limits)


def _check_dimensions(data: bytes, limits: UploadLimits) -> None:
    """calamine reserves memory from a sheet's DIMENSIONS record: a first row after the last
    one (one flipped bit) makes it ask for terabytes and abort the process."""
    if len(data) >= 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", data)
    elif len(data) >= 8:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", data)
    else:
        raise _damaged()
    if (
        first_row > last_row
        or first_column > last_column
        or last_row > 65536
        or (last_column > 256)
    ):
        raise _damaged()
    _check_sheet_area(last_row - first_row, last_column - first_column, limits)


# --- CSV text ----------------------------------------------------------------------------

# C0 and C1 control characters other than tab and line ends: binary data that decoded.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_text(content: bytes) -> tuple[str, str] | None:
    """Decode CSV bytes: a BOM decides; else strict UTF-8; else GB18030 (which covers GBK
    and GB2312, what Excel saves as "CSV" on a Chinese Windows). None if neither fits."""
    if content.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]  # Excel's "Unicode text"
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _check_text(content: bytes) -> CheckedUpload:
    decoded = decode_text(content)
    if decoded is None:
        raise _not_a_workbook()
    text, encoding = decoded
    if _CONTROL_CHARACTERS.search(text):
        raise _not_a_workbook()
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        raise UploadRefused(
            Refusal.WEB_PAGE,
            _(
                "这是网页(HTML)或 XML 格式导出的表格,不是真正的 Excel 文件。"
                "请用 Excel 打开后另存为“Excel 工作簿(.xlsx)”再上传。"
            ),
        )
    return CheckedUpload(kind=FileKind.CSV, content=content, text=text, encoding=encoding)

"""Read a checked roster upload into raw rows keyed by canonical field names.

Rosters come as the sender made them: a title (often merged across the columns) above the
header, sometimes a unit or date line, sometimes a two-row header whose upper row groups
columns ("基本信息") and whose lower row holds the real names, and totals or signatures
("合计", "制表人") below the data. ``read_roster`` looks for the header among the first
``HEADER_SEARCH_ROWS`` rows of each visible sheet by matching normalised cells against
``HEADER_ALIASES``, takes the row matching the most fields (a name missing from it, e.g. a
cell merged down from the row above, is taken from up to two rows above), and yields every
data row with its 1-based spreadsheet row number and its cells as calamine typed them
(str, int, float, bool, date, datetime). Blank and footer rows are skipped; columns it does
not know are reported, not refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from tongxin.rosters.files import CheckedUpload, FileKind

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

HEADER_SEARCH_ROWS = 10
# A name missing from the header row may sit this many rows above it (merged downwards).
_HEADER_LOOKUP_ROWS = 2


class RosterKind(StrEnum):
    RELEASE_NOTICE = "release_notice"  # 刑满释放人员通知书 from prisons
    CORRECTIONS_INTAKE = "corrections_intake"  # court judgments handed over for 社区矫正
    POLICE_ROSTER = "police_roster"  # police stations' lists to cross-check


FIELD_LABELS: dict[str, Promise] = {
    "name": _lazy("姓名"),
    "id_number": _lazy("身份证号"),
    "sex": _lazy("性别"),
    "birth_date": _lazy("出生日期"),
    "ethnicity": _lazy("民族"),
    "household_address": _lazy("户籍地"),
    "residence_address": _lazy("居住地"),
    "phone": _lazy("联系电话"),
    "release_date": _lazy("释放日期"),
    "crime": _lazy("罪名"),
    "original_sentence": _lazy("原判刑期"),
    "prison": _lazy("服刑监狱"),
    "judgment_effective_date": _lazy("判决生效日期"),
    "court": _lazy("判决法院"),
    "correction_type": _lazy("矫正类别"),
    "correction_term": _lazy("矫正期限"),
    "correction_start": _lazy("矫正起始日期"),
    "correction_end": _lazy("矫正终止日期"),
    "police_station": _lazy("派出所"),
    "person_category": _lazy("人员类别"),
    "remarks": _lazy("备注"),
    # A partner's keyed hash in place of the number (docs/keyed-id-hashes.md): reconciliation.
    "id_hash": _lazy("身份证号哈希"),
}

# Header texts as senders write them, after ``normalise_header`` (no spaces, no "*", no
# bracketed notes, no trailing colon). Matching is exact: a loose match would map
# "户籍地派出所" to the address.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "人员姓名", "罪犯姓名", "服刑人员姓名", "社区矫正对象姓名"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "身份证",
        "居民身份证号码",
        "身份证件号码",
        "证件号码",
    ),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "household_address": ("户籍地", "户籍地址", "户籍所在地", "户口所在地", "户籍地详址"),
    "residence_address": ("居住地", "现住址", "居住地址", "现居住地", "现住地址", "家庭住址"),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "联系方式"),
    "release_date": ("释放日期", "刑满释放日期", "出狱日期", "刑满日期"),
    "crime": ("罪名",),
    "original_sentence": ("原判刑期", "刑期", "原判刑罚"),
    "prison": ("服刑监狱", "监狱名称", "服刑单位", "原服刑单位"),
    "judgment_effective_date": ("判决生效日期", "判决生效时间", "裁判生效日期"),
    "court": ("判决法院", "判决机关"),
    "correction_type": ("矫正类别", "矫正类型", "社区矫正类别"),
    "correction_term": ("矫正期限", "矫正期"),
    "correction_start": ("矫正起始日期", "矫正开始日期", "矫正起始日"),
    "correction_end": ("矫正终止日期", "矫正结束日期", "矫正期满日期", "矫正终止日"),
    "police_station": ("派出所", "所属派出所", "管辖派出所"),
    "person_category": ("人员类别", "人员类型"),
    "remarks": ("备注",),
}
# Columns every sender adds that carry nothing to import: not reported as unknown.
IGNORED_HEADERS = frozenset({"序号", "编号"})

_COMMON_FIELDS = (
    "sex",
    "birth_date",
    "ethnicity",
    "household_address",
    "residence_address",
    "phone",
    "remarks",
)


@dataclass(frozen=True)
class RosterSpec:
    kind: RosterKind
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # Headers of a variant of the kind only (a partner's hash column): alias → field.
    extra_aliases: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


ROSTER_SPECS: dict[RosterKind, RosterSpec] = {
    RosterKind.RELEASE_NOTICE: RosterSpec(
        kind=RosterKind.RELEASE_NOTICE,
        required=("name", "id_number", "release_date"),
        optional=(*_COMMON_FIELDS, "crime", "original_sentence", "prison"),
    ),
    RosterKind.CORRECTIONS_INTAKE: RosterSpec(
        kind=RosterKind.CORRECTIONS_INTAKE,
        required=("name", "id_number", "correction_type", "judgment_effective_date"),
        optional=(
            *_COMMON_FIELDS,
            "crime",
            "original_sentence",
            "court",
            "correction_term",
            "correction_start",
            "correction_end",
        ),
    ),
    RosterKind.POLICE_ROSTER: RosterSpec(
        kind=RosterKind.POLICE_ROSTER,
        required=("name", "id_number"),
        optional=(*_COMMON_FIELDS, "police_station", "person_category"),
    ),
}

_ALIAS_TO_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
# Totals, signatures and notes under the data: matched at the start of a row's first cell.
FOOTER_MARKERS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "制表人",
    "制表",
    "填表人",
    "填报人",
    "审核人",
    "负责人",
    "填报单位",
    "注:",
    "说明:",
)
_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_SPACES = re.compile(r"\s+")


class RosterUnreadable(Exception):
    """The checked file cannot be read as a roster; ``message`` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str  # as written, spaces collapsed

    @property
    def letter(self) -> str:
        """Spreadsheet column letter: 0 → A, 26 → AA."""
        number, letters = self.index + 1, ""
        while number:
            number, remainder = divmod(number - 1, 26)
            letters = chr(65 + remainder) + letters
        return letters


@dataclass(frozen=True)
class RawRow:
    row_number: int  # 1-based, as the spreadsheet shows it
    values: dict[str, CellValue]  # canonical field → cell as read; blank cells are None


@dataclass(frozen=True)
class RosterTable:
    kind: RosterKind
    sheet_name: str
    header_row: int  # 1-based row holding (most of) the header
    columns: dict[str, Column]  # canonical field → its column
    unknown_columns: tuple[Column, ...]  # headers not in the kind's fields, or repeated
    rows: tuple[RawRow, ...]
    footer_rows: tuple[int, ...]  # row numbers skipped as totals/signatures


def normalise_header(value: CellValue) -> str:
    """ "身份证号码\\n(18位)*" → "身份证号码"; full-width letters, colons and spaces too."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = _SPACES.sub("", text)
    text = _BRACKETED.sub("", text)
    return text.strip("*:※")


def _is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: CellValue) -> str:
    return _SPACES.sub(" ", str(value)).strip() if not _is_blank(value) else ""


@dataclass
class _HeaderMatch:
    row_index: int  # 0-based
    columns: dict[str, Column]
    unknown: list[Column]
    own_matches: int  # names in this row itself, not merged down from above

    @property
    def score(self) -> int:
        return len(self.columns)


def _match_header(
    grid: Sequence[Sequence[CellValue]], row_index: int, spec: RosterSpec
) -> _HeaderMatch:
    row = grid[row_index]
    columns: dict[str, Column] = {}
    unknown: list[Column] = []
    own_matches = 0
    aliases = {**_ALIAS_TO_FIELD, **dict(spec.extra_aliases)}
    for index, cell in enumerate(row):
        field = aliases.get(normalise_header(cell))
        source = cell
        if field is not None:
            own_matches += 1
        elif _is_blank(cell):
            # Merged down from a row above ("姓名" spanning two header rows) leaves a blank.
            for above in range(row_index - 1, max(-1, row_index - 1 - _HEADER_LOOKUP_ROWS), -1):
                upper = grid[above][index] if index < len(grid[above]) else None
                upper_field = aliases.get(normalise_header(upper))
                if upper_field is not None and upper_field not in columns:
                    field, source = upper_field, upper
                    break
        column = Column(index=index, header=_header_text(source))
        if field is not None and field in spec.fields and field not in columns:
            columns[field] = column
        elif column.header and normalise_header(source) not in IGNORED_HEADERS:
            unknown.append(column)
    return _HeaderMatch(
        row_index=row_index, columns=columns, unknown=unknown, own_matches=own_matches
    )


def _find_header(grid: Sequence[Sequence[CellValue]], spec: RosterSpec) -> _HeaderMatch | None:
    best: _HeaderMatch | None = None
    for row_index in range(min(HEADER_SEARCH_ROWS, len(grid))):
        match = _match_header(grid, row_index, spec)
        # A header row names at least one column itself; of two equally good rows the
        # lower one is the real header of a two-row header whose names are merged down.
        if match.own_matches and (best is None or match.score >= best.score):
            best = match
    return best


def _is_footer(row: Sequence[CellValue]) -> bool:
    first = next((cell for cell in row if not _is_blank(cell)), None)
    return isinstance(first, str) and normalise_header(first).startswith(FOOTER_MARKERS)


def _missing_message(spec: RosterSpec, match: _HeaderMatch | None, sheet: str) -> str:
    missing = [f for f in spec.required if match is None or f not in match.columns]
    names = "、".join(f"“{FIELD_LABELS[f]}”" for f in missing)
    return _(
        "工作表“%(sheet)s”的前 %(rows)d 行中找不到完整的表头:缺少 %(columns)s 列。"
        "请确认选对了名单类型,表头在前 %(rows)d 行内,列名写作如“姓名”“身份证号”。"
    ) % {"sheet": sheet, "rows": HEADER_SEARCH_ROWS, "columns": names}


def _table(
    kind: RosterKind, sheet: str, grid: Sequence[Sequence[CellValue]], match: _HeaderMatch
) -> RosterTable:
    rows: list[RawRow] = []
    footers: list[int] = []
    for row_index in range(match.row_index + 1, len(grid)):
        row = grid[row_index]
        if all(_is_blank(cell) for cell in row):
            continue
        if _is_footer(row):
            footers.append(row_index + 1)
            continue
        values: dict[str, CellValue] = {}
        for field, column in match.columns.items():
            cell = row[column.index] if column.index < len(row) else None
            values[field] = None if _is_blank(cell) else cell
        rows.append(RawRow(row_number=row_index + 1, values=values))
    return RosterTable(
        kind=kind,
        sheet_name=sheet,
        header_row=match.row_index + 1,
        columns=match.columns,
        unknown_columns=tuple(match.unknown),
        rows=tuple(rows),
        footer_rows=tuple(footers),
    )


def _damaged() -> RosterUnreadable:
    return RosterUnreadable(
        _("无法读取文件中的表格(文件可能已损坏)。请用 Excel 打开确认无误,另存为 .xlsx 后再上传。")
    )


def read_roster(
    upload: CheckedUpload, *, kind: RosterKind, spec: RosterSpec | None = None
) -> RosterTable:
    """The first visible sheet whose header holds every required field of ``kind`` (or of
    ``spec``, a variant of the kind's fields such as a roster with hashed ID numbers)."""
    spec = spec or ROSTER_SPECS[kind]
    best: tuple[str, _HeaderMatch | None] | None = None
    for sheet, grid in _sheets(upload):
        match = _find_header(grid, spec)
        if match is not None and all(f in match.columns for f in spec.required):
            return _table(kind, sheet, grid, match)
        if best is None or (match is not None and (best[1] is None or match.score > best[1].score)):
            best = (sheet, match)
    if best is None:
        raise RosterUnreadable(_("文件中没有可见的工作表。请把名单放在一个可见的工作表中再上传。"))
    raise RosterUnreadable(_missing_message(spec, best[1], best[0]))


def _sheets(upload: CheckedUpload) -> Iterator[tuple[str, list[list[CellValue]]]]:
    if upload.kind == FileKind.CSV:
        yield "CSV", _csv_rows(upload.text or "")
        return
    # calamine is Rust: a panic surfaces as pyo3's PanicException, a BaseException.
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(upload.content))
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible
        ]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise _damaged() from exc
    for name in visible:
        try:
            sheet = workbook.get_sheet_by_name(name)
            # iter_rows starts at row 1 but at the first used column: pad the columns back.
            padding: list[CellValue] = [None] * sheet.start[1] if sheet.start else []
            grid = [padding + list(row) for row in sheet.iter_rows()]
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise _damaged() from exc
        yield name, grid


def _csv_rows(text: str) -> list[list[CellValue]]:
    head = text[:4096]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise RosterUnreadable(
            _("CSV 文件格式有误(例如引号不成对)。请用 Excel 打开后另存为 .xlsx 再上传。")
        ) from exc


def field_label(field: str) -> str:
    return str(FIELD_LABELS[field])

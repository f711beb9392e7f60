"""Turn raw roster cells into clean values, with per-field errors in Chinese.

Clean values: dates are ``datetime.date``; ``id_number`` is the 18-character number (a
15-digit legacy number is upgraded, with a warning); ``sex`` is "M" or "F";
``correction_type`` is a supervision-type code of ``programs.specs.corrections``; every
other field is trimmed text.

Nothing is guessed: an impossible date is an error, never a swapped day and month; a date
or sex that disagrees with the ID number is reported, not overwritten. A blank birth date
or sex is filled from a valid ID number. ID numbers are checked by
``tongxin.lib.resident_id``; one that Excel stored as a number has lost its last digits
(doubles keep 15 significant digits) and is refused with the fix.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tongxin.lib import resident_id
from tongxin.lib.name_keys import clean_name
from tongxin.programs.specs.corrections import SUPERVISION_TYPES
from tongxin.rosters.reading import (
    FIELD_LABELS,
    ROSTER_SPECS,
    CellValue,
    RawRow,
    RosterKind,
    field_label,
)

DATE_FIELDS = frozenset(
    {"birth_date", "release_date", "judgment_effective_date", "correction_start", "correction_end"}
)
MAX_TEXT_LENGTH = 200
# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 29 February 1900, a
# day that never was (kept for Lotus 1-2-3 compatibility); from serial 61 on, the count is
# one day ahead of the calendar. The largest serial is 9999-12-31.
_EXCEL_LEAP_BUG_SERIAL = 60
_EXCEL_MAX_SERIAL = 2958465
# Numbers from 1900 to 2100 in a date column are a year ("1990") or year.month
# ("1990.05"), not serials (which would be dates in 1905).
_YEAR_LIKE = (1900, 2101)

# A column's name in messages: a lazy translation until a message is built.
Label = str | Promise

_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))$")
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$")
_PHONE = re.compile(r"^(?:1\d{10}|0\d{9,11}|\d{7,8})$")
_PHONE_SEPARATORS = re.compile(r"[/、,;;]")
_SEX = {
    "男": "M",
    "男性": "M",
    "M": "M",
    "MALE": "M",
    "1": "M",
    "女": "F",
    "女性": "F",
    "F": "F",
    "FEMALE": "F",
    "2": "F",
}
_CORRECTION_TYPES = {str(label): code for code, label in SUPERVISION_TYPES.items()} | {
    "暂监外": "temporary_outside",
    "暂予监外": "temporary_outside",
    "监外执行": "temporary_outside",
}


class CellRejected(ValueError):
    """One cell cannot be cleaned; ``message`` names the field and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldError:
    row: int  # 1-based spreadsheet row
    field: str  # canonical field name
    message: str  # names the field and the fix, in the active language

    def __str__(self) -> str:
        return _("第 %(row)d 行:%(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class CleanRow:
    row_number: int
    values: dict[str, object]
    errors: tuple[FieldError, ...]
    warnings: tuple[FieldError, ...]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _text(value: CellValue) -> str:
    """NFKC text of a cell: full-width digits, letters and spaces become ASCII."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def excel_serial_to_date(serial: float, *, label: Label) -> dt.date:
    if not math.isfinite(serial) or not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise CellRejected(
            _("%(label)s“%(value)s”不是日期,请按 1990-05-03 的格式填写。")
            % {"label": label, "value": serial}
        )
    day = int(serial)  # the fraction is the time of day
    if day == _EXCEL_LEAP_BUG_SERIAL:
        raise CellRejected(
            _("%(label)s是 Excel 中的 1900 年 2 月 29 日,这一天并不存在,请核对后重新填写。")
            % {"label": label}
        )
    if day < _EXCEL_LEAP_BUG_SERIAL:
        return dt.date(1899, 12, 31) + dt.timedelta(days=day)
    return dt.date(1899, 12, 30) + dt.timedelta(days=day)


def _invalid_date(label: Label, value: object) -> CellRejected:
    return CellRejected(
        _(
            "%(label)s“%(value)s”不是有效日期(月或日超出范围,或把日和月写反了),"
            "请按 1990-05-03 的格式填写。"
        )
        % {"label": label, "value": value}
    )


def _date_from_parts(label: Label, value: object, year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise _invalid_date(label, value) from exc


def _year_only(label: Label, value: object) -> CellRejected:
    return CellRejected(
        _("%(label)s“%(value)s”只有年份或年月,请填写完整日期,如 1990-05-03。")
        % {"label": label, "value": value}
    )


def clean_date(value: CellValue, *, label: Label) -> dt.date:
    """Dates as Excel and people write them; anything doubtful is an error, not a guess."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellRejected(
            _("%(label)s“%(value)s”不是日期,请按 1990-05-03 的格式填写。")
            % {"label": label, "value": value}
        )
    if isinstance(value, int | float):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            digits = str(int(value))
            return _date_from_parts(label, digits, digits[:4], digits[4:6], digits[6:])
        if _YEAR_LIKE[0] <= value < _YEAR_LIKE[1]:
            raise _year_only(label, value)
        return excel_serial_to_date(float(value), label=label)
    text = _text(value)
    match = _FULL_DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        return _date_from_parts(label, text, *match.groups())
    if _YEAR_MONTH.match(text) or re.fullmatch(r"\d{4}\s*年?", text):
        raise _year_only(label, text)
    raise CellRejected(
        _("%(label)s“%(value)s”不是日期,请按 1990-05-03 的格式填写。")
        % {"label": label, "value": text}
    )


def year_month(value: CellValue) -> tuple[int, int] | None:
    """(year, month) of a birth date written without a day ("1990.05", "1990年5月")."""
    if isinstance(value, float) and _YEAR_LIKE[0] <= value < _YEAR_LIKE[1]:
        value = f"{value:.2f}"
    if not isinstance(value, str):
        return None
    match = _YEAR_MONTH.match(_text(value))
    if not match:
        return None
    year, month = int(match[1]), int(match[2] or match[3])
    return (year, month) if 1 <= month <= 12 else None


def lost_digits_message() -> str:
    return _("身份证号被 Excel 存成数字,后几位已丢失,请把该列设为文本后重新填写")


def clean_id_number(value: CellValue, *, today: dt.date | None = None) -> resident_id.ResidentId:
    if isinstance(value, bool):
        raise CellRejected(_("身份证号不能是“是/否”,请填写 18 位身份证号码。"))
    if isinstance(value, int | float):
        # Excel stores numbers as doubles with 15 significant digits: a 15-digit legacy
        # number survives, anything longer has had its last digits replaced by zeros.
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise CellRejected(lost_digits_message())
        if len(str(abs(int(value)))) > 15:
            raise CellRejected(lost_digits_message())
        text = str(int(value))
    elif isinstance(value, str):
        text = _text(value).lstrip("'`")
        if _SCIENTIFIC.match(text.replace(" ", "")):
            raise CellRejected(lost_digits_message())  # a numeric cell saved to CSV
    else:
        raise CellRejected(_("身份证号应为文字,请把该列设为文本后填写 18 位身份证号码。"))
    try:
        return resident_id.parse(text, today=today)
    except resident_id.InvalidResidentId as exc:
        raise CellRejected(exc.message) from exc


def clean_sex(value: CellValue) -> str:
    sex = _SEX.get(_text(value).upper())
    if sex is None:
        raise CellRejected(
            _("性别“%(value)s”无法识别,请填写“男”或“女”。") % {"value": _text(value)}
        )
    return sex


def clean_person_name(value: CellValue) -> str:
    name = clean_name(_text(value))
    if "\ufffd" in name or "?" in name or "锟斤拷" in name:
        raise CellRejected(
            _("姓名“%(value)s”中有乱码或问号,多半是文件编码转换出错,请核对原件后重新填写。")
            % {"value": name}
        )
    if any(ch.isdigit() for ch in name):
        raise CellRejected(
            _("姓名“%(value)s”中有数字,请只填写姓名,编号等写在其他列。") % {"value": name}
        )
    if len(name) > 50:
        raise CellRejected(_("姓名超过 50 个字,请核对是否把其他内容填进了姓名列。"))
    return name


def clean_phone(value: CellValue) -> str:
    text = re.sub(r"[\s\-()]", "", _text(value))
    numbers = [part for part in _PHONE_SEPARATORS.split(text) if part]
    if not numbers or not all(_PHONE.match(number) for number in numbers):
        raise CellRejected(
            _(
                "联系电话“%(value)s”格式不对,请填写 11 位手机号或带区号的固定电话,多个号码用“/”隔开。"
            )
            % {"value": _text(value)}
        )
    return "/".join(numbers)


def clean_correction_type(value: CellValue) -> str:
    code = _CORRECTION_TYPES.get(re.sub(r"\s", "", _text(value)))
    if code is None:
        raise CellRejected(
            _("矫正类别“%(value)s”无法识别,请填写管制、缓刑、假释或暂予监外执行。")
            % {"value": _text(value)}
        )
    return code


def clean_text(value: CellValue, *, label: Label) -> str:
    text = re.sub(r"\s+", " ", _text(value))
    if len(text) > MAX_TEXT_LENGTH:
        raise CellRejected(
            _("%(label)s超过 %(limit)d 个字,请核对是否把其他内容填进了这一列。")
            % {"label": label, "limit": MAX_TEXT_LENGTH}
        )
    return text


def _clean_field(field: str, value: CellValue, today: dt.date | None) -> object:
    # Lazy: translated only if a message needs it, not once per cell of a large roster.
    label = FIELD_LABELS[field]
    if field in DATE_FIELDS:
        return clean_date(value, label=label)
    if field == "id_number":
        return clean_id_number(value, today=today)
    if field == "name":
        return clean_person_name(value)
    if field == "sex":
        return clean_sex(value)
    if field == "phone":
        return clean_phone(value)
    if field == "correction_type":
        return clean_correction_type(value)
    return clean_text(value, label=label)


def clean_row(raw: RawRow, *, kind: RosterKind, today: dt.date | None = None) -> CleanRow:
    spec = ROSTER_SPECS[kind]
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    birth_month: tuple[int, int] | None = None  # a birth date given as year and month only

    def report(field: str, message: str) -> None:
        errors.append(FieldError(row=raw.row_number, field=field, message=message))

    for field in spec.fields:
        value = raw.values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field in spec.required:
                report(field, _("缺少%(label)s,请补填。") % {"label": field_label(field)})
            continue
        try:
            values[field] = _clean_field(field, value, today)
        except CellRejected as exc:
            birth_month = year_month(value) if field == "birth_date" else None
            if birth_month is None:
                report(field, exc.message)

    identity = values.pop("id_number", None)
    if isinstance(identity, resident_id.ResidentId):
        values["id_number"] = identity.number
        _cross_check(identity, values, birth_month, report)
        if identity.upgraded_from_15:
            warnings.append(
                FieldError(
                    row=raw.row_number,
                    field="id_number",
                    message=_("15 位旧身份证号码已升级为 18 位:%(number)s。")
                    % {"number": identity.masked},
                )
            )
        warnings.extend(
            FieldError(row=raw.row_number, field="id_number", message=message)
            for message in identity.warnings
        )
    elif birth_month is not None:
        report(
            "birth_date",
            _("出生日期只有年月,且身份证号无效,无法核对,请填写完整日期,如 1990-05-03。"),
        )
    start, end = values.get("correction_start"), values.get("correction_end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        report(
            "correction_end",
            _("矫正终止日期 %(end)s 早于矫正起始日期 %(start)s,请核对。")
            % {"end": end.isoformat(), "start": start.isoformat()},
        )
    return CleanRow(
        row_number=raw.row_number, values=values, errors=tuple(errors), warnings=tuple(warnings)
    )


def _cross_check(
    identity: resident_id.ResidentId,
    values: dict[str, object],
    birth_month: tuple[int, int] | None,
    report: Callable[[str, str], None],
) -> None:
    """The ID number is checked, the columns are typed: report disagreement, fill blanks."""
    birth = values.get("birth_date")
    if birth_month is not None:
        if birth_month == (identity.birth_date.year, identity.birth_date.month):
            values["birth_date"] = identity.birth_date
        else:
            report(
                "birth_date",
                _("出生年月 %(given)s 与身份证号中的出生日期 %(expected)s 不一致,请核对。")
                % {
                    "given": f"{birth_month[0]}-{birth_month[1]:02d}",
                    "expected": identity.birth_date.isoformat(),
                },
            )
    elif birth is None:
        values["birth_date"] = identity.birth_date
    elif birth != identity.birth_date:
        report(
            "birth_date",
            _(
                "出生日期 %(given)s 与身份证号中的出生日期 %(expected)s 不一致,"
                "请核对(是否把日和月写反了?)。"
            )
            % {"given": birth, "expected": identity.birth_date.isoformat()},
        )
    sex = values.get("sex")
    if sex is None:
        values["sex"] = identity.sex
    elif sex != identity.sex:
        report(
            "sex",
            _("性别为“%(given)s”,但身份证号显示为%(expected)s,请核对。")
            % {
                "given": _("男") if sex == "M" else _("女"),
                "expected": _("男性") if identity.sex == "M" else _("女性"),
            },
        )


def clean_rows(
    rows: Iterable[RawRow], *, kind: RosterKind, today: dt.date | None = None
) -> list[CleanRow]:
    return [clean_row(raw, kind=kind, today=today) for raw in rows]

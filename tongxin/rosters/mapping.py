"""From a clean roster row to what the registry stores: a person's fields and the details of
the program enrollment the roster opens.

Both go through the same validation the web form and the API use (``clean_person``, the
program spec's ``clean_details``), so a file cannot put into the registry what an officer
could not type. Their errors come back under the roster's own field names, so the row report
points at the column to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tongxin.lib.dates import add_months
from tongxin.organisation.models import Region
from tongxin.people.validation import clean_person
from tongxin.programs.registry import DetailsRejected, ProgramSpec
from tongxin.programs.specs import corrections, reentry
from tongxin.rosters.reading import RosterKind

# Program detail fields → the roster column they come from.
DETAIL_FIELDS = {
    "source": "release_date",
    "released_on": "release_date",
    "supervision_type": "correction_type",
    "judgment_effective_on": "judgment_effective_date",
    "term_start_on": "correction_start",
    "term_years": "correction_term",
    "term_months": "correction_term",
    "term_days": "correction_term",
}
# What a person's file takes from a roster row (the rest stays in the row's values).
PERSON_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "phone",
    "ethnicity",
    "household_address",
    "residence_address",
)
# The event that makes a row unique for its kind (see ``natural_key``).
EVENT_FIELDS = {
    RosterKind.RELEASE_NOTICE: "release_date",
    RosterKind.CORRECTIONS_INTAKE: "judgment_effective_date",
}
PROGRAM_OF_KIND: dict[RosterKind, ProgramSpec] = {
    RosterKind.RELEASE_NOTICE: reentry.SPEC,
    RosterKind.CORRECTIONS_INTAKE: corrections.SPEC,
}

_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"(\d+|[零一二两三四五六七八九十]+)"
_TERM = re.compile(
    rf"^(?:{_NUMBER}年)?零?(?:{_NUMBER}个?月)?零?(?:{_NUMBER}[天日])?$",
)


@dataclass(frozen=True)
class Problem:
    field: str  # a roster field name
    message: str


@dataclass(frozen=True)
class PersonMapping:
    values: dict[str, Any]  # cleaned as ``clean_person`` returns them
    errors: tuple[Problem, ...]
    notes: tuple[Problem, ...]


def _chinese_number(text: str) -> int | None:
    """0–99 in digits or Chinese numerals: "六" 6, "十" 10, "十二" 12, "二十" 20, "两" 2."""
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _DIGITS.get(text)
    tens_value = _DIGITS.get(tens) if tens else 1
    units_value = _DIGITS.get(units) if units else 0
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


def parse_term(text: str) -> tuple[int, int, int] | None:
    """(years, months, days) of a term written as "1年6个月", "一年零六个月", "6个月", "2年"."""
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))
    match = _TERM.match(compact)
    if not compact or not match or not any(match.groups()):
        return None
    parts = [_chinese_number(part) if part else 0 for part in match.groups()]
    years, months, days = parts
    if years is None or months is None or days is None:
        return None
    return years, months, days


def term_between(start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """The term whose last day is ``end`` when it starts on ``start`` (inverse of term_end)."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and add_months(start, months) > after:
        months -= 1
    days = (after - add_months(start, months)).days
    years, months = divmod(months, 12)
    return years, months, days


def map_person(
    values: dict[str, Any], *, region: Region, today: dt.date | None = None
) -> PersonMapping:
    """The person's file fields of a row, validated as the person form validates them.

    A phone the roster accepts but the file does not (a local number without its area code)
    is left out with a note rather than refusing the row; of several numbers the first is
    kept.
    """
    notes: list[Problem] = []
    phone = str(values.get("phone") or "")
    numbers = [number for number in phone.split("/") if number]
    if len(numbers) > 1:
        notes.append(
            Problem(
                "phone",
                _("名单中有多个联系电话,档案只存第一个(%(kept)s),其余请在档案中补充。")
                % {"kept": numbers[0]},
            )
        )
    data: dict[str, Any] = {
        "name": values.get("name"),
        "sex": values.get("sex"),
        "birth_date": values.get("birth_date"),
        "id_number": values.get("id_number"),
        "phone": numbers[0] if numbers else None,
        "ethnicity": values.get("ethnicity"),
        "household_address": values.get("household_address"),
        "residence_address": values.get("residence_address"),
        "residence_region": region,
    }
    cleaned = clean_person(data, today=today)
    errors = [
        Problem(field, message)
        for field, messages in cleaned.errors.items()
        if field != "phone"
        for message in messages
    ]
    if "phone" in cleaned.errors:
        notes.append(
            Problem(
                "phone",
                _(
                    "联系电话“%(phone)s”不是手机号码或带区号的固定电话,未存入档案;"
                    "请核实后在档案中补充。"
                )
                % {"phone": numbers[0]},
            )
        )
        cleaned.values["phone"] = None
    return PersonMapping(values=cleaned.values, errors=tuple(errors), notes=tuple(notes))


def _correction_term(values: dict[str, Any]) -> tuple[tuple[int, int, int] | None, Problem | None]:
    text = values.get("correction_term")
    start = values.get("correction_start") or values.get("judgment_effective_date")
    end = values.get("correction_end")
    if text:
        term = parse_term(str(text))
        if term is None:
            return None, Problem(
                "correction_term",
                _("矫正期限“%(value)s”无法识别,请写成如“1年6个月”“8个月”“2年”。") % {"value": text},
            )
        return term, None
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return term_between(start, end), None
    return None, Problem(
        "correction_term",
        _("缺少矫正期限:请填写矫正期限(如“1年6个月”),或填写矫正起始日期和矫正终止日期。"),
    )


def raw_details(kind: RosterKind, values: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The program details a row asks for, before the spec cleans them."""
    if kind == RosterKind.RELEASE_NOTICE:
        return {
            "source": "prison",
            "released_on": values.get("release_date"),
            "prison": values.get("prison") or "",
        }, []
    term, problem = _correction_term(values)
    years, months, days = term or (0, 0, 0)
    details = {
        "supervision_type": values.get("correction_type"),
        "judgment_effective_on": values.get("judgment_effective_date"),
        "term_start_on": values.get("correction_start") or values.get("judgment_effective_date"),
        "term_years": years,
        "term_months": months,
        "term_days": days,
        "court": values.get("court") or "",
        "offence": values.get("crime") or "",
    }
    return details, [problem] if problem else []


def map_details(
    kind: RosterKind, values: dict[str, Any]
) -> tuple[dict[str, Any] | None, list[Problem], list[Problem]]:
    """(cleaned program details, errors, notes) of a row; no details for police rosters."""
    spec = PROGRAM_OF_KIND.get(kind)
    if spec is None:
        return None, [], []
    details, errors = raw_details(kind, values)
    if errors:
        return None, errors, []
    try:
        cleaned = spec.clean_details(details)
    except DetailsRejected as exc:
        return (
            None,
            [
                Problem(DETAIL_FIELDS.get(field, field), message)
                for field, messages in exc.errors.items()
                for message in messages
            ],
            [],
        )
    notes: list[Problem] = []
    end = values.get("correction_end")
    if kind == RosterKind.CORRECTIONS_INTAKE and isinstance(end, dt.date):
        planned = spec.planned_end(started_on(kind, cleaned), cleaned)
        if planned is not None and planned != end:
            notes.append(
                Problem(
                    "correction_end",
                    _(
                        "矫正终止日期 %(given)s 与按矫正期限算出的 %(computed)s 不一致,"
                        "系统按期限计算(%(computed)s),请核对。"
                    )
                    % {"given": end.isoformat(), "computed": planned.isoformat()},
                )
            )
    return cleaned, [], notes


def started_on(kind: RosterKind, details: dict[str, Any]) -> dt.date:
    """The enrollment's start: the release date, or the day the judgment took effect."""
    if kind == RosterKind.RELEASE_NOTICE:
        return dt.date.fromisoformat(details["released_on"])
    return dt.date.fromisoformat(details["judgment_effective_on"])


def event_date(kind: RosterKind, details: dict[str, Any]) -> str:
    """The date that identifies the enrollment a row opens (its natural key with the person)."""
    field = "released_on" if kind == RosterKind.RELEASE_NOTICE else "judgment_effective_on"
    return str(details[field])

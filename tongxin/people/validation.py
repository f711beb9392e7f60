"""Validation of a person's fields, shared by the web form and the API.

Returns the cleaned values, field errors and warnings; it never touches the database except to
resolve region codes. Each message names the field and the fix, in the active language.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.lib import resident_id
from tongxin.lib.name_keys import clean_name
from tongxin.people.models import Education, Sex

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$")
_NAME_CHARS = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·A-Za-z\s]+$")

EDITABLE_FIELDS = (
    "name",
    "former_name",
    "sex",
    "birth_date",
    "id_number",
    "phone",
    "ethnicity",
    "education",
    "occupation",
    "household_region",
    "household_address",
    "residence_region",
    "residence_address",
    "family_contacts",
    "is_sealed_minor",
    "is_restricted",
)
ENCRYPTED_FIELDS = frozenset(
    {"id_number", "phone", "household_address", "residence_address", "family_contacts"}
)


@dataclass
class CleanedPerson:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_phone(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


# A choices enum builds its ``values`` list on each access; an import cleans 100,000 rows.
_SEXES = frozenset(Sex.values)
_EDUCATIONS = frozenset(Education.values)


def _text(raw: Any, limit: int) -> str:
    return unicodedata.normalize("NFKC", str(raw or "")).strip()[:limit]


def clean_person(
    data: dict[str, Any], *, partial: bool = False, today: dt.date | None = None
) -> CleanedPerson:
    """Clean ``data`` (region values already resolved to Region objects by the caller).

    With ``partial=True`` only the keys present are checked (API PATCH); cross-field checks
    (ID number vs birth date and sex) run when the fields they need are present.
    """
    result = CleanedPerson()
    present = set(data) if partial else set(EDITABLE_FIELDS)
    # An import passes one date for all its rows: the current time zone costs a lookup.
    today = today or timezone.localdate()

    if "name" in present:
        name = clean_name(str(data.get("name") or ""))
        if not name:
            result.add_error("name", _("请填写姓名。"))
        elif len(name) > 50 or not _NAME_CHARS.match(name):
            result.add_error("name", _("姓名只能包含汉字、字母和间隔号“·”,最长 50 个字。"))
        else:
            result.values["name"] = name
    if "former_name" in present:
        result.values["former_name"] = clean_name(str(data.get("former_name") or ""))[:50]

    parsed_id: resident_id.ResidentId | None = None
    if "id_number" in present:
        raw_id = str(data.get("id_number") or "").strip()
        if raw_id:
            try:
                parsed_id = resident_id.parse(raw_id, today=today)
            except resident_id.InvalidResidentId as exc:
                result.add_error("id_number", exc.message)
            else:
                result.values["id_number"] = parsed_id.number
                result.warnings.extend(parsed_id.warnings)
                if parsed_id.upgraded_from_15:
                    result.warnings.append(
                        _("15 位旧身份证号码已自动升级为 18 位:%(n)s。") % {"n": parsed_id.masked}
                    )
        else:
            result.values["id_number"] = None

    if "birth_date" in present:
        birth = data.get("birth_date")
        if isinstance(birth, str) and birth.strip():
            try:
                birth = dt.date.fromisoformat(birth.strip())
            except ValueError:
                result.add_error("birth_date", _("出生日期格式应为 YYYY-MM-DD,例如 1990-05-03。"))
                birth = None
        if isinstance(birth, dt.datetime):
            birth = birth.date()
        if not birth and parsed_id is not None:
            birth = parsed_id.birth_date  # forgive: derive it from the ID number
        if isinstance(birth, dt.date):
            if birth > today or birth.year < 1900:
                result.add_error("birth_date", _("出生日期不可能:不能晚于今天或早于 1900 年。"))
            elif parsed_id is not None and birth != parsed_id.birth_date:
                result.add_error(
                    "birth_date",
                    _("出生日期 %(given)s 与身份证号码中的 %(from_id)s 不一致,请核对。")
                    % {"given": birth.isoformat(), "from_id": parsed_id.birth_date.isoformat()},
                )
            else:
                result.values["birth_date"] = birth
        elif "birth_date" not in result.errors:
            result.add_error("birth_date", _("请填写出生日期(有身份证号码时可自动得出)。"))

    if "sex" in present:
        sex = str(data.get("sex") or "")
        if not sex and parsed_id is not None:
            sex = parsed_id.sex
        if sex not in _SEXES:
            result.add_error("sex", _("请选择性别。"))
        elif parsed_id is not None and sex != parsed_id.sex:
            result.add_error(
                "sex",
                _("性别与身份证号码第 17 位不一致(号码表明为%(sex)s),请核对。")
                % {"sex": Sex(parsed_id.sex).label},
            )
        else:
            result.values["sex"] = sex

    if "phone" in present:
        raw_phone = str(data.get("phone") or "").strip()
        if raw_phone:
            phone = normalise_phone(raw_phone)
            if not _PHONE.match(phone):
                result.add_error(
                    "phone", _("联系电话应为 11 位手机号码或带区号的固定电话,例如 13812345678。")
                )
            else:
                result.values["phone"] = phone
        else:
            result.values["phone"] = None

    if "ethnicity" in present:
        result.values["ethnicity"] = _text(data.get("ethnicity"), 20) or "汉族"
    if "education" in present:
        education = str(data.get("education") or Education.UNKNOWN)
        if education not in _EDUCATIONS:
            result.add_error("education", _("文化程度不在可选范围内。"))
        else:
            result.values["education"] = education
    if "occupation" in present:
        result.values["occupation"] = _text(data.get("occupation"), 100)
    for name in ("household_address", "residence_address", "family_contacts"):
        if name in present:
            result.values[name] = _text(data.get(name), 500) or None
    if "residence_region" in present:
        if data.get("residence_region") is None:
            result.add_error("residence_region", _("请选择居住地(乡镇/街道或村/社区)。"))
        else:
            result.values["residence_region"] = data["residence_region"]
    if "household_region" in present:
        result.values["household_region"] = data.get("household_region")
    for flag in ("is_sealed_minor", "is_restricted"):
        if flag in present:
            result.values[flag] = bool(data.get(flag))
    return result

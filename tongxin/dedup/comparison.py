"""A pair side by side, for the review page and the API: the compared fields of each record
(ID numbers masked), whether they agree, and the linkage's evidence in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.dedup.models import MatchCandidate, PairKind
from tongxin.lib.resident_id import mask
from tongxin.people.models import Person, Sex
from tongxin.rosters.linkage import (
    BirthAgreement,
    IdAgreement,
    Method,
    NameAgreement,
    SexAgreement,
)

AGREE, DIFFER, MISSING = "agree", "differ", "missing"
# (field, label) compared side by side.
COMPARED = (
    ("name", gettext_lazy("姓名")),
    ("sex", gettext_lazy("性别")),
    ("birth_date", gettext_lazy("出生日期")),
    ("id_number", gettext_lazy("公民身份号码")),
    ("residence_address", gettext_lazy("居住地址")),
)
EVIDENCE_LABELS: dict[str, Any] = {
    "name": NameAgreement,
    "birth": BirthAgreement,
    "id": IdAgreement,
    "sex": SexAgreement,
}


@dataclass(frozen=True)
class Side:
    """One record of a pair: a roster row or a registered file."""

    title: str
    values: dict[str, str]  # field → comparable text ("" when not known)
    shown: dict[str, str]  # field → what is shown (ID numbers masked)
    person: Person | None = None


@dataclass(frozen=True)
class FieldLine:
    field: str
    label: str
    left: str
    right: str
    agreement: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _shown(values: dict[str, str]) -> dict[str, str]:
    shown = dict(values)
    sex = values["sex"]
    shown["sex"] = str(Sex(sex).label) if sex in Sex.values else sex
    shown["id_number"] = mask(values["id_number"]) if values["id_number"] else ""
    return shown


def _side_of_person(person: Person, title: str) -> Side:
    values = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number or "",
        "residence_address": person.residence_address or "",
    }
    return Side(title, values, _shown(values), person)


def _side_of_row(row_values: dict[str, Any], title: str) -> Side:
    values = {name: _text(row_values.get(name)) for name, _label in COMPARED}
    return Side(title, values, _shown(values))


def sides(candidate: MatchCandidate) -> tuple[Side, Side]:
    """(the roster row or the first file, the registered file or the second file)."""
    if candidate.kind == PairKind.IMPORT_ROW:
        row = candidate.import_row
        assert row is not None
        title = _("名单第 %(row)d 行(%(file)s)") % {
            "row": row.row_number,
            "file": row.batch.file_name,
        }
        return _side_of_row(row.values, title), _side_of_person(candidate.person, _("已有档案"))
    assert candidate.other_person is not None
    return (
        _side_of_person(candidate.person, _("档案一")),
        _side_of_person(candidate.other_person, _("档案二")),
    )


def compare(left: Side, right: Side) -> list[FieldLine]:
    lines = []
    for name, label in COMPARED:
        a, b = left.values[name], right.values[name]
        agreement = MISSING if not a or not b else AGREE if a.upper() == b.upper() else DIFFER
        lines.append(FieldLine(name, str(label), left.shown[name], right.shown[name], agreement))
    return lines


def evidence_labels(candidate: MatchCandidate) -> list[str]:
    stored: dict[str, Any] = candidate.evidence
    labels = []
    for key, choices in EVIDENCE_LABELS.items():
        value = stored.get(key)
        if value in choices.values:
            labels.append(str(choices(value).label))
    if stored.get("place"):
        labels.append(_("名单地址提到此人居住的村镇"))
    return labels


def method_label(code: str) -> str:
    return str(Method(code).label) if code in Method.values else code


def names(candidate: MatchCandidate) -> tuple[str, str]:
    """The two names a queue line shows."""
    if candidate.import_row is not None:
        left = _("名单行:%(name)s") % {"name": _text(candidate.import_row.values.get("name"))}
    else:
        left = candidate.person.name
    right = candidate.other_person.name if candidate.other_person else candidate.person.name
    return left, right

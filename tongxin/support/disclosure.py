"""The fields a referral may disclose, and the rules on the sensitive ones.

A referral names the fields the receiving agency needs for the service (民政 needs the ID
number and address for 低保; 人社 needs education and occupation for training) and nothing
else is shown to it. The name always goes: a referral must say who it is about. Some fields
are sensitive beyond the person file and may be named only where the rules allow:

- the offence (罪名) only from a justice agency, to a justice or police agency (legal aid,
  ID documents); never to 民政, 人社 or 残联 — they serve the person, not the sentence;
- the diagnosis only from a health agency, for a disability certificate (残联) or medical
  aid (精神卫生法 art 4: patients' information is confidential);
- HIV status never: it is not in this catalogue at all (艾滋病防治条例 art 39).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _lazy

from tongxin.organisation.models import Agency, AgencyKind, Sector
from tongxin.people.models import Education, Person, Sex
from tongxin.programs.registry import get_spec
from tongxin.programs.specs import mental_health
from tongxin.support.models import Pathway


def _latest_details(person: Person, program: str) -> dict[str, object]:
    spec = get_spec(program)
    enrollment = person.enrollments.filter(program=spec.storage_code).order_by("-started_on", "-id")
    first = enrollment.first()
    return first.details if first is not None else {}


def _offence(person: Person) -> str:
    return str(
        _latest_details(person, "corrections").get("offence")
        or _latest_details(person, "reentry").get("offence")
        or ""
    )


def _released_on(person: Person) -> str:
    return str(_latest_details(person, "reentry").get("released_on") or "")


def _diagnosis(person: Person) -> str:
    code = str(_latest_details(person, "mental_health").get("diagnosis") or "")
    return str(mental_health.DIAGNOSES.get(code, code)) if code else ""


@dataclass(frozen=True)
class FieldRule:
    label: Promise
    read: Callable[[Person], str]
    # Limits on a sensitive field; None means no limit beyond the consent.
    sender_sectors: frozenset[str] | None = None
    receiver_kinds: frozenset[str] | None = None
    pathways: frozenset[str] | None = None
    refusal: Promise | None = None


FIELDS: dict[str, FieldRule] = {
    "name": FieldRule(_lazy("姓名"), lambda p: p.name),
    "sex": FieldRule(_lazy("性别"), lambda p: str(Sex(p.sex).label)),
    "birth_date": FieldRule(_lazy("出生日期"), lambda p: p.birth_date.isoformat()),
    "id_number": FieldRule(_lazy("公民身份号码"), lambda p: p.id_number or ""),
    "phone": FieldRule(_lazy("联系电话"), lambda p: p.phone or ""),
    "residence_address": FieldRule(
        _lazy("居住地址"),
        lambda p: f"{p.residence_region.name} {p.residence_address or ''}".strip(),
    ),
    "household_address": FieldRule(
        _lazy("户籍地址"),
        lambda p: (
            f"{p.household_region.name if p.household_region else ''} {p.household_address or ''}"
        ).strip(),
    ),
    "family_contacts": FieldRule(_lazy("家庭联系人"), lambda p: p.family_contacts or ""),
    "education": FieldRule(
        _lazy("文化程度"), lambda p: str(Education(p.education).label) if p.education else ""
    ),
    "occupation": FieldRule(_lazy("职业"), lambda p: p.occupation),
    "released_on": FieldRule(_lazy("释放日期"), _released_on),
    "offence": FieldRule(
        _lazy("罪名"),
        _offence,
        sender_sectors=frozenset({Sector.JUSTICE}),
        receiver_kinds=frozenset(
            {AgencyKind.JUSTICE_BUREAU, AgencyKind.POLICE_STATION, AgencyKind.POLICE_BUREAU}
        ),
        refusal=_lazy("罪名只能由司法行政机关转给司法行政或公安机关(如法律援助、办理证件)。"),
    ),
    "diagnosis": FieldRule(
        _lazy("诊断"),
        _diagnosis,
        sender_sectors=frozenset({Sector.HEALTH}),
        pathways=frozenset({Pathway.DISABILITY_CERTIFICATE, Pathway.MEDICAL_AID}),
        refusal=_lazy("诊断只能由卫生健康机构在办理残疾证或医疗救助时转出(精神卫生法第四条)。"),
    ),
}
ALWAYS = ("name",)
# What the referral form ticks by default for each pathway: the least a provider needs.
SUGGESTED: dict[str, tuple[str, ...]] = {
    Pathway.MINIMUM_ALLOWANCE: ("name", "id_number", "residence_address", "household_address"),
    Pathway.EXTREME_POVERTY: ("name", "id_number", "residence_address", "household_address"),
    Pathway.TEMPORARY_RELIEF: ("name", "id_number", "phone", "residence_address"),
    Pathway.ACCOMMODATION: ("name", "sex", "birth_date", "phone", "released_on"),
    Pathway.TRAINING: ("name", "sex", "birth_date", "phone", "education"),
    Pathway.JOB_INFORMATION: ("name", "phone", "education", "occupation"),
    Pathway.EMPLOYER_PLACEMENT: ("name", "sex", "birth_date", "phone", "education"),
    Pathway.SELF_EMPLOYMENT: ("name", "phone", "id_number"),
    Pathway.MEDICAL_AID: ("name", "id_number", "phone"),
    Pathway.DISABILITY_CERTIFICATE: ("name", "id_number", "phone", "residence_address"),
    Pathway.ID_DOCUMENTS: ("name", "sex", "birth_date", "household_address", "released_on"),
    Pathway.LEGAL_AID: ("name", "phone", "residence_address"),
}


def field_refusal(code: str, *, sender: Agency, receiver: Agency, pathway: str) -> str | None:
    """Why ``code`` may not be disclosed on this referral, or None if it may."""
    rule = FIELDS.get(code)
    if rule is None:
        return str(_lazy("未知的字段:%(field)s。") % {"field": code})
    allowed = (
        (rule.sender_sectors is None or sender.sector in rule.sender_sectors)
        and (rule.receiver_kinds is None or receiver.kind in rule.receiver_kinds)
        and (rule.pathways is None or pathway in rule.pathways)
    )
    return None if allowed else str(rule.refusal)


@dataclass(frozen=True)
class DisclosedField:
    code: str
    label: str
    value: str


def disclosed_values(person: Person, codes: list[str]) -> list[DisclosedField]:
    """The named fields of ``person``, in catalogue order (the caller has checked access)."""
    return [
        DisclosedField(code, str(rule.label), rule.read(person) or "—")
        for code, rule in FIELDS.items()
        if code in codes
    ]

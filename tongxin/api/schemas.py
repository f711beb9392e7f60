"""Request and response bodies of the API.

Regions travel as administrative codes, people as UUIDs (never database ids). The ID number
and phone are masked unless the caller asks to reveal them, which the endpoint audits as a
separate disclosure.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from ninja import Field, Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

from tongxin.organisation.models import Region
from tongxin.people.models import Education, Person, Sex

REVEALABLE = ("id_number", "phone")


class ErrorOut(Schema):
    detail: str


class RejectedOut(Schema):
    errors: dict[str, list[str]] = Field(description="字段名 → 错误信息 / field → messages")
    warnings: list[str] = []


class RegionOut(Schema):
    code: str
    name: str

    @classmethod
    def from_region(cls, region: Region | None) -> RegionOut | None:
        return cls(code=region.code, name=region.name) if region is not None else None


class PeopleQuery(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="姓名、拼音、拼音首字母、身份证号码或手机号 / name, pinyin, initials, ID or phone",
    )
    township: str = Field("", max_length=12, description="居住地区划代码 / residence region code")
    sex: Sex | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)

    @field_validator("sex", "page", "page_size", mode="before")
    @classmethod
    def _blank_is_not_given(cls, value: object, info: ValidationInfo) -> object:
        # Forms and many clients send empty parameters (?sex=&page=): take the default.
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value


class DetailQuery(Schema):
    reveal: list[str] = Field(
        [], description="逗号分隔:id_number,phone(单独记入访问审计)/ comma-separated; audited"
    )

    @field_validator("reveal", mode="before")
    @classmethod
    def _split(cls, value: object) -> list[str]:
        # Accept both ?reveal=id_number,phone and ?reveal=id_number&reveal=phone.
        raw = value if isinstance(value, list) else [value]
        names = [name.strip() for item in raw for name in str(item or "").split(",")]
        unknown = sorted({name for name in names if name and name not in REVEALABLE})
        if unknown:
            raise ValueError(f"cannot reveal {', '.join(unknown)}; use {', '.join(REVEALABLE)}")
        return [name for name in REVEALABLE if name in names]


class PersonSummary(Schema):
    uuid: uuid_module.UUID
    name: str
    sex: Sex
    birth_date: dt.date
    id_number_masked: str
    residence_region: RegionOut
    owner_agency: str
    version: int

    @classmethod
    def from_person(cls, person: Person) -> PersonSummary:
        return cls(
            uuid=person.uuid,
            name=person.name,
            sex=Sex(person.sex),
            birth_date=person.birth_date,
            id_number_masked=person.id_number_masked,
            residence_region=RegionOut(
                code=person.residence_region.code, name=person.residence_region.name
            ),
            owner_agency=person.owner_agency.name,
            version=person.version,
        )


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PersonSummary]


class PersonDetail(Schema):
    uuid: uuid_module.UUID
    name: str
    former_name: str
    sex: Sex
    birth_date: dt.date
    id_number_masked: str
    id_number: str | None = Field(description="仅在 reveal=id_number 时给出 / only when revealed")
    phone_masked: str
    phone: str | None = Field(description="仅在 reveal=phone 时给出 / only when revealed")
    ethnicity: str
    education: Education
    occupation: str
    household_region: RegionOut | None
    household_address: str | None
    residence_region: RegionOut
    residence_address: str | None
    family_contacts: str | None
    is_sealed_minor: bool
    is_restricted: bool
    owner_agency: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def fields_of(cls, person: Person, *, reveal: list[str]) -> dict[str, object]:
        return {
            "uuid": person.uuid,
            "name": person.name,
            "former_name": person.former_name,
            "sex": Sex(person.sex),
            "birth_date": person.birth_date,
            "id_number_masked": person.id_number_masked,
            "id_number": person.id_number if "id_number" in reveal else None,
            "phone_masked": person.phone_masked,
            "phone": person.phone if "phone" in reveal else None,
            "ethnicity": person.ethnicity,
            "education": Education(person.education),
            "occupation": person.occupation,
            "household_region": RegionOut.from_region(person.household_region),
            "household_address": person.household_address,
            "residence_region": RegionOut.from_region(person.residence_region),
            "residence_address": person.residence_address,
            "family_contacts": person.family_contacts,
            "is_sealed_minor": person.is_sealed_minor,
            "is_restricted": person.is_restricted,
            "owner_agency": person.owner_agency.name,
            "version": person.version,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        }

    @classmethod
    def from_person(cls, person: Person, *, reveal: list[str]) -> PersonDetail:
        return cls.model_validate(cls.fields_of(person, reveal=reveal))


class PersonSaved(PersonDetail):
    warnings: list[str] = Field(description="可保存但请核对的提示 / saved, but please check")

    @classmethod
    def saved(cls, person: Person, *, warnings: list[str]) -> PersonSaved:
        return cls.model_validate({**cls.fields_of(person, reveal=[]), "warnings": warnings})


class PersonCreateIn(Schema):
    """The editable fields of a new person. Regions are region codes; sex and birth date may
    be left out when the ID number gives them."""

    model_config = ConfigDict(extra="forbid")

    name: str
    former_name: str = ""
    sex: Sex | None = None
    birth_date: dt.date | None = None
    id_number: str | None = None
    phone: str | None = None
    ethnicity: str | None = None
    education: Education | None = None
    occupation: str = ""
    household_region: str | None = Field(None, description="户籍地区划代码 / region code")
    household_address: str | None = None
    residence_region: str = Field(description="居住地区划代码 / region code")
    residence_address: str | None = None
    family_contacts: str | None = None
    is_sealed_minor: bool = False
    is_restricted: bool = False
    confirm_similar: bool = Field(
        False, description="确认与同名同生日人员不是同一人 / not the same as a look-alike"
    )


class PersonPatchIn(Schema):
    """``version`` as read, plus only the fields to change; null clears a field."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="读取时的版本号 / the version that was read")
    name: str | None = None
    former_name: str | None = None
    sex: Sex | None = None
    birth_date: dt.date | None = None
    id_number: str | None = None
    phone: str | None = None
    ethnicity: str | None = None
    education: Education | None = None
    occupation: str | None = None
    household_region: str | None = Field(None, description="户籍地区划代码 / region code")
    household_address: str | None = None
    residence_region: str | None = Field(None, description="居住地区划代码 / region code")
    residence_address: str | None = None
    family_contacts: str | None = None
    is_sealed_minor: bool | None = None
    is_restricted: bool | None = None

"""Action functions for people: validate, one transaction, write, audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change, record_disclosure
from tongxin.lib.field_crypto import blind_index
from tongxin.lib.name_keys import name_keys
from tongxin.organisation.models import Agency, Region
from tongxin.people.models import Person
from tongxin.people.validation import EDITABLE_FIELDS, ENCRYPTED_FIELDS, clean_person

ID_INDEX_PURPOSE = "person.id_number"
PHONE_INDEX_PURPOSE = "person.phone"


class PersonRejected(Exception):
    """The input cannot be saved; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]], warnings: list[str] | None = None) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors
        self.warnings = warnings or []


class EditConflict(Exception):
    """Someone else saved the person after this form was opened."""


@dataclass(frozen=True)
class DuplicateReport:
    same_id_number: bool  # an ID match anywhere: the file already exists
    same_id_visible: Person | None  # ... and the user may open it
    similar: list[Person]  # same name and birth date, within the user's scope


def id_number_index(number: str | None) -> str | None:
    return blind_index(number, purpose=ID_INDEX_PURPOSE) if number else None


def phone_index(phone: str | None) -> str | None:
    return blind_index(phone, purpose=PHONE_INDEX_PURPOSE) if phone else None


def find_duplicates(
    *, actor: Actor, values: dict[str, Any], exclude: Person | None = None
) -> DuplicateReport:
    """Look for an existing file of the same person before creating or changing one.

    An ID match is checked across the whole registry (one file per person), but only its
    existence is told unless the user may open it; name + birth-date matches are searched
    within the user's scope only.
    """
    others = Person.objects.all()
    visible = policy.people_visible_to(actor.user)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
        visible = visible.exclude(pk=exclude.pk)
    index = id_number_index(values.get("id_number"))
    same_id = index is not None and others.filter(id_number_index=index).exists()
    same_id_visible = visible.filter(id_number_index=index).first() if same_id else None
    similar: list[Person] = []
    if values.get("name") and values.get("birth_date"):
        similar = list(
            visible.filter(name=values["name"], birth_date=values["birth_date"])
            .exclude(id_number_index=index)
            .select_related("residence_region")[:10]
        )
    disclosed = [p.uuid for p in similar] + ([same_id_visible.uuid] if same_id_visible else [])
    if disclosed:
        record_disclosure(
            actor=actor,
            action="person.duplicate_check",
            object_type="person",
            object_ids=disclosed,
            agency_name=policy.primary_agency_name(actor.user),
        )
    return DuplicateReport(same_id, same_id_visible, similar)


def _apply(person: Person, values: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    for name, value in values.items():
        if _current(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    keys = name_keys(person.name)
    person.name_pinyin, person.name_initials = keys.full, keys.initials
    person.name_pinyin_variants = keys.variants_text
    person.id_number_index = id_number_index(person.id_number)
    person.phone_index = phone_index(person.phone)
    return changed


def _current(person: Person, name: str) -> Any:
    try:
        return getattr(person, name)
    except ObjectDoesNotExist:  # an unset foreign key on a new person
        return None


def _change_details(before: dict[str, Any], person: Person, changed: list[str]) -> dict[str, Any]:
    """What the audit row says about a change. Encrypted fields are named, never shown."""
    details: dict[str, Any] = {}
    for name in changed:
        if name in ENCRYPTED_FIELDS:
            details[name] = "changed"
        else:
            new = getattr(person, name)
            details[name] = {"from": _plain(before.get(name)), "to": _plain(new)}
    return details


def _plain(value: Any) -> Any:
    if isinstance(value, Region):
        return value.code
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _duplicate_id_error() -> PersonRejected:
    return PersonRejected(
        {
            "id_number": [
                _("此身份证号码已经建档,一人只建一档。请在人员查询中按号码查找,或联系建档机构。")
            ]
        }
    )


def create_person(*, actor: Actor, data: dict[str, Any], confirm_similar: bool = False) -> Person:
    """Register a new person in the writable scope of ``actor``.

    Steps: clean the fields; find the writing membership covering the residence region;
    refuse a known ID number; refuse name + birth-date look-alikes unless confirmed; insert
    and audit in one transaction.
    """
    cleaned = clean_person(data)
    if not cleaned.ok:
        raise PersonRejected(cleaned.errors, cleaned.warnings)
    values = cleaned.values
    region: Region = values["residence_region"]
    scopes = policy.scopes_for_new_person(actor.user, region)
    if not scopes:
        raise PersonRejected(
            {"residence_region": [_("您没有在该地区建档的权限,请选择您管辖范围内的居住地。")]}
        )
    scope = scopes[0]
    duplicates = find_duplicates(actor=actor, values=values)
    if duplicates.same_id_number:
        raise _duplicate_id_error()
    if duplicates.similar and not confirm_similar:
        raise PersonRejected(
            {
                "__all__": [
                    _("已有同名且出生日期相同的人员,请核对是否为同一人;确认不是后勾选“确认新建”。")
                ]
            },
            cleaned.warnings,
        )
    owner = Agency.objects.get(pk=scope.agency_id)
    person = Person(owner_agency=owner, owner_sector=owner.sector, created_by=actor.user)
    _apply(person, values)
    try:
        with transaction.atomic():
            person.save()
            record_change(
                actor=actor,
                action="person.create",
                object_type="person",
                object_ids=[person.uuid],
                agency_name=owner.name,
                details={
                    "fields": sorted(k for k, v in values.items() if v not in (None, "", False)),
                    "owner_agency": owner.name,
                    "residence_region": region.code,
                },
            )
    except IntegrityError as exc:
        # Two officers registering the same number at once: the unique index decides.
        raise _duplicate_id_error() from exc
    return person


def update_person(
    *,
    actor: Actor,
    person_uuid: Any,
    data: dict[str, Any],
    expected_version: int,
    confirm_similar: bool = True,
) -> Person:
    """Change a person's file; refuses when someone else saved it since ``expected_version``.

    ``data`` holds the full set of editable fields (the API merges a PATCH onto the current
    values first), so cross-field checks always see a consistent record.
    """
    with transaction.atomic():
        person = policy.get_person_for_user(actor.user, person_uuid, write=True)
        if person.version != expected_version:
            raise EditConflict(
                _(
                    "此档案在您打开后已被他人修改(版本 %(theirs)d,您的版本 %(mine)d)。"
                    "请刷新后重新修改,您的输入未保存。"
                )
                % {"theirs": person.version, "mine": expected_version}
            )
        cleaned = clean_person(data)
        if not cleaned.ok:
            raise PersonRejected(cleaned.errors, cleaned.warnings)
        new_region: Region = cleaned.values["residence_region"]
        if new_region.pk != person.residence_region_id and not any(
            scope.sector == person.owner_sector
            for scope in policy.scopes_for_new_person(actor.user, new_region)
        ):
            raise PersonRejected(
                {
                    "residence_region": [
                        _("新的居住地不在您的管辖范围内;跨辖区迁居请走变更执行地流程。")
                    ]
                }
            )
        before = {name: _current(person, name) for name in EDITABLE_FIELDS}
        changed = _apply(person, cleaned.values)
        if not changed:
            return person
        if (
            "id_number" in changed
            and person.id_number_index
            and Person.objects.filter(id_number_index=person.id_number_index)
            .exclude(pk=person.pk)
            .exists()
        ):
            raise _duplicate_id_error()
        # Conditional update: a concurrent save between our read and write loses the race
        # here instead of being silently overwritten.
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if updated != 1:
            raise EditConflict(_("此档案刚刚被他人修改,请刷新后重新修改,您的输入未保存。"))
        person.version = expected_version + 1
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise _duplicate_id_error() from exc
        record_change(
            actor=actor,
            action="person.update",
            object_type="person",
            object_ids=[person.uuid],
            agency_name=policy.primary_agency_name(actor.user),
            details={
                "changes": _change_details(before, person, changed),
                "version": person.version,
            },
        )
    return person

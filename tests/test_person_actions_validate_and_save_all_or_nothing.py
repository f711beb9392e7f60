"""Creating and editing a person: clear messages, nothing saved half-way, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.personas import COUNTY_CODE, World, person_data
from tongxin.audit import record as audit_record
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.lib.resident_id import make_number
from tongxin.people import actions
from tongxin.people.actions import EditConflict, PersonRejected, create_person, update_person
from tongxin.people.models import Person
from tongxin.people.validation import EDITABLE_FIELDS


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def actor(user: object) -> Actor:
    return Actor(user=user, channel="web")


def current_values(person: Person) -> dict:
    return {name: getattr(person, name) for name in EDITABLE_FIELDS}


def test_invalid_checksum_is_reported_on_the_id_field_and_nothing_saved(world: World) -> None:
    data = person_data("赵新", world.village_a, dt.date(1988, 1, 2), 55)
    data["id_number"] = data["id_number"][:-1] + ("0" if data["id_number"][-1] != "0" else "1")
    before = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_a), data=data)
    assert "校验位" in error.value.errors["id_number"][0]
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_impossible_birth_date_is_reported(world: World) -> None:
    data = person_data("赵新", world.village_a, dt.date(1988, 1, 2), 55)
    data.update(id_number="", birth_date="1988-02-30")
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_a), data=data)
    assert "birth_date" in error.value.errors


def test_birth_date_and_sex_must_agree_with_the_id_number(world: World) -> None:
    data = person_data("赵新", world.village_a, dt.date(1988, 1, 2), 55)
    data.update(birth_date=dt.date(1988, 1, 3), sex="F")
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_a), data=data)
    assert "不一致" in error.value.errors["birth_date"][0]
    assert "不一致" in error.value.errors["sex"][0]


def test_birth_date_and_sex_are_derived_when_left_blank(world: World) -> None:
    data = person_data("赵新", world.village_a, dt.date(1988, 1, 2), 55, sex="F")
    data.update(birth_date="", sex="")
    person = create_person(actor=actor(world.worker_a), data=data)
    assert person.birth_date == dt.date(1988, 1, 2) and person.sex == "F"


def test_duplicate_id_number_is_refused_even_outside_the_users_scope(world: World) -> None:
    data = person_data("张东明", world.village_b, dt.date(1985, 3, 14), 11)
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_b), data=data)
    assert "已经建档" in error.value.errors["id_number"][0]
    assert Person.objects.filter(residence_region=world.village_b, name="张东明").count() == 0


def test_look_alike_needs_confirmation(world: World) -> None:
    data = person_data("张东明", world.village_a, dt.date(1985, 3, 14), 77)
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_a), data=data)
    assert "__all__" in error.value.errors
    person = create_person(actor=actor(world.worker_a), data=data, confirm_similar=True)
    assert person.name == "张东明" and person.pk != world.person_a.pk


def test_registering_outside_ones_jurisdiction_is_refused(world: World) -> None:
    data = person_data("赵新", world.village_b, dt.date(1988, 1, 2), 55)
    with pytest.raises(PersonRejected) as error:
        create_person(actor=actor(world.worker_a), data=data)
    assert "residence_region" in error.value.errors


def test_create_writes_an_audit_row_without_plaintext(world: World) -> None:
    event = AuditEvent.objects.filter(action="person.create", object_ids=[str(world.person_a.uuid)])
    text = str(list(event.values("details")))
    assert event.count() == 1
    assert world.person_a.id_number not in text and world.person_a.phone not in text


def test_update_bumps_version_and_audits_changed_fields_only(world: World) -> None:
    person = world.person_a
    values = current_values(person) | {"occupation": "个体经营", "phone": "13911112222"}
    updated = update_person(
        actor=actor(world.worker_a), person_uuid=person.uuid, data=values, expected_version=1
    )
    assert updated.version == 2
    event = AuditEvent.objects.filter(action="person.update").get()
    assert event.details["changes"]["occupation"] == {"from": "", "to": "个体经营"}
    assert event.details["changes"]["phone"] == "changed"
    assert "13911112222" not in str(event.details)


def test_stale_version_is_refused_and_nothing_changes(world: World) -> None:
    person = world.person_a
    update_person(
        actor=actor(world.worker_a),
        person_uuid=person.uuid,
        data=current_values(person) | {"occupation": "务农"},
        expected_version=1,
    )
    with pytest.raises(EditConflict):
        update_person(
            actor=actor(world.county_supervisor),
            person_uuid=person.uuid,
            data=current_values(person) | {"occupation": "司机"},
            expected_version=1,
        )
    assert Person.objects.get(pk=person.pk).occupation == "务农"


def test_changing_to_someone_elses_id_number_is_refused(world: World) -> None:
    other = create_person(
        actor=actor(world.worker_a),
        data=person_data("钱进", world.village_a, dt.date(1970, 5, 5), 66),
    )
    values = current_values(other) | {
        "id_number": world.person_a.id_number,
        "birth_date": world.person_a.birth_date,
    }
    with pytest.raises(PersonRejected):
        update_person(
            actor=actor(world.worker_a), person_uuid=other.uuid, data=values, expected_version=1
        )
    assert Person.objects.get(pk=other.pk).version == 1


def test_failed_audit_write_rolls_the_change_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(actions, "record_change", failing)
    data = person_data("孙立", world.village_a, dt.date(1992, 8, 8), 88)
    with pytest.raises(RuntimeError):
        create_person(actor=actor(world.worker_a), data=data)
    assert not Person.objects.filter(name="孙立").exists()
    monkeypatch.setattr(actions, "record_change", audit_record.record_change)


def test_legacy_15_digit_number_is_stored_as_18_digits(world: World) -> None:
    number18 = make_number(COUNTY_CODE, dt.date(1965, 4, 4), 31, "M")
    number15 = number18[:6] + number18[8:17]
    data = person_data("周旧", world.village_a, dt.date(1965, 4, 4), 31) | {"id_number": number15}
    person = create_person(actor=actor(world.worker_a), data=data)
    assert Person.objects.get(pk=person.pk).id_number == number18

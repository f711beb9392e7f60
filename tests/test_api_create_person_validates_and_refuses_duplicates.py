"""POST /api/v1/people: the people validation's own (Chinese) messages per field, one file
per ID number, and nothing saved when anything is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from tests.api_support import PEOPLE, caller
from tests.personas import World, person_data
from tongxin.audit.models import AuditEvent
from tongxin.lib.resident_id import mask
from tongxin.people.models import Person


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def body_for(world: World, **changes: Any) -> dict[str, Any]:
    data = person_data("赵新", world.village_a, dt.date(1988, 1, 2), 55)
    body = {**data, "birth_date": "1988-01-02", "residence_region": world.village_a.code}
    body.update(changes)
    return body


def counts() -> tuple[int, int]:
    return Person.objects.count(), AuditEvent.objects.count()


def test_valid_person_is_created_in_the_callers_agency(world: World) -> None:
    body = body_for(world, household_region=world.village_b.code, occupation="务农")
    response = caller(world.worker_a).post(PEOPLE, body)
    assert response.status_code == 201
    created = response.json()
    assert created["id_number_masked"] == mask(body["id_number"])
    assert body["id_number"] not in response.content.decode()
    assert created["household_region"] == {"code": world.village_b.code, "name": "西山村"}
    assert created["version"] == 1
    # The test county's code is not in the national table: saved, with a warning to check.
    assert ["990101" in warning for warning in created["warnings"]] == [True]
    person = Person.objects.get(uuid=created["uuid"])
    assert (person.owner_agency, person.occupation) == (world.justice_office_a, "务农")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.channel, event.object_ids) == (
        "person.create",
        "api",
        [created["uuid"]],
    )


def test_sex_and_birth_date_are_taken_from_the_id_number(world: World) -> None:
    body = body_for(world)
    del body["sex"], body["birth_date"]
    created = caller(world.worker_a).post(PEOPLE, body).json()
    assert (created["sex"], created["birth_date"]) == ("M", "1988-01-02")


def test_bad_checksum_is_reported_on_the_id_field_and_nothing_saved(world: World) -> None:
    body = body_for(world)
    body["id_number"] = body["id_number"][:-1] + ("0" if body["id_number"][-1] != "0" else "1")
    api = caller(world.worker_a)
    before = counts()
    response = api.post(PEOPLE, body)
    assert response.status_code == 422
    assert "校验位" in response.json()["errors"]["id_number"][0]
    assert counts() == before


def test_an_id_number_already_registered_is_refused(world: World) -> None:
    body = body_for(world, id_number=world.person_a.id_number, birth_date="1985-03-14")
    api = caller(world.worker_a)
    before = counts()
    response = api.post(PEOPLE, body)
    assert response.status_code == 422
    assert "已经建档" in response.json()["errors"]["id_number"][0]
    assert counts() == before


def test_an_id_number_registered_outside_the_callers_scope_is_refused_without_its_file(
    world: World,
) -> None:
    body = body_for(world, id_number=world.person_b.id_number, birth_date="1979-11-02")
    response = caller(world.worker_a).post(PEOPLE, body)
    assert response.status_code == 422
    assert "已经建档" in response.json()["errors"]["id_number"][0]
    assert "李西平" not in response.content.decode()


def test_look_alike_needs_confirmation(world: World) -> None:
    body = body_for(world, name="张东明", birth_date="1985-03-14", id_number=None)
    api = caller(world.worker_a)
    refused = api.post(PEOPLE, body)
    assert refused.status_code == 422
    assert "同名" in refused.json()["errors"]["__all__"][0]
    assert api.post(PEOPLE, {**body, "confirm_similar": True}).status_code == 201


def test_unknown_region_code_is_a_field_error(world: World) -> None:
    api = caller(world.worker_a)
    before = counts()
    response = api.post(PEOPLE, body_for(world, residence_region="999999"))
    assert response.status_code == 422
    assert "999999" in response.json()["errors"]["residence_region"][0]
    assert counts() == before


def test_blank_residence_region_is_a_field_error(world: World) -> None:
    api = caller(world.worker_a)
    before = counts()
    response = api.post(PEOPLE, body_for(world, residence_region=" "))
    assert response.status_code == 422
    assert "居住地" in response.json()["errors"]["residence_region"][0]
    assert counts() == before


def test_residence_outside_the_callers_jurisdiction_is_refused(world: World) -> None:
    api = caller(world.worker_a)
    before = counts()
    response = api.post(PEOPLE, body_for(world, residence_region=world.village_b.code))
    assert response.status_code == 422
    assert "管辖范围" in response.json()["errors"]["residence_region"][0]
    assert counts() == before


def test_missing_and_unknown_fields_are_field_errors(world: World) -> None:
    body = body_for(world, owner_sector="police")
    del body["name"]
    response = caller(world.worker_a).post(PEOPLE, body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["必须填写此项。"]
    assert "owner_sector" in errors


def test_read_only_agency_cannot_create(world: World) -> None:
    api = caller(world.procurator)
    before = counts()
    response = api.post(PEOPLE, body_for(world))
    assert response.status_code == 422
    assert "residence_region" in response.json()["errors"]
    assert counts() == before

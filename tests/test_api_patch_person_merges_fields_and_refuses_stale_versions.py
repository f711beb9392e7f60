"""PATCH /api/v1/people/{uuid}: only the fields sent change, the version must be the one
read (409 otherwise), refusals change nothing, and the audit never holds plaintext."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from tests.api_support import caller, person_url
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.people.models import Person


@pytest.fixture(autouse=True)
def _chinese() -> None:
    translation.activate("zh-hans")


def snapshot(person: Person) -> tuple[object, ...]:
    person.refresh_from_db()
    return (
        person.version,
        person.name,
        person.phone,
        person.occupation,
        person.id_number,
        person.residence_address,
        person.residence_region_id,
    )


def audit_count() -> int:
    return AuditEvent.objects.count()


def test_patch_changes_only_the_fields_sent_and_bumps_the_version(world: World) -> None:
    person = world.person_a
    old_number, old_address = person.id_number, person.residence_address
    response = caller(world.worker_a).patch(
        person_url(person), {"version": 1, "occupation": "厨师", "phone": "13900001111"}
    )
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["phone_masked"]) == (2, "139****1111")
    person.refresh_from_db()
    assert (person.version, person.occupation, person.phone) == (2, "厨师", "13900001111")
    assert (person.name, person.id_number, person.residence_address) == (
        "张东明",
        old_number,
        old_address,
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.channel, event.object_ids) == (
        "person.update",
        "api",
        [str(person.uuid)],
    )
    assert set(event.details["changes"]) == {"occupation", "phone"}
    stored = json.dumps(event.chained_content(), ensure_ascii=False)
    assert "13900001111" not in stored
    assert "13800000011" not in stored
    assert (old_number or "") not in stored


def test_moving_within_jurisdiction_takes_a_region_code(world: World) -> None:
    response = caller(world.county_supervisor).patch(
        person_url(world.person_a), {"version": 1, "residence_region": world.village_b.code}
    )
    assert response.json()["residence_region"] == {"code": world.village_b.code, "name": "西山村"}


def test_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    api = caller(world.worker_a)
    first = api.patch(person_url(world.person_a), {"version": 1, "occupation": "厨师"})
    assert first.json()["version"] == 2
    before, audits = snapshot(world.person_a), audit_count()
    response = api.patch(person_url(world.person_a), {"version": 1, "occupation": "司机"})
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    assert (snapshot(world.person_a), audit_count()) == (before, audits)


def test_invalid_value_is_a_field_error_and_changes_nothing(world: World) -> None:
    api = caller(world.worker_a)
    before, audits = snapshot(world.person_a), audit_count()
    response = api.patch(
        person_url(world.person_a), {"version": 1, "phone": "12345", "occupation": "厨师"}
    )
    assert response.status_code == 422
    assert "手机号码" in response.json()["errors"]["phone"][0]
    assert (snapshot(world.person_a), audit_count()) == (before, audits)


def test_clearing_a_required_field_is_refused(world: World) -> None:
    api = caller(world.worker_a)
    before = snapshot(world.person_a)
    response = api.patch(person_url(world.person_a), {"version": 1, "name": None})
    assert response.json()["errors"]["name"] == ["请填写姓名。"]
    assert snapshot(world.person_a) == before


def test_another_persons_id_number_is_refused(world: World) -> None:
    api = caller(world.county_supervisor)
    before = snapshot(world.person_a)
    response = api.patch(
        person_url(world.person_a),
        {"version": 1, "id_number": world.person_b.id_number, "birth_date": "1979-11-02"},
    )
    assert response.status_code == 422
    assert "已经建档" in response.json()["errors"]["id_number"][0]
    assert snapshot(world.person_a) == before


def test_unknown_region_code_and_missing_version_are_field_errors(world: World) -> None:
    api = caller(world.worker_a)
    before = snapshot(world.person_a)
    unknown = api.patch(person_url(world.person_a), {"version": 1, "residence_region": "0"})
    assert "residence_region" in unknown.json()["errors"]
    no_version = api.patch(person_url(world.person_a), {"occupation": "厨师"})
    assert no_version.json()["errors"] == {"version": ["必须填写此项。"]}
    assert (unknown.status_code, no_version.status_code) == (422, 422)
    assert snapshot(world.person_a) == before

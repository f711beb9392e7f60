"""Editing a person: the form was opened at a version; a save over a newer version is refused
with the officer's input kept; read-only users cannot edit at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World, member
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.organisation.models import Role
from tongxin.people.actions import update_person
from tongxin.people.models import Person
from tongxin.people.validation import EDITABLE_FIELDS


def edit_data(person: Person, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": person.name,
        "former_name": person.former_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number,
        "phone": person.phone,
        "ethnicity": person.ethnicity,
        "education": person.education,
        "occupation": person.occupation,
        "residence_region": person.residence_region_id,
        "residence_address": person.residence_address or "",
        "household_region": "",
        "household_address": "",
        "family_contacts": "",
        "version": person.version,
    }
    data.update(changes)
    return data


def test_edit_form_is_filled_and_its_disclosure_audited(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    response = client.get(reverse("people:edit", args=[world.person_a.uuid]))
    html = response.content.decode()
    assert 'value="张东明"' in html
    assert 'name="version" value="1"' in html
    assert world.person_a.id_number in html
    event = AccessEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.object_ids) == ("person.edit_form", [str(world.person_a.uuid)])


def test_a_save_updates_the_file_and_returns_to_it(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    url = reverse("people:edit", args=[world.person_a.uuid])
    response = client.post(url, edit_data(world.person_a, occupation="个体经营"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[world.person_a.uuid])
    world.person_a.refresh_from_db()
    assert (world.person_a.occupation, world.person_a.version) == ("个体经营", 2)


def test_a_stale_version_is_refused_and_the_input_kept(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    url = reverse("people:edit", args=[world.person_a.uuid])
    opened = edit_data(world.person_a)  # the officer opens the form at version 1 ...
    someone_else = {name: getattr(world.person_a, name) for name in EDITABLE_FIELDS}
    someone_else["occupation"] = "司机"
    update_person(  # ... a colleague saves first ...
        actor=Actor(user=world.county_supervisor, channel="web"),
        person_uuid=world.person_a.uuid,
        data=someone_else,
        expected_version=1,
    )
    response = client.post(url, {**opened, "occupation": "厨师", "family_contacts": "张父 母亲"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人修改" in html
    assert 'value="厨师"' in html and "张父 母亲" in html
    world.person_a.refresh_from_db()
    assert (world.person_a.occupation, world.person_a.version) == ("司机", 2)


def test_a_rejected_value_is_shown_on_its_field(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    url = reverse("people:edit", args=[world.person_a.uuid])
    response = client.post(url, edit_data(world.person_a, phone="12345"))
    assert "联系电话应为 11 位手机号码" in response.context["form"].errors["phone"][0]
    assert 'value="12345"' in response.content.decode()
    world.person_a.refresh_from_db()
    assert world.person_a.phone == "13800000011"


@pytest.mark.parametrize("persona", ["procurator", "viewer"])
def test_read_only_users_cannot_edit(client: Client, world: World, persona: str) -> None:
    user = (
        world.procurator
        if persona == "procurator"
        else member("viewer_a", world.justice_office_a, Role.VIEWER)
    )
    client.force_login(user)
    url = reverse("people:edit", args=[world.person_a.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(world.person_a, occupation="厨师")).status_code == 404
    world.person_a.refresh_from_db()
    assert (world.person_a.occupation, world.person_a.version) == ("", 1)
    detail = client.get(reverse("people:detail", args=[world.person_a.uuid])).content.decode()
    assert "张东明" in detail and url not in detail

"""Creating a person: each message sits on the field it concerns, every typed value is kept,
nothing is saved until the input is right, and look-alikes need an explicit confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from stdnum.cn import ric

from tests.personas import COUNTY_CODE, World
from tongxin.audit.models import AccessEvent
from tongxin.lib.resident_id import make_number
from tongxin.people.models import Person

NEW_ID = make_number(COUNTY_CODE, dt.date(1992, 7, 8), 57, "F")


def form_data(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "赵新兰",
        "sex": "",
        "birth_date": "",
        "id_number": NEW_ID,
        "phone": "13700001111",
        "ethnicity": "汉族",
        "education": "senior",
        "occupation": "务农",
        "residence_region": world.village_a.pk,
        "residence_address": "东城村8组",
        "household_region": "",
        "household_address": "",
        "family_contacts": "赵大山 父亲 13700002222",
    }
    data.update(changes)
    return data


@pytest.fixture
def worker_a(client: Client, world: World) -> Client:
    client.force_login(world.worker_a)
    return client


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("people:create"), data)


def test_wrong_check_digit_is_explained_on_the_id_field(worker_a: Client, world: World) -> None:
    wrong = NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1")
    before = Person.objects.count()
    response = post(worker_a, form_data(world, id_number=wrong))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "校验位错误" in errors["id_number"][0]
    # Left blank to be derived from the number, birth date and sex wait for a valid one.
    assert set(errors) == {"id_number", "birth_date", "sex"}
    assert "有身份证号码时可自动得出" in errors["birth_date"][0]
    html = response.content.decode()
    assert "校验位错误" in html
    for typed in ("赵新兰", wrong, "13700001111", "东城村8组", "赵大山 父亲 13700002222"):
        assert typed in html  # nothing the officer typed is lost
    assert Person.objects.count() == before


def test_impossible_birth_date_is_refused(worker_a: Client, world: World) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = post(worker_a, form_data(world, id_number="", birth_date=future, sex="F"))
    errors = response.context["form"].errors
    assert "出生日期不可能" in errors["birth_date"][0]
    assert f'value="{future}"' in response.content.decode()
    assert not Person.objects.filter(name="赵新兰").exists()


def test_an_impossible_date_inside_the_id_number_is_explained(
    worker_a: Client, world: World
) -> None:
    body = f"{COUNTY_CODE}19850230057"  # 30 February
    response = post(worker_a, form_data(world, id_number=body + ric.calc_check_digit(body)))
    assert "不是有效日期" in response.context["form"].errors["id_number"][0]
    assert not Person.objects.filter(name="赵新兰").exists()


def test_an_id_number_already_on_file_is_refused(worker_a: Client, world: World) -> None:
    before = Person.objects.count()
    response = post(worker_a, form_data(world, id_number=world.person_a.id_number))
    errors = response.context["form"].errors
    assert "此身份证号码已经建档" in errors["id_number"][0]
    assert "此身份证号码已经建档" in response.content.decode()
    assert Person.objects.count() == before


def test_look_alike_needs_confirmation_then_saves(worker_a: Client, world: World) -> None:
    data = form_data(world, name="张东明", id_number="", birth_date="1985-03-14", sex="M")
    refused = post(worker_a, data)
    html = refused.content.decode()
    assert "已有同名且出生日期相同的人员" in html
    assert reverse("people:detail", args=[world.person_a.uuid]) in html
    assert world.person_a.id_number_masked in html
    assert world.person_a.id_number not in html
    assert 'name="confirm_similar"' in html
    assert Person.objects.filter(name="张东明").count() == 1
    assert AccessEvent.objects.filter(
        action="person.duplicate_check", object_ids=[str(world.person_a.uuid)]
    ).exists()

    confirmed = post(worker_a, {**data, "confirm_similar": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(name="张东明").count() == 2


def test_birth_date_and_sex_come_from_the_id_number_and_warnings_follow_the_save(
    worker_a: Client, world: World
) -> None:
    response = post(worker_a, form_data(world))
    person = Person.objects.get(name="赵新兰")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.uuid])
    assert (person.birth_date, person.sex) == (dt.date(1992, 7, 8), "F")
    assert person.owner_agency == world.justice_office_a
    page = worker_a.get(response["Location"]).content.decode()
    assert "档案已保存" in page
    # 990101 is the test county's made-up code: the ID check warns, the save goes through.
    assert "不在行政区划表中" in page


def test_a_residence_outside_the_writing_scope_is_not_offered(
    worker_a: Client, world: World
) -> None:
    response = post(worker_a, form_data(world, residence_region=world.village_b.pk))
    assert "residence_region" in response.context["form"].errors
    assert not Person.objects.filter(name="赵新兰").exists()
    html = worker_a.get(reverse("people:create")).content.decode()
    assert "西山村" not in html and "东城村" in html


@pytest.mark.parametrize("persona", ["procurator", "outsider"])
def test_users_who_cannot_write_get_404(client: Client, world: World, persona: str) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(reverse("people:create")).status_code == 404
    assert post(client, form_data(world)).status_code == 404
    assert not Person.objects.filter(name="赵新兰").exists()
    assert reverse("people:create") not in client.get(reverse("people:home")).content.decode()

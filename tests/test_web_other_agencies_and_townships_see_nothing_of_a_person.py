"""The worker of another township, the 民政 officer, the police officer and a user with no
membership must see nothing of person_a through any page: not the name, not the ID number
(full or masked), not the phone; and the pages say 404, never 403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tongxin.audit.models import AccessEvent

OTHERS = ("worker_b", "civil_officer", "police_a", "outsider")


def traces_of(world: World) -> list[str]:
    person = world.person_a
    return [
        person.name,
        person.id_number,
        person.id_number_masked,
        person.phone,
        person.phone_masked,
    ]


def searches(world: World) -> list[str]:
    return ["张东明", "zhangdongming", "zdm", world.person_a.id_number, world.person_a.phone]


def assert_nothing_of_person_a(html: str, world: World) -> None:
    for trace in traces_of(world):
        assert trace not in html


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("page", ["people:detail", "people:edit"])
def test_person_pages_answer_404_and_show_nothing(
    client: Client, world: World, persona: str, page: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(reverse(page, args=[world.person_a.uuid]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert_nothing_of_person_a(response.content.decode(), world)
    assert not AccessEvent.objects.filter(actor=getattr(world, persona)).exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_editing_outside_scope_answers_404_and_changes_nothing(
    client: Client, world: World, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.post(
        reverse("people:edit", args=[world.person_a.uuid]),
        {"name": "改名", "residence_region": world.village_a.pk, "version": 1},
    )
    assert response.status_code == 404
    world.person_a.refresh_from_db()
    assert world.person_a.name == "张东明"
    assert world.person_a.version == 1


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_revealing_outside_scope_answers_404_and_shows_nothing(
    client: Client, world: World, persona: str, field: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.post(
        reverse("people:reveal", args=[world.person_a.uuid, field]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert_nothing_of_person_a(response.content.decode(), world)
    assert not AccessEvent.objects.filter(action__startswith="person.reveal").exists()


@pytest.mark.parametrize("persona", OTHERS)
def test_list_and_every_kind_of_search_find_nothing_of_person_a(
    client: Client, world: World, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    whole_list = client.get(reverse("people:list")).content.decode()
    assert_nothing_of_person_a(whole_list, world)
    for query in searches(world):
        # The results alone (as htmx asks for them): the search box echoes what was typed.
        response = client.get(reverse("people:list"), {"q": query}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "共 0 人" in response.content.decode()
        assert_nothing_of_person_a(response.content.decode(), world)
        assert str(world.person_a.uuid) not in response.content.decode()
    logged = AccessEvent.objects.filter(actor=getattr(world, persona))
    assert all(str(world.person_a.uuid) not in event.object_ids for event in logged)


def test_the_owning_worker_finds_person_a_by_every_kind_of_search(
    client: Client, world: World
) -> None:
    # The control for the test above: the same searches do find person_a in scope.
    client.force_login(world.worker_a)
    for query in searches(world):
        response = client.get(reverse("people:list"), {"q": query}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "张东明" in html, query
        assert str(world.person_a.uuid) in html
        assert world.person_a.id_number_masked in html
        assert world.person_a.id_number not in html  # the list shows masked numbers only


def test_a_user_without_membership_is_told_to_ask_for_one(client: Client, world: World) -> None:
    client.force_login(world.outsider)
    html = client.get(reverse("people:list")).content.decode()
    assert "您尚未被分配到任何机构" in html
    assert "共 0 人" in html

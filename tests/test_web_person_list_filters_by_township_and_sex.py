"""The list filters by township and sex within scope, and answers htmx with the results only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import World


def names(client: Client, **params: object) -> set[str]:
    response = client.get(reverse("people:list"), params)
    return {person.name for person in response.context["page_obj"]}


def test_township_filter_narrows_to_one_township(client: Client, world: World) -> None:
    client.force_login(world.county_supervisor)
    assert names(client) == {"张东明", "李西平"}
    assert names(client, township=world.town_b.pk) == {"李西平"}
    assert names(client, township=world.town_a.pk, q="李") == set()


def test_township_choices_are_the_users_own(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    response = client.get(reverse("people:list"), {"township": world.town_b.pk})
    assert "township" in response.context["form"].errors
    assert "西山乡" not in response.content.decode()
    assert {p.name for p in response.context["page_obj"]} == {"张东明"}


def test_sex_filter(client: Client, world: World) -> None:
    client.force_login(world.health_a)
    assert names(client, sex="F") == {"王静"}
    assert names(client, sex="M") == set()


def test_htmx_gets_the_results_alone(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    partial = client.get(reverse("people:list"), {"q": "zdm"}, HTTP_HX_REQUEST="true")
    whole = client.get(
        reverse("people:list"),
        {"q": "zdm"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "张东明" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "<html" in whole.content.decode()
    assert "HX-Request" in partial["Vary"]
    assert "no-store" in partial["Cache-Control"]

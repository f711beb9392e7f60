"""The home page counts the people the user may see, township by township, and nothing else;
a user without a membership is told to ask for one and sees no numbers."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tests.personas import World, person_data
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person


def caseload(client: Client) -> dict[str, int]:
    response = client.get(reverse("people:home"))
    return {load.township.name: load.people for load in response.context["loads"]}


def test_county_supervisor_sees_every_townships_justice_caseload(
    client: Client, world: World
) -> None:
    # One more file registered at township level, not in a village: it rolls up the same.
    create_person(
        actor=Actor(user=world.worker_a, channel="web"),
        data=person_data("周镇", world.town_a, dt.date(1970, 5, 5), 61),
    )
    client.force_login(world.county_supervisor)
    assert caseload(client) == {"东城镇": 2, "西山乡": 1}
    response = client.get(reverse("people:home"))
    assert response.context["total"] == 3
    html = response.content.decode()
    assert "东城镇" in html and "西山乡" in html
    assert f"?township={world.town_a.pk}" in html


def test_township_worker_sees_only_their_township(client: Client, world: World) -> None:
    client.force_login(world.worker_a)
    assert caseload(client) == {"东城镇": 1}
    assert "西山乡" not in client.get(reverse("people:home")).content.decode()


def test_health_worker_counts_only_health_files(client: Client, world: World) -> None:
    client.force_login(world.health_a)
    assert caseload(client) == {"东城镇": 1}  # 王静, not 张东明


def test_user_without_membership_sees_a_message_and_no_numbers(
    client: Client, world: World
) -> None:
    client.force_login(world.outsider)
    response = client.get(reverse("people:home"))
    html = response.content.decode()
    assert "您尚未被分配到任何机构,请联系管理员" in html
    assert "可查阅人员" not in html
    assert "东城镇" not in html
    assert "loads" not in response.context

"""Search finds a person by what an officer has at hand, and only within scope."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import World, person_data
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person
from tongxin.people.search import interpret_query, search_people


def names(user: object, query: str) -> set[str]:
    return set(search_people(user, query).values_list("name", flat=True))


@pytest.fixture
def zeng(world: World) -> object:
    data = person_data("曾长林", world.village_a, dt.date(1983, 7, 9), 41)
    return create_person(actor=Actor(user=world.worker_a, channel="web"), data=data)


@pytest.mark.parametrize(
    "query",
    ["曾长林", "曾长", "zengchanglin", "ZengChang", "zcl", "zengzhanglin", "zeng chang lin"],
)
def test_finds_by_name_and_any_reading(world: World, zeng: object, query: str) -> None:
    assert names(world.worker_a, query) == {"曾长林"}


def test_finds_by_id_number_typed_with_spaces_or_lower_case_x(world: World) -> None:
    number = world.person_a.id_number
    assert number is not None
    typed = f"{number[:6]} {number[6:14]} {number[14:]}".lower()
    assert names(world.worker_a, typed) == {"张东明"}
    assert interpret_query(typed)[0] == "id_number"


def test_finds_by_legacy_15_digit_number(world: World) -> None:
    number = world.person_a.id_number
    assert number is not None
    assert names(world.worker_a, number[:6] + number[8:17]) == {"张东明"}


def test_finds_by_phone_with_separators(world: World) -> None:
    phone = world.person_a.phone
    assert phone is not None
    assert names(world.worker_a, f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}") == {"张东明"}


def test_nothing_outside_scope_whatever_the_query(world: World, zeng: object) -> None:
    number = world.person_a.id_number
    for user in (world.worker_b, world.civil_officer, world.police_a, world.outsider):
        for query in ("张东明", "zhangdongming", "zdm", number, world.person_a.phone, "zcl", ""):
            assert names(user, str(query)) & {"张东明", "曾长林"} == set(), (user, query)

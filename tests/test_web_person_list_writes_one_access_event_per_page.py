"""Each page of list or search hits writes exactly one AccessEvent naming the people on that
page, before the page is rendered; the query text itself is never logged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World, person_data
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person
from tongxin.people.models import Person


@pytest.fixture
def three_people(world: World, settings: object) -> list[Person]:
    settings.PEOPLE_PAGE_SIZE = 2  # type: ignore[attr-defined]
    actor = Actor(user=world.worker_a, channel="web")
    for seq, name in ((41, "赵一"), (42, "钱二")):
        create_person(
            actor=actor, data=person_data(name, world.village_a, dt.date(1990, 1, seq - 40), seq)
        )
    return list(Person.objects.filter(owner_agency=world.justice_office_a).order_by("name_pinyin"))


def page_names(response: object) -> list[str]:
    return [person.name for person in response.context["page_obj"]]  # type: ignore[attr-defined]


def test_each_page_writes_one_event_with_the_uuids_on_that_page(
    client: Client, world: World, three_people: list[Person]
) -> None:
    client.force_login(world.worker_a)
    before = AccessEvent.objects.count()

    first = client.get(reverse("people:list"))
    second = client.get(reverse("people:list"), {"page": 2})

    events = list(AccessEvent.objects.order_by("seq"))[before:]
    assert [event.action for event in events] == ["person.list", "person.list"]
    shown_first = [str(p.uuid) for p in first.context["page_obj"]]
    shown_second = [str(p.uuid) for p in second.context["page_obj"]]
    assert events[0].object_ids == shown_first and len(shown_first) == 2
    assert events[1].object_ids == shown_second and len(shown_second) == 1
    assert set(shown_first + shown_second) == {str(p.uuid) for p in three_people}
    assert events[0].details == {"q_kind": "empty", "count": 2, "page": 1, "total": 3}
    assert events[0].actor == world.worker_a
    assert events[0].agency_name == "东城镇司法所"
    assert page_names(second) == [three_people[2].name]


@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("id_number", "990101198503140118"),
        ("phone", "13800000011"),
        ("name", "张东明"),
    ],
)
def test_a_search_logs_the_kind_of_query_never_its_text(
    client: Client, world: World, kind: str, query: str
) -> None:
    assert world.person_a.id_number == "990101198503140118"
    client.force_login(world.worker_a)
    client.get(reverse("people:list"), {"q": query})
    event = AccessEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "person.search"
    assert event.object_ids == [str(world.person_a.uuid)]
    assert event.details["q_kind"] == kind
    row = json.dumps({"details": event.details, "ids": event.object_ids}, ensure_ascii=False)
    assert query not in row


def test_a_live_search_by_id_number_is_kept_out_of_the_browser_history(
    client: Client, world: World
) -> None:
    client.force_login(world.worker_a)
    by_id = client.get(
        reverse("people:list"), {"q": world.person_a.id_number}, HTTP_HX_REQUEST="true"
    )
    by_name = client.get(reverse("people:list"), {"q": "张"}, HTTP_HX_REQUEST="true")
    assert by_id["HX-Push-Url"] == "false"
    assert "HX-Push-Url" not in by_name
    assert AccessEvent.objects.filter(action="person.search").count() == 2

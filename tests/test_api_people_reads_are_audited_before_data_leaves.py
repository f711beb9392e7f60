"""Every API read of people writes its AccessEvent before the data leaves: one per list page
(naming exactly the returned people), one per detail, one more per revealed field. If the
audit write fails, the caller gets an error and no data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api_support import PEOPLE, caller, person_url
from tests.personas import World, person_data
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person


def new_events(since: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(seq__gt=since).order_by("seq"))


def last_seq() -> int:
    event = AccessEvent.objects.order_by("-seq").first()
    return event.seq if event else 0


def add_people(world: World, count: int) -> None:
    for seq in range(count):
        create_person(
            actor=Actor(user=world.worker_a, channel="web"),
            data=person_data(
                "张东" + "一二三四五六"[seq], world.village_a, dt.date(1990, 1, 1 + seq), 100 + seq
            ),
        )


def test_each_list_page_writes_one_event_naming_the_returned_people(world: World) -> None:
    add_people(world, 4)
    api = caller(world.worker_a)
    seen: list[str] = []
    for page in (1, 2, 3):
        since = last_seq()
        body = api.get(PEOPLE, {"page": page, "page_size": 2}).json()
        returned = [item["uuid"] for item in body["items"]]
        [event] = new_events(since)
        assert (event.action, event.object_type, event.channel) == ("person.list", "person", "api")
        assert event.object_ids == returned
        assert event.details == {"q_kind": "empty", "count": 5}
        assert (event.actor_id, event.agency_name) == (world.worker_a.pk, "东城镇司法所")
        seen += returned
    assert len(seen) == len(set(seen)) == 5


def test_search_by_id_number_logs_the_kind_of_query_not_the_number(world: World) -> None:
    since = last_seq()
    number = world.person_a.id_number or ""
    caller(world.worker_a).get(PEOPLE, {"q": number})
    [event] = new_events(since)
    assert event.action == "person.search"
    assert event.details == {"q_kind": "id_number", "count": 1}
    assert event.object_ids == [str(world.person_a.uuid)]
    assert number not in json.dumps(event.chained_content(), ensure_ascii=False)


def test_search_by_phone_logs_the_kind_of_query_not_the_phone(world: World) -> None:
    since = last_seq()
    caller(world.worker_a).get(PEOPLE, {"q": world.person_a.phone})
    [event] = new_events(since)
    assert event.details == {"q_kind": "phone", "count": 1}
    assert (world.person_a.phone or "") not in json.dumps(event.chained_content())


def test_a_search_that_finds_nobody_is_logged_too(world: World) -> None:
    since = last_seq()
    caller(world.worker_b).get(PEOPLE, {"q": "张东明"})
    [event] = new_events(since)
    assert (event.action, event.object_ids, event.details) == (
        "person.search",
        [],
        {"q_kind": "name", "count": 0},
    )


def test_list_query_count_does_not_grow_with_the_page(world: World) -> None:
    api = caller(world.worker_a)
    # Frozen clock: the token's last use is written on the first call only.
    with time_machine.travel(timezone.now(), tick=False):
        api.get(PEOPLE)
        with CaptureQueriesContext(connection) as one:
            assert api.get(PEOPLE).json()["count"] == 1
        add_people(world, 5)
        with CaptureQueriesContext(connection) as six:
            assert api.get(PEOPLE).json()["count"] == 6
    assert len(six) == len(one)


def test_detail_is_logged_and_masks_id_number_and_phone(world: World) -> None:
    since = last_seq()
    response = caller(world.worker_a).get(person_url(world.person_a))
    body = response.json()
    assert (body["id_number"], body["phone"]) == (None, None)
    assert body["id_number_masked"] == world.person_a.id_number_masked
    assert body["phone_masked"] == "138****0011"
    assert (world.person_a.id_number or "") not in response.content.decode()
    [event] = new_events(since)
    assert (event.action, event.object_ids) == ("person.view", [str(world.person_a.uuid)])


def test_revealing_id_number_and_phone_is_logged_separately(world: World) -> None:
    since = last_seq()
    body = (
        caller(world.worker_a).get(person_url(world.person_a), {"reveal": "id_number,phone"}).json()
    )
    assert (body["id_number"], body["phone"]) == (world.person_a.id_number, world.person_a.phone)
    events = new_events(since)
    assert [e.action for e in events] == ["person.view", "person.reveal_id", "person.reveal_phone"]
    assert all(e.object_ids == [str(world.person_a.uuid)] for e in events)


def test_revealing_an_unknown_field_is_refused_without_data(world: World) -> None:
    since = last_seq()
    response = caller(world.worker_a).get(person_url(world.person_a), {"reveal": "diagnosis"})
    assert response.status_code == 422
    assert "reveal" in response.json()["errors"]
    assert "张东明" not in response.content.decode()
    assert new_events(since) == []


@pytest.mark.parametrize("path", ["list", "search", "detail"])
def test_failed_audit_write_fails_the_request_without_data(
    world: World, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = caller(world.worker_a)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("tongxin.access.disclosure.record_disclosure", broken)
    url, params = {
        "list": (PEOPLE, {}),
        "search": (PEOPLE, {"q": world.person_a.id_number}),
        "detail": (person_url(world.person_a), {"reveal": "id_number,phone"}),
    }[path]
    response = api.get(url, params)
    assert response.status_code == 500
    body = response.content.decode()
    assert "张东明" not in body
    assert str(world.person_a.uuid) not in body
    assert (world.person_a.id_number or "")[-4:] not in body
    assert "audit store" not in body

"""The list page costs the same number of queries for 3 people as for 30."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import World, person_data
from tongxin.audit.record import Actor
from tongxin.people.actions import create_person
from tongxin.people.models import Person

MAX_QUERIES = 16


def add_people(world: World, seqs: range) -> None:
    actor = Actor(user=world.worker_a, channel="web")
    for seq in seqs:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=97 * seq)
        # Names must be Han characters: 孙 followed by one character per person.
        name = "孙" + chr(0x4E00 + seq)
        create_person(actor=actor, data=person_data(name, world.village_a, birth, seq))


def list_queries(client: Client, query: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("people:list"), {"q": query})
    assert response.status_code == 200
    return len(captured)


def test_list_and_search_cost_the_same_for_3_and_30_people(
    client: Client,
    world: World,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[object]],
) -> None:
    client.force_login(world.worker_a)
    add_people(world, range(50, 52))
    client.get(reverse("people:list"))  # the session's first write is not the page's cost
    assert Person.objects.filter(owner_agency=world.justice_office_a).count() == 3
    few = {query: list_queries(client, query) for query in ("", "孙")}

    add_people(world, range(52, 79))
    assert Person.objects.filter(owner_agency=world.justice_office_a).count() == 30
    many = {query: list_queries(client, query) for query in ("", "孙")}

    assert few == many
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("people:list"))
    assert len(response.context["page_obj"]) == 30

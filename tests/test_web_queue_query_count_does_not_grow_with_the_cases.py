"""The work queue and the supervisor overview cost the same number of queries for 2 cases as
for 20: rows come with their person and case in the same query, counts are aggregates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import World, person_data
from tests.programs_support import act
from tongxin.people.actions import create_person
from tongxin.programs import actions

MAX_QUERIES = 25
NOW = dt.datetime(2026, 3, 12, 9, 0)


def add_cases(world: World, seqs: range) -> None:
    """Each case reported on 4 March (contact due 11 March, home-visit deadline 18 March);
    every other one left without a responsible worker, so every section has rows."""
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, 0), tick=False):
        for seq in seqs:
            person = create_person(
                actor=act(world.worker_a),
                data=person_data(
                    "孙" + chr(0x4E00 + seq),
                    world.village_a,
                    dt.date(1960, 1, 1) + dt.timedelta(days=97 * seq),
                    seq,
                ),
            )
            case = actions.enroll_person(
                actor=act(world.worker_a),
                person_uuid=person.uuid,
                program="corrections",
                details={
                    "supervision_type": "probation",
                    "judgment_effective_on": "2026-03-04",
                    "term_years": 1,
                },
                started_on=dt.date(2026, 3, 4),
                responsible_worker=world.worker_a if seq % 2 else None,
            )
            actions.transition_enrollment(
                actor=act(world.worker_a),
                enrollment_uuid=case.uuid,
                transition="report",
                on_date=dt.date(2026, 3, 4),
            )


def queries(client: Client, route: str) -> int:
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(route))
    assert response.status_code == 200
    return len(captured)


def test_queue_and_overview_cost_the_same_for_2_and_20_cases(
    world: World,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[object]],
) -> None:
    worker, supervisor = Client(), Client()
    worker.force_login(world.worker_a)
    supervisor.force_login(world.county_supervisor)
    add_cases(world, range(80, 82))
    for client, route in ((worker, "programs:queue"), (supervisor, "programs:overview")):
        queries(client, route)  # the session's first write is not the page's cost
    few = {
        route: queries(c, route)
        for c, route in ((worker, "programs:queue"), (supervisor, "programs:overview"))
    }

    add_cases(world, range(82, 100))
    many = {
        route: queries(c, route)
        for c, route in ((worker, "programs:queue"), (supervisor, "programs:overview"))
    }
    assert few == many

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(MAX_QUERIES):
        response = worker.get(reverse("programs:queue"))
    sections = {section.key: len(section.rows) for section in response.context["sections"]}
    assert sections["overdue"] == 10 and sections["unassigned"] == 10
    assert sections["deadlines"] == 10

"""Linking reads the registry in one streaming pass: a roster of 40 rows and one of 400
rows cost the same queries (no query per row, none per thousand rows either)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.rosters_registry_support import TODAY, load_registry
from tongxin.people.models import Person
from tongxin.rosters.linkage import link_roster
from tongxin.rosters.synthetic import synthetic_roster


def queries_for(rows: int) -> int:
    roster = synthetic_roster(Person.objects.all(), people=rows, seed=rows)
    with CaptureQueriesContext(connection) as queries:
        matches = list(link_roster(roster.people, registry=Person.objects.all(), today=TODAY))
    assert len(matches) == rows
    return len(queries)


def test_forty_and_four_hundred_rows_cost_the_same_queries(db: None) -> None:
    load_registry()
    few, many = queries_for(40), queries_for(400)
    assert few == many
    # The registry pass and the region names (the rows carry place text).
    assert many <= 2

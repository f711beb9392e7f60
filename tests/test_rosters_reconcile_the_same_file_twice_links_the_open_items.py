"""Reconciling the same roster again makes a second dated run, but an item still open for
the same person or ID number is linked to the new run rather than added again; an item
resolved since is found anew."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.personas import World
from tests.reconcile_support import (
    TODAY,
    act,
    open_corrections,
    police_roster,
    reconcile,
    row_for,
    stranger_row,
    township_a_person,
)
from tongxin.rosters.models import (
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyStatus,
    ReconciliationRun,
    Resolution,
)
from tongxin.rosters.reconciling import resolve_discrepancy

NEXT_WEEK = dt.datetime(2026, 3, 10, 9, 0)


@pytest.mark.django_db
def test_a_second_run_links_the_items_still_open(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        absent = township_a_person(world, "刘海", 42, dt.date(1990, 10, 1))
        open_corrections(world, absent, world.worker_a)
        content = police_roster(
            [row_for(world.person_a, address="东城村99号"), stranger_row("郑远", 52, "外省某市")]
        )
        first = reconcile(world.worker_a, content)
    with time_machine.travel(NEXT_WEEK, tick=False):
        second = reconcile(world.worker_a, content)

    assert ReconciliationRun.objects.count() == 2
    assert second.run != first.run and second.run.sha256 == first.run.sha256
    assert second.run.counts == first.run.counts
    assert Discrepancy.objects.count() == 3
    assert {item.pk for item in second.discrepancies} == {item.pk for item in first.discrepancies}
    assert second.new == set()
    for item in Discrepancy.objects.all():
        assert (item.run, item.last_run) == (first.run, second.run)


@pytest.mark.django_db
def test_an_item_resolved_in_between_is_found_anew(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        content = police_roster([stranger_row("郑远", 52, "外省某市")])
        [first] = reconcile(world.worker_a, content).discrepancies
        resolve_discrepancy(act(world.worker_a), first.uuid, Resolution.NOT_OURS)
    with time_machine.travel(NEXT_WEEK, tick=False):
        [again] = reconcile(world.worker_a, content).discrepancies

    assert again.pk != first.pk
    assert (again.kind, again.status) == (DiscrepancyKind.ROSTER_ONLY, DiscrepancyStatus.OPEN)
    first.refresh_from_db()
    assert first.status == DiscrepancyStatus.RESOLVED

"""A police roster reconciled by a 司法所 worker: each row ends matched, mismatched, for
review or roster-only; open cases missing from the roster are registry-only; a roster-only
row is assigned to the 司法所 its address names (else to the running office)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.personas import COUNTY_CODE, World
from tests.reconcile_support import (
    TODAY,
    open_corrections,
    open_reentry,
    police_roster,
    reconcile,
    row_for,
    stranger_row,
    township_a_person,
)
from tongxin.lib.resident_id import make_number
from tongxin.rosters.models import Discrepancy, DiscrepancyKind, DiscrepancyStatus


@pytest.mark.django_db
def test_each_row_and_open_case_ends_in_its_kind(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        moved = township_a_person(world, "陈立新", 41, dt.date(1983, 4, 9))
        open_reentry(world, moved, world.worker_a)
        absent = township_a_person(world, "刘海", 42, dt.date(1990, 10, 1))
        open_corrections(world, absent, world.worker_a)
        lookalike = township_a_person(world, "周强", 43, dt.date(1978, 2, 20))
        open_corrections(world, lookalike, world.worker_a)
        open_corrections(world, world.person_b, world.worker_b)  # township B: not A's
        content = police_roster(
            [
                row_for(world.person_a),
                row_for(moved, address="东城村88号"),
                row_for(
                    lookalike,
                    id_number=make_number(COUNTY_CODE, lookalike.birth_date, 99, "M"),
                ),
                stranger_row("吴新", 51, "西山乡西山村5号"),
                stranger_row("郑远", 52, "外省某市某路"),
            ]
        )
        result = reconcile(world.worker_a, content)

    run = result.run
    assert [(m.row, m.person_uuid, m.method) for m in result.matched] == [
        (3, world.person_a.uuid, "id"),
        (4, moved.uuid, "id"),
    ]
    mismatch = result.of_kind(DiscrepancyKind.MISMATCH)
    assert [(d.row_number, d.person) for d in mismatch] == [(4, moved)]
    assert mismatch[0].values == {
        "roster": {"residence_address": "东城村88号", "person_category": "社区矫正对象"},
        "registry": {"residence_address": "东城村41号", "person_category": "安置帮教"},
    }
    review = result.of_kind(DiscrepancyKind.REVIEW)
    assert [(d.row_number, d.person) for d in review] == [(5, lookalike)]
    assert review[0].candidates == [str(lookalike.uuid)]
    roster_only = result.of_kind(DiscrepancyKind.ROSTER_ONLY)
    assert [(d.row_number, d.agency) for d in roster_only] == [
        (6, world.justice_office_b),
        (7, world.justice_office_a),
    ]
    assert roster_only[0].values["roster"]["name"] == "吴新"
    registry_only = result.of_kind(DiscrepancyKind.REGISTRY_ONLY)
    assert [(d.person, d.agency) for d in registry_only] == [(absent, world.justice_office_a)]
    assert run.counts == {
        "rows": 5,
        "matched": 2,
        "review": 1,
        "roster_only": 2,
        "registry_only": 1,
        "mismatch": 1,
        "invalid": 0,
    }
    assert Discrepancy.objects.filter(status=DiscrepancyStatus.OPEN).count() == 5

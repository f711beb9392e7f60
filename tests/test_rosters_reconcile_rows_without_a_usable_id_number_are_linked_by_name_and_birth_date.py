"""A police roster row whose ID number is mistyped or missing is not set aside as invalid:
the reconciliation links it by name and birth date. A mistyped number of a registered
person still matches that person, and the worklist shows the number as a mismatch (masked);
a row without a number goes to review; only a row that cannot be linked at all (no name)
stays invalid."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.personas import World
from tests.reconcile_support import (
    TODAY,
    open_corrections,
    police_roster,
    reconcile,
    row_for,
    township_a_person,
)
from tongxin.lib import resident_id
from tongxin.rosters.models import DiscrepancyKind


def mistyped(number: str) -> str:
    """The number with one sequence digit changed so that its check digit fails."""
    for digit in "0123456789":
        typo = number[:15] + digit + number[16:]
        try:
            resident_id.parse(typo)
        except resident_id.InvalidResidentId:
            return typo
    raise AssertionError("every change passed the checksum")


@pytest.mark.django_db
def test_mistyped_and_missing_numbers_are_linked_and_a_nameless_row_is_invalid(
    world: World,
) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        unnumbered = township_a_person(world, "陈立新", 41, dt.date(1983, 4, 9))
        open_corrections(world, unnumbered, world.worker_a)
        assert world.person_a.id_number is not None
        typo = mistyped(world.person_a.id_number)
        nameless = row_for(world.person_a)
        nameless[0] = ""
        result = reconcile(
            world.worker_a,
            police_roster(
                [
                    row_for(world.person_a, id_number=typo),
                    row_for(unnumbered, id_number=" "),
                    nameless,
                ]
            ),
        )

    [matched] = result.matched
    assert (matched.row, matched.person_uuid) == (3, world.person_a.uuid)
    assert matched.method != "id"
    [mismatch] = result.of_kind(DiscrepancyKind.MISMATCH)
    assert mismatch.person == world.person_a
    assert mismatch.values["roster"]["id_number"] == resident_id.mask(typo)
    assert mismatch.values["registry"]["id_number"] == resident_id.mask(world.person_a.id_number)
    assert typo not in str(mismatch.values)
    [review] = result.of_kind(DiscrepancyKind.REVIEW)
    assert (review.row_number, review.person) == (4, unnumbered)
    assert [(invalid.row, invalid.reasons[0].field) for invalid in result.invalid] == [(5, "name")]
    assert result.run.counts["invalid"] == 1

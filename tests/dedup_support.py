"""Possible-duplicate pairs as the import and the scan open them, for the dedup tests."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World, person_data
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.record import Actor
from tongxin.dedup.models import MatchCandidate, PairKind
from tongxin.dedup.scanning import find_duplicates
from tongxin.lib.resident_id import make_number
from tongxin.people.actions import create_person
from tongxin.people.models import Person
from tongxin.rosters.importing import ImportResult

# person_a's name and birth date under another valid number: the linkage scores 70.
OTHER_NUMBER = make_number("110101", dt.date(1985, 3, 14), 55, "M")
LOOK_ALIKE_ROW = ["张东明", OTHER_NUMBER, "男", RELEASED, "盗窃罪", "某某监狱"]


def held_row(world: World, file_name: str = "名单.xlsx") -> tuple[ImportResult, MatchCandidate]:
    """worker_a imports a release notice whose one row may be person_a: its open pair."""
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([LOOK_ALIKE_ROW]), file_name=file_name)
    [candidate] = MatchCandidate.objects.filter(
        kind=PairKind.IMPORT_ROW, import_row__batch=result.batch
    )
    return result, candidate


def second_file(world: World) -> Person:
    """A second 东城镇司法所 file of person_a's name and birth date, without an ID number."""
    data = person_data("张东明", world.village_a, world.person_a.birth_date, 77)
    data["id_number"] = ""
    return create_person(
        actor=Actor(user=world.worker_a, channel="web"), data=data, confirm_similar=True
    )


def scan() -> list[MatchCandidate]:
    """The whole registry's scan; the pairs it opened."""
    result = find_duplicates(Actor.cli(), Person.objects.filter(merged_into__isnull=True), "*")
    return result.opened


def twin_pair(world: World) -> tuple[Person, MatchCandidate]:
    """person_a and a second file of them, as the scan proposes them."""
    twin = second_file(world)
    [pair] = [c for c in scan() if {c.person_id, c.other_person_id} == {world.person_a.pk, twin.pk}]
    return twin, pair

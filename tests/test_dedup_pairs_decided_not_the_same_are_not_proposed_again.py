"""A decision "not the same" is remembered: a police roster row once decided not to be
person_a, imported again in another file, is not in the registry rather than a second
review; two files decided not the same are not proposed again by the scan; a pair decided
"the same" before is matched on the next import without asking."""

from __future__ import annotations

import time_machine

from tests.dedup_support import LOOK_ALIKE_ROW, scan, twin_pair
from tests.personas import World
from tests.roster_import_support import TODAY, run
from tests.rosters_support import xlsx_bytes
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import MatchCandidate, PairKind
from tongxin.rosters.models import Outcome
from tongxin.rosters.reading import RosterKind


def police_roster(station: str) -> bytes:
    name, number = LOOK_ALIKE_ROW[0], LOOK_ALIKE_ROW[1]
    return xlsx_bytes(
        [["姓名", "身份证号", "人员类别", "派出所"], [name, number, "刑满释放人员", station]]
    )


def import_police(world: World, station: str) -> list[MatchCandidate]:
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, police_roster(station), RosterKind.POLICE_ROSTER)
    return list(MatchCandidate.objects.filter(import_row__batch=result.batch))


def test_a_row_decided_not_the_same_is_not_asked_again(world: World) -> None:
    actor = Actor(user=world.worker_a, channel="web")
    [pair] = import_police(world, "东城派出所")
    decide_candidate(actor, pair.uuid, "not_same", "另一人,户籍在外省")

    assert import_police(world, "东城派出所第二警务室") == []
    assert MatchCandidate.objects.filter(kind=PairKind.IMPORT_ROW).count() == 1
    last = MatchCandidate.objects.get(pk=pair.pk).import_row
    assert last is not None and last.outcome == Outcome.NOT_IN_REGISTRY


def test_a_row_decided_the_same_is_matched_next_time(world: World) -> None:
    actor = Actor(user=world.worker_a, channel="web")
    [pair] = import_police(world, "东城派出所")
    decide_candidate(actor, pair.uuid, "same", "派出所确认号码录错")

    with time_machine.travel(TODAY, tick=False):
        result = run(
            world.worker_a, police_roster("东城派出所第二警务室"), RosterKind.POLICE_ROSTER
        )
    (plan,) = result.rows
    assert plan.outcome == Outcome.MATCHED and plan.person_uuid == world.person_a.uuid
    assert not MatchCandidate.objects.filter(import_row__batch=result.batch).exists()


def test_two_files_decided_not_the_same_are_not_proposed_again(world: World) -> None:
    _twin, pair = twin_pair(world)
    decide_candidate(
        Actor(user=world.county_supervisor, channel="web"), pair.uuid, "not_same", "双胞胎兄弟"
    )

    assert scan() == []
    assert MatchCandidate.objects.filter(kind=PairKind.PEOPLE).count() == 1

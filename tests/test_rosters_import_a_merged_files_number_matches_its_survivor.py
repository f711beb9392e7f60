"""A second file of person_a registered under another number was merged into person_a. A
release notice row with that number is person_a: the merged file is in no list, so the
number leads to the file that now stands for the person — matched, the case opens on
person_a — rather than "registered elsewhere" or a new review."""

from __future__ import annotations

import time_machine

from tests.dedup_support import OTHER_NUMBER, scan
from tests.personas import World, person_data
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import MatchCandidate, PairKind
from tongxin.people.actions import create_person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import Outcome


def test_the_number_of_a_merged_file_matches_the_survivor(world: World) -> None:
    data = person_data("张东明", world.village_a, world.person_a.birth_date, 55)
    data["id_number"] = OTHER_NUMBER
    twin = create_person(
        actor=Actor(user=world.worker_a, channel="web"), data=data, confirm_similar=True
    )
    [pair] = scan()
    decide_candidate(
        Actor(user=world.county_supervisor, channel="web"), pair.uuid, "same", "号码录错建了两档"
    )

    row = ["张东明", OTHER_NUMBER, "男", RELEASED, "盗窃罪", "某某监狱"]
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([row]))

    (plan,) = result.rows
    assert plan.outcome == Outcome.MATCHED and plan.person_uuid == world.person_a.uuid
    assert Enrollment.objects.get(program="reentry").person_id == world.person_a.pk
    assert not Enrollment.objects.filter(person=twin).exists()
    assert not MatchCandidate.objects.filter(kind=PairKind.IMPORT_ROW).exists()

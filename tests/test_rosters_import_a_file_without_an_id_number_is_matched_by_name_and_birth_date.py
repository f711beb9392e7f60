"""A file registered without an ID number (周文, born 1988-05-20, in 东城村) and a release
notice row with 周文's number: the exact matching of before held such a row as a possible
duplicate; the linkage scores it 90 (the same name 40, the birth date in the number 30, a
number missing on one side 20), a clear match. The row is matched and opens the case on the
existing file; no second file is created and nothing goes to review.

(A mistyped number in a roster never reaches the matching: cleaning rejects a number whose
check digit does not fit, so the row is fixed in the file first.)"""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.personas import World, person_data
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.record import Actor
from tongxin.dedup.models import MatchCandidate
from tongxin.lib.resident_id import make_number
from tongxin.people.actions import create_person
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import Outcome


def test_a_file_without_a_number_is_matched_by_name_and_birth_date(world: World) -> None:
    birth = dt.date(1988, 5, 20)
    data = person_data("周文", world.village_a, birth, 41)
    data["id_number"] = ""
    person = create_person(actor=Actor(user=world.worker_a, channel="web"), data=data)
    number = make_number("110101", birth, 41, "M")
    row = ["周文", number, "男", RELEASED, "盗窃罪", "某某监狱"]
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([row]))

    (plan,) = result.rows
    assert plan.outcome == Outcome.MATCHED and plan.person_uuid == person.uuid
    assert Person.objects.filter(name="周文").count() == 1
    case = Enrollment.objects.get(person=person, program="reentry")
    assert case.uuid == plan.enrollment_uuid
    assert not MatchCandidate.objects.exists()

"""A registered person with the same name and birth date but another valid ID number may be
the same person under a wrong number, or another person: the linkage scores the pair 70, in
the review band. The row is held as a possible duplicate naming the candidate with its
score and evidence, nothing is created for it, and the rest of the file is committed."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import RELEASED, TODAY, ZHAO, release_notice, run
from tongxin.lib.resident_id import make_number
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.document import row_entry
from tongxin.rosters.models import ImportRow, Outcome


def test_a_look_alike_is_held_for_review_and_the_rest_committed(world: World) -> None:
    person = world.person_a  # 张东明, born 1985-03-14
    other_number = make_number("110101", person.birth_date, 55, "M")
    look_alike = ["张东明", other_number, "男", RELEASED, "盗窃罪", "某某监狱"]
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([look_alike, ZHAO]))

    held, new = result.rows
    assert held.outcome == Outcome.POSSIBLE_DUPLICATE and new.outcome == Outcome.CREATED
    assert result.batch.status == "committed"
    assert held.candidates == [str(person.uuid)]
    assert [r.message for r in held.reasons] == [
        "登记中已有相似的人员(最高相似度 70 分),可能是同一人,本行未导入;"
        "导入后请在“疑似重复核对”中确认是否同一人。"
    ]
    assert Person.objects.filter(name="张东明").count() == 1
    assert not Enrollment.objects.filter(person=person).exists()
    stored = ImportRow.objects.get(batch=result.batch, row_number=held.row_number)
    assert stored.person_id == person.pk and stored.candidates == [str(person.uuid)]
    assert stored.scored_candidates == [
        {
            "person": str(person.uuid),
            "score": 70.0,
            "method": "name_birth",
            "evidence": {
                "name": "same",
                "birth": "same",
                "id": "different",
                "sex": "same",
                "place": False,
            },
        }
    ]
    entry = row_entry(held)
    assert entry["person_id"] is None and entry["candidate_ids"] == [str(person.uuid)]

"""A row whose ID number is registered in the importer's scope is the same person: the case
opens on the existing file, the file itself is not changed, where the roster disagrees
with the file the row carries a note, and the match is disclosed in one access-audit row."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.models import AccessEvent
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import Outcome


def test_a_registered_person_is_matched_and_left_as_they_are(world: World) -> None:
    person = world.person_a
    row = ["张冬明", person.id_number, "男", RELEASED, "盗窃罪", "某某监狱", "13912345678"]
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([row]))

    (plan,) = result.rows
    assert plan.outcome == Outcome.MATCHED and plan.person_uuid == person.uuid
    messages = {r.field: r.message for r in plan.reasons if r.severity == "note"}
    assert messages["name"] == ("名单中的姓名“张冬明”与档案中的“张东明”不一致,档案未改动,请核对。")
    assert messages["phone"] == "名单中的联系电话与档案中的不一致,档案未改动,请核对。"

    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.phone, stored.version) == ("张东明", person.phone, 1)
    assert Person.objects.count() == 3
    case = Enrollment.objects.get(person=person, program="reentry")
    assert case.uuid == plan.enrollment_uuid and case.status == "pending_handover"

    disclosure = AccessEvent.objects.get(action="roster.match")
    assert disclosure.object_ids == [str(person.uuid)]
    assert disclosure.actor == world.worker_a
    assert disclosure.details["batch"] == str(result.batch.uuid)

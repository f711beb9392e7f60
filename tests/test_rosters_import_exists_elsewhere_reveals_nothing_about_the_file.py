"""An ID number registered outside the importer's scope (another township's 司法所, a health
file) is reported only as existing elsewhere: the row names no person, the output carries
no id or name from that file, no access-audit row names it, and no case is opened on it."""

from __future__ import annotations

import json

import time_machine

from tests.personas import World
from tests.roster_import_support import RELEASED, TODAY, release_notice, run
from tongxin.audit.models import AccessEvent
from tongxin.programs.models import Enrollment
from tongxin.rosters.document import result_document
from tongxin.rosters.models import ImportRow, Outcome


def test_a_file_outside_the_scope_is_only_said_to_exist(world: World) -> None:
    other_township = [
        "张某",  # the sender's spelling: the registry's name must not come back
        world.person_a.id_number,
        "男",
        RELEASED,
        "盗窃罪",
        "某某监狱",
    ]
    health_file = ["王某", world.patient_a.id_number, "女", RELEASED, "盗窃罪", "某某监狱"]
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_b, release_notice([other_township, health_file]))

    assert result.batch.status == "committed"
    for plan in result.rows:
        assert plan.outcome == Outcome.EXISTS_ELSEWHERE
        assert plan.person_id is None and plan.person_uuid is None and plan.candidates == []
        assert plan.reasons[-1].message == (
            "此身份证号码已在其他机构建档,本行未导入。如需在本机构登记,请联系建档机构或县司法局。"
        )
    assert not ImportRow.objects.filter(batch=result.batch, person__isnull=False).exists()

    document = json.dumps(result_document(result), ensure_ascii=False)
    for person in (world.person_a, world.patient_a):
        assert str(person.uuid) not in document and person.name not in document
        assert not Enrollment.objects.filter(person=person).exists()
    assert not AccessEvent.objects.filter(action="roster.match").exists()

"""A police station's roster is for cross-checking: importing it creates no person and no
case, and records for each row whether the person is registered with the importer, not
registered at all, or registered elsewhere."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import TODAY, ZHAO, run
from tests.rosters_support import xlsx_bytes
from tongxin.audit.models import AuditEvent
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import BatchStatus, ImportRow, Outcome
from tongxin.rosters.reading import RosterKind


def test_police_roster_records_outcomes_and_creates_nothing(world: World) -> None:
    people_before, cases_before = Person.objects.count(), Enrollment.objects.count()
    content = xlsx_bytes(
        [
            ["姓名", "身份证号", "人员类别", "派出所"],
            [world.person_a.name, world.person_a.id_number, "刑满释放人员", "东城派出所"],
            [ZHAO.name, ZHAO.id_number, "刑满释放人员", "东城派出所"],
            [world.patient_a.name, world.patient_a.id_number, "刑满释放人员", "东城派出所"],
        ]
    )
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, content, RosterKind.POLICE_ROSTER)

    assert result.batch.status == BatchStatus.COMMITTED
    assert [plan.outcome for plan in result.rows] == [
        Outcome.MATCHED,
        Outcome.NOT_IN_REGISTRY,
        Outcome.EXISTS_ELSEWHERE,
    ]
    assert result.rows[0].person_uuid == world.person_a.uuid
    assert result.rows[1].person_uuid is None and result.rows[2].person_uuid is None
    assert (Person.objects.count(), Enrollment.objects.count()) == (people_before, cases_before)
    assert ImportRow.objects.filter(batch=result.batch).count() == 3
    audit = AuditEvent.objects.get(action="roster.import")
    assert audit.details["people_created"] == [] and audit.details["enrollments_created"] == []
    assert audit.details["counts"]["not_in_registry"] == 1

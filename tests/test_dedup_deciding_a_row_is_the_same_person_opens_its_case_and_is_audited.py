"""worker_a decides that the held row is person_a: the row is settled as a matched row
(the pending 安置帮教 handover opens on person_a's file, the row report says matched and
why), no file is created, and one audit row records the decision with its reason."""

from __future__ import annotations

from tests.dedup_support import held_row
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import CandidateStatus
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import ImportBatch, ImportRow, Outcome


def test_the_same_person_gets_the_case_the_roster_opens(world: World) -> None:
    result, pair = held_row(world)
    people_before = Person.objects.count()

    decided = decide_candidate(
        Actor(user=world.worker_a, channel="web"), pair.uuid, "same", "监狱来函更正了身份证号"
    )

    assert decided.status == CandidateStatus.SAME and decided.decided_by == world.worker_a
    assert decided.reason == "监狱来函更正了身份证号"
    case = Enrollment.objects.get(person=world.person_a, program="reentry")
    assert case.status == "pending_handover"
    row = ImportRow.objects.get(pk=pair.import_row_id)
    assert (row.outcome, row.person_id, row.enrollment_id) == (
        Outcome.MATCHED,
        world.person_a.pk,
        case.pk,
    )
    assert "经疑似重复核对,确认为档案中的同一人。" in [r["message"] for r in row.reasons]
    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert (batch.possible_duplicate_count, batch.matched_count) == (0, 1)
    assert Person.objects.count() == people_before
    audit = AuditEvent.objects.get(action="dedup.decide")
    assert audit.object_ids == [str(pair.uuid)]
    assert audit.details["decision"] == "same" and audit.details["enrollment"] == str(case.uuid)
    assert audit.actor == world.worker_a

"""worker_a decides that the held row is not person_a: the file is created from the row's
stored values (the ID number encrypted and blind-indexed as the import does) with its pending
handover, the row report says created, person_a is untouched, and the decision is audited;
the pair now names the new file, so the two files are never proposed as one."""

from __future__ import annotations

from tests.dedup_support import OTHER_NUMBER, held_row
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.dedup.actions import decide_candidate
from tongxin.dedup.models import CandidateStatus, MatchCandidate
from tongxin.people.actions import id_number_index
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import ImportRow, Outcome


def test_someone_new_gets_a_file_and_the_case(world: World) -> None:
    _result, pair = held_row(world)

    decide_candidate(
        Actor(user=world.worker_a, channel="web"), pair.uuid, "not_same", "户籍地不同,另有其人"
    )

    created = Person.objects.get(id_number_index=id_number_index(OTHER_NUMBER))
    assert created.name == "张东明" and created.id_number == OTHER_NUMBER
    assert created.owner_agency == world.justice_office_a
    case = Enrollment.objects.get(person=created, program="reentry")
    assert case.status == "pending_handover"
    row = ImportRow.objects.get(pk=pair.import_row_id)
    assert (row.outcome, row.person_id, row.enrollment_id) == (Outcome.CREATED, created.pk, case.pk)
    assert not Enrollment.objects.filter(person=world.person_a).exists()
    stored = MatchCandidate.objects.get(pk=pair.pk)
    assert stored.status == CandidateStatus.NOT_SAME and stored.other_person_id == created.pk
    audit = AuditEvent.objects.get(action="dedup.decide")
    assert audit.details["decision"] == "not_same"
    assert audit.details["person_created"] == str(created.uuid)

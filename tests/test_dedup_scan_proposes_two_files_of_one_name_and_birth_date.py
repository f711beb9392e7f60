"""The scan links the registry against itself: a second file with person_a's name and birth
date but no ID number scores 90 (name 40, birth date 30, a missing number 20) and is opened
as one pair of files for review, once, with its evidence; an audit row names it."""

from __future__ import annotations

from tests.dedup_support import scan, second_file
from tests.personas import World
from tongxin.audit.models import AuditEvent
from tongxin.dedup.models import CandidateStatus, PairKind


def test_a_second_file_of_one_person_is_proposed_once(world: World) -> None:
    twin = second_file(world)

    [pair] = scan()

    assert pair.kind == PairKind.PEOPLE and pair.status == CandidateStatus.OPEN
    assert (pair.person_id, pair.other_person_id) == (world.person_a.pk, twin.pk)
    assert pair.score == 90.0
    assert pair.evidence == {
        "name": "same",
        "birth": "same",
        "id": "missing",
        "sex": "same",
        "place": False,
    }
    audit = AuditEvent.objects.get(action="dedup.scan")
    assert audit.object_ids == [str(pair.uuid)]
    assert scan() == []  # already open: not opened twice

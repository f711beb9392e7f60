"""Committing a file with a review-band row opens one review pair for it, in the commit's
transaction: the row and the registered person with the linkage's score, method and
evidence; the import's audit row counts it. A dry run (preview) opens nothing."""

from __future__ import annotations

import time_machine

from tests.dedup_support import LOOK_ALIKE_ROW, held_row
from tests.personas import World
from tests.roster_import_support import TODAY, release_notice, run
from tongxin.audit.models import AuditEvent
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind
from tongxin.rosters.models import Outcome


def test_the_commit_opens_a_pair_and_a_dry_run_does_not(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        run(world.worker_a, release_notice([LOOK_ALIKE_ROW]), dry_run=True)
    assert not MatchCandidate.objects.exists()

    result, pair = held_row(world)

    assert pair.kind == PairKind.IMPORT_ROW and pair.status == CandidateStatus.OPEN
    assert pair.person_id == world.person_a.pk and pair.other_person_id is None
    assert pair.import_row is not None
    assert pair.import_row.outcome == Outcome.POSSIBLE_DUPLICATE
    assert pair.import_row.batch_id == result.batch.pk
    assert (pair.score, pair.method) == (70.0, "name_birth")
    assert pair.evidence["id"] == "different" and pair.evidence["name"] == "same"
    audit = AuditEvent.objects.get(action="roster.import")
    assert audit.details["review_pairs_opened"] == 1

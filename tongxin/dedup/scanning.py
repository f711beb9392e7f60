"""The registry linked against itself: pairs of files that may be one human, opened for
review (``tongxin find-duplicates``).

A pair decided "not the same" (by a review, or by undoing a merge) is never opened again,
nor one already open; merged files are not in the registry (``people_visible_to``), so
their pairs do not come back either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from tongxin.audit.record import Actor, record_change
from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind
from tongxin.people.models import Person
from tongxin.rosters.linkage import Candidate, link_registry


@dataclass(frozen=True)
class ScanResult:
    people: int  # files compared
    found: int  # pairs scoring in the review band or above
    opened: list[MatchCandidate]
    already_open: int
    decided_not_same: int


def _evidence(candidate: Candidate) -> dict[str, Any]:
    evidence = candidate.evidence
    return {
        "name": str(evidence.name),
        "birth": str(evidence.birth),
        "id": str(evidence.id),
        "sex": str(evidence.sex),
        "place": evidence.place,
    }


def _known_pairs(ids: set[int]) -> tuple[set[frozenset[int]], set[frozenset[int]]]:
    """(pairs decided not the same, pairs open) among ``ids``, whatever their kind: a
    review row decided not the same names the file created from it as ``other_person``."""
    rows = MatchCandidate.objects.filter(
        Q(status=CandidateStatus.NOT_SAME) | Q(status=CandidateStatus.OPEN, kind=PairKind.PEOPLE),
        other_person__isnull=False,
    ).values_list("person_id", "other_person_id", "status")
    not_same: set[frozenset[int]] = set()
    open_pairs: set[frozenset[int]] = set()
    for person_id, other_id, status in rows.iterator(chunk_size=2_000):
        if person_id in ids and other_id in ids:
            pair = frozenset({person_id, other_id})
            (not_same if status == CandidateStatus.NOT_SAME else open_pairs).add(pair)
    return not_same, open_pairs


def find_duplicates(actor: Actor, registry: QuerySet[Person], scope_label: str) -> ScanResult:
    """Link ``registry`` against itself and open a review pair for each new pair found, in
    one transaction with one audit row naming the pairs opened."""
    found = link_registry(registry)
    ids = {pk for low, high, _c in found for pk in (low, high)}
    not_same, open_pairs = _known_pairs(ids)
    fresh = [
        MatchCandidate(
            kind=PairKind.PEOPLE,
            person_id=low,
            other_person_id=high,
            score=candidate.score,
            method=str(candidate.method),
            evidence=_evidence(candidate),
        )
        for low, high, candidate in found
        if frozenset({low, high}) not in not_same | open_pairs
    ]
    already_open = sum(frozenset({low, high}) in open_pairs for low, high, _c in found)
    decided = sum(frozenset({low, high}) in not_same for low, high, _c in found)
    with transaction.atomic():
        opened = MatchCandidate.objects.bulk_create(fresh, batch_size=500)
        record_change(
            actor=actor,
            action="dedup.scan",
            object_type="match_candidate",
            object_ids=[candidate.uuid for candidate in opened],
            details={
                "scope": scope_label,
                "pairs_found": len(found),
                "opened": len(opened),
                "already_open": already_open,
                "decided_not_same": decided,
            },
        )
    return ScanResult(
        people=registry.count(),
        found=len(found),
        opened=opened,
        already_open=already_open,
        decided_not_same=decided,
    )

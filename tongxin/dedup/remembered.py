"""What the import asks of the possible-duplicate review: who a row is (its subject key),
what was decided about it before, and the open pairs a committed import leaves to review.

Kept apart from the actions (``tongxin.dedup.actions``) because the import calls these
inside its own transaction, and the actions call the import's enrollment code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tongxin.dedup.models import CandidateStatus, MatchCandidate, PairKind
from tongxin.lib.field_crypto import blind_index

SUBJECT_PURPOSE = "dedup.subject"
QUERY_CHUNK = 400


def subject_key(values: Mapping[str, Any]) -> str:
    """The blind index naming a roster row's human: its ID number, else its name and birth
    date. The same row in another file has the same key; the number never leaves the cipher."""
    number = values.get("id_number")
    if number:
        basis = f"id\x00{number}"
    else:
        birth = values.get("birth_date")
        born = birth.isoformat() if isinstance(birth, dt.date) else str(birth or "")
        basis = f"name\x00{values.get('name') or ''}\x00{born}"
    return blind_index(basis, purpose=SUBJECT_PURPOSE)


def decisions_about(keys: Iterable[str]) -> dict[str, dict[int, str]]:
    """subject key → {person id: "same" or "not_same"} of the decided pairs about those rows
    (the newest decision about a person wins)."""
    wanted = sorted(set(keys))
    decided: dict[str, dict[int, str]] = defaultdict(dict)
    for start in range(0, len(wanted), QUERY_CHUNK):
        rows = (
            MatchCandidate.objects.filter(
                kind=PairKind.IMPORT_ROW,
                subject_key__in=wanted[start : start + QUERY_CHUNK],
                status__in=[CandidateStatus.SAME, CandidateStatus.NOT_SAME],
            )
            .order_by("decided_at", "id")
            .values_list("subject_key", "person_id", "status")
        )
        for key, person_id, status in rows:
            decided[key][person_id] = status
    return dict(decided)


def open_import_candidates(rows: Sequence[tuple[int, str, list[dict[str, Any]]]]) -> int:
    """One open pair per (import row, candidate person); ``rows`` are (ImportRow id, subject
    key, the row's scored candidates with their person ids). Returns the pairs opened."""
    pairs = [
        MatchCandidate(
            kind=PairKind.IMPORT_ROW,
            import_row_id=row_id,
            subject_key=key,
            person_id=candidate["person_id"],
            score=candidate["score"],
            method=candidate["method"],
            evidence=candidate["evidence"],
        )
        for row_id, key, candidates in rows
        for candidate in candidates
    ]
    MatchCandidate.objects.bulk_create(pairs, batch_size=500)
    return len(pairs)

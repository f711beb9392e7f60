"""Verifying the audit chains (``tongxin audit verify``).

Steps, per chain:
1. walk the rows in ``seq`` order, in batches;
2. each row's seq must be the previous seq + 1 (a gap means a deleted row);
3. each row's prev_hash must equal the previous row's hash (a re-linked or inserted row);
4. each row's hash must equal the HMAC of its content (an edited row);
5. the last row must match ChainHead (deleted newest rows).
The first broken link is reported with the table, seq and id.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongxin.audit.models import AccessEvent, AuditEvent, ChainedEvent, ChainHead
from tongxin.audit.record import chain_hash


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    broken_at_seq: int | None = None
    broken_row_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at_seq is None and not self.reason


def verify_chain(model: type[ChainedEvent], chain: str, batch_size: int = 5000) -> ChainReport:
    expected_seq = 1
    prev_hash = ""
    rows = 0
    last_id = 0
    while True:
        batch = list(
            model._default_manager.filter(seq__gte=expected_seq).order_by("seq")[:batch_size]
        )
        if not batch:
            break
        for event in batch:
            rows += 1
            if event.seq != expected_seq:
                return ChainReport(
                    chain,
                    rows,
                    expected_seq,
                    event.pk,
                    f"row seq={expected_seq} is missing (next row found is seq={event.seq})",
                )
            if event.prev_hash != prev_hash:
                return ChainReport(
                    chain, rows, event.seq, event.pk, "prev_hash does not match the previous row"
                )
            if chain_hash(event.chained_content()) != event.hash:
                return ChainReport(
                    chain, rows, event.seq, event.pk, "content does not match its hash (edited)"
                )
            expected_subject = event.object_ids[0] if len(event.object_ids) == 1 else ""
            if event.subject_id != expected_subject:
                return ChainReport(
                    chain, rows, event.seq, event.pk, "subject_id does not match object_ids"
                )
            prev_hash = event.hash
            expected_seq += 1
            last_id = event.pk
    head = ChainHead.objects.filter(chain=chain).first()
    head_seq = head.last_seq if head else 0
    head_hash = head.last_hash if head else ""
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        return ChainReport(
            chain,
            rows,
            expected_seq,
            last_id or None,
            f"chain head says seq={head_seq} but the table ends at seq={expected_seq - 1}"
            " (rows deleted from the end, or head edited)",
        )
    return ChainReport(chain, rows)


def verify_all() -> list[ChainReport]:
    return [verify_chain(AuditEvent, "audit"), verify_chain(AccessEvent, "access")]

"""What a reconciliation says back: one JSON document for scripts (schema in
``docs/reconcile-json.md``) and a short summary in the active language for people.

Rows are named by their spreadsheet row number, people by their public id (UUID) and
worklist items by theirs; the document carries no name, ID number or other value from the
file or the registry (mismatches name the fields that differ, not their values).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.rosters.models import Discrepancy, DiscrepancyKind
from tongxin.rosters.reconciling import ReconcileResult, reason_lines

SCHEMA = "tongxin.reconcile/1"
COUNT_KEYS = ("rows", "matched", "review", "roster_only", "registry_only", "mismatch", "invalid")


def summary(result: ReconcileResult) -> str:
    counts = result.run.counts
    return _(
        "已核对“%(file)s”,共 %(rows)d 行:匹配 %(matched)d,待确认 %(review)d,"
        "名单有、登记无 %(roster_only)d,登记有、名单无 %(registry_only)d,"
        "信息不一致 %(mismatch)d,有误行 %(invalid)d。"
    ) % {"file": result.run.file_name, **counts}


def _item(result: ReconcileResult, item: Discrepancy) -> dict[str, Any]:
    return {
        "discrepancy_id": str(item.uuid),
        "new": item.pk in result.new,
        "agency": item.agency.name,
    }


def result_document(result: ReconcileResult) -> dict[str, Any]:
    run = result.run
    return {
        "schema": SCHEMA,
        "status": "reconciled",
        "message": summary(result),
        "run": {
            "id": str(run.uuid),
            "against": run.kind,
            "file_name": run.file_name,
            "sha256": run.sha256,
            "partner_key": run.used_partner_key,
            "agency": run.agency.name,
            "run_by": run.run_by.get_username(),
            "created_at": timezone.localtime(run.created_at).isoformat(),
        },
        "counts": run.counts,
        "matched": [
            {"row": m.row, "person_id": str(m.person_uuid), "method": m.method, "score": m.score}
            for m in result.matched
        ],
        "review": [
            {
                **_item(result, item),
                "row": item.row_number,
                "person_id": str(item.person.uuid) if item.person else None,
                "candidate_ids": list(item.candidates),
                "score": item.values.get("score"),
            }
            for item in result.of_kind(DiscrepancyKind.REVIEW)
        ],
        "roster_only": [
            {**_item(result, item), "row": item.row_number}
            for item in result.of_kind(DiscrepancyKind.ROSTER_ONLY)
        ],
        "registry_only": [
            {**_item(result, item), "person_id": str(item.person.uuid) if item.person else None}
            for item in result.of_kind(DiscrepancyKind.REGISTRY_ONLY)
        ],
        "mismatches": [
            {
                **_item(result, item),
                "row": item.row_number,
                "person_id": str(item.person.uuid) if item.person else None,
                "fields": sorted(item.values.get("roster", {})),
            }
            for item in result.of_kind(DiscrepancyKind.MISMATCH)
        ],
        "invalid_rows": [
            {"row": invalid.row, "reasons": reason_lines(invalid)} for invalid in result.invalid
        ],
    }


def refusal_document(message: str) -> dict[str, Any]:
    """The document of a reconciliation that did not run: nothing was written."""
    return {
        "schema": SCHEMA,
        "status": "refused",
        "message": message,
        "run": None,
        "counts": dict.fromkeys(COUNT_KEYS, 0),
        "matched": [],
        "review": [],
        "roster_only": [],
        "registry_only": [],
        "mismatches": [],
        "invalid_rows": [],
    }

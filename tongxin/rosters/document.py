"""What an import says back: one JSON document for scripts (schema in
``docs/import-roster-json.md``) and a short summary in the active language for people.

Rows are named by their spreadsheet row number and people by their public id (UUID); the
document carries no name, ID number or other value from the file.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.rosters.importing import AlreadyImported, ImportResult, RowPlan, field_label
from tongxin.rosters.models import COUNTED_OUTCOMES, BatchStatus, ImportBatch, Outcome

SCHEMA = "tongxin.import-roster/1"
# Outcomes whose row names the person it created, matched or found unchanged.
NAMES_PERSON = frozenset({Outcome.CREATED, Outcome.MATCHED, Outcome.UNCHANGED})


def _when(moment: Any) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def counts_text(counts: dict[str, int]) -> str:
    """ "新建档案 2、匹配已有人员 1" — the outcomes that occurred, in report order."""
    return "、".join(
        f"{Outcome(outcome).label} {counts[outcome]}"
        for outcome in COUNTED_OUTCOMES
        if counts.get(outcome)
    )


def summary(result: ImportResult) -> str:
    batch = result.batch
    if batch.status in (BatchStatus.REJECTED, BatchStatus.FAILED):
        return batch.error_message
    values = {"file": batch.file_name, "rows": batch.row_count, "counts": counts_text(batch.counts)}
    if batch.status == BatchStatus.COMMITTED:
        return _("已导入“%(file)s”,共 %(rows)d 行:%(counts)s。") % values
    return _("试导入“%(file)s”,未写入任何内容。共 %(rows)d 行:%(counts)s。") % values


def row_entry(plan: RowPlan) -> dict[str, Any]:
    names_person = plan.outcome in NAMES_PERSON and plan.person_uuid is not None
    return {
        "row": plan.row_number,
        "outcome": plan.outcome,
        "person_id": str(plan.person_uuid) if names_person else None,
        "enrollment_id": str(plan.enrollment_uuid) if plan.enrollment_uuid else None,
        "candidate_ids": list(plan.candidates),
        "reasons": [
            {**reason.as_dict(), "field_label": field_label(reason.field)}
            for reason in plan.reasons
        ],
    }


def batch_entry(batch: ImportBatch, *, saved: bool) -> dict[str, Any]:
    return {
        "id": str(batch.uuid) if saved else None,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "size": batch.size,
        "agency": batch.agency.name,
        "uploaded_by": batch.uploaded_by.get_username(),
        "status": batch.status,
        "created_at": _when(batch.created_at),
        "committed_at": _when(batch.committed_at),
    }


def result_document(result: ImportResult) -> dict[str, Any]:
    batch = result.batch
    status = "preview" if result.dry_run and batch.status == BatchStatus.PREVIEW else batch.status
    return {
        "schema": SCHEMA,
        "status": status,
        "dry_run": result.dry_run,
        "message": summary(result),
        "batch": batch_entry(batch, saved=not result.dry_run),
        "counts": {str(outcome): batch.count_of(outcome) for outcome in COUNTED_OUTCOMES},
        "file_notes": list(result.file_notes),
        "rows": [row_entry(plan) for plan in result.rows],
    }


def refusal_document(
    *, status: str, message: str, dry_run: bool, error: AlreadyImported | None = None
) -> dict[str, Any]:
    """The document of an import that did not start: refused, or the file already imported."""
    return {
        "schema": SCHEMA,
        "status": status,
        "dry_run": dry_run,
        "message": message,
        "batch": batch_entry(error.previous, saved=True) if error is not None else None,
        "counts": {str(outcome): 0 for outcome in COUNTED_OUTCOMES},
        "file_notes": [],
        "rows": [],
    }

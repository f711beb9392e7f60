"""Bodies of the rosters API: the import and reconcile documents (the same JSON as
``tongxin import-roster --format json`` and ``tongxin reconcile --format json``, schemas in
docs/), an import batch with its rows, a run's worklist items and a resolution.

People are named by their public id (UUID) only; rows by their spreadsheet row number.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any, Literal

from ninja import Field, Schema

from tongxin.api.schemas import ErrorOut, RejectedOut


class ImportDocumentOut(Schema):
    """``tongxin.import-roster/1`` (docs/import-roster-json.md)."""

    schema_: str = Field(alias="schema", description="tongxin.import-roster/1")
    status: str = Field(
        description="preview | committed | rejected | failed | refused | already_imported"
    )
    dry_run: bool
    message: str
    batch: dict[str, Any] | None
    counts: dict[str, int]
    file_notes: list[str]
    rows: list[dict[str, Any]]


class ReconcileDocumentOut(Schema):
    """``tongxin.reconcile/1`` (docs/reconcile-json.md)."""

    schema_: str = Field(alias="schema", description="tongxin.reconcile/1")
    status: str = Field(description="reconciled | refused")
    message: str
    run: dict[str, Any] | None
    counts: dict[str, int]
    matched: list[dict[str, Any]]
    review: list[dict[str, Any]]
    roster_only: list[dict[str, Any]]
    registry_only: list[dict[str, Any]]
    mismatches: list[dict[str, Any]]
    invalid_rows: list[dict[str, Any]]


class ImportRejectedOut(RejectedOut):
    """A refused or rejected import: the errors by field (``rows.<n>.<field>`` for a row),
    and the document the command would print."""

    document: ImportDocumentOut


class ImportConflictOut(ErrorOut):
    """The file was imported before (``already_imported``), or someone registered one of
    its people while it was being committed (``failed``): nothing was written."""

    document: ImportDocumentOut


class ReconcileRejectedOut(RejectedOut):
    document: ReconcileDocumentOut


class ReasonOut(Schema):
    field: str
    field_label: str
    message: str
    severity: str


class ImportRowOut(Schema):
    row: int
    outcome: str
    person_id: uuid_module.UUID | None = Field(
        description="the person the row created, matched or found unchanged, if in your scope"
    )
    enrollment_id: uuid_module.UUID | None
    candidate_ids: list[uuid_module.UUID] = Field(
        description="a possible duplicate's candidates in your scope"
    )
    reasons: list[ReasonOut]


class ImportBatchOut(Schema):
    batch: dict[str, Any] = Field(description="as the document's batch")
    counts: dict[str, int]
    message: str = Field(description="why a rejected or failed batch was not imported")
    progress: dict[str, int] = Field(description="{done, total} rows of a commit")
    page: int
    page_size: int
    total_rows: int
    rows: list[ImportRowOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=500)


class DiscrepancyQuery(Schema):
    status: Literal["open", "resolved", "all"] = "open"
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=500)


class RunOut(Schema):
    id: uuid_module.UUID
    against: str
    file_name: str
    sha256: str
    partner_key: bool
    agency: str
    run_by: str
    created_at: dt.datetime
    counts: dict[str, int]


class DiscrepancyOut(Schema):
    id: uuid_module.UUID
    run_id: uuid_module.UUID = Field(description="the run that found it first")
    last_run_id: uuid_module.UUID = Field(description="the latest run that found it open")
    kind: str = Field(description="roster_only | registry_only | mismatch | review")
    agency: str = Field(description="the agency that resolves it")
    row: int | None
    person_id: uuid_module.UUID | None
    candidate_ids: list[str]
    fields: list[str] = Field(description="the fields that differ (names, not values)")
    status: str = Field(description="open | resolved")
    resolution: str
    resolved_at: dt.datetime | None
    resolutions: list[str] = Field(description="the resolutions this kind of item takes")


class DiscrepancyPage(Schema):
    run: RunOut
    total: int
    page: int
    page_size: int
    items: list[DiscrepancyOut]


class ResolveIn(Schema):
    resolution: str = Field(
        description=(
            "registered | not_ours | already_known | corrected | confirmed_match | not_a_match"
        )
    )
    note: str = Field("", max_length=2000)

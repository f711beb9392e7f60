"""Rosters over the API: import a roster, read an import batch, reconcile a police roster,
read a run's worklist and resolve an item.

Uploads are multipart (``file`` plus form fields) and answer the same JSON documents as the
commands (``tongxin import-roster --format json``, ``tongxin reconcile --format json``;
docs/import-roster-json.md, docs/reconcile-json.md), synchronously: a script gets the whole
result in the answer, as from the command. Every read goes through the access policy and
writes one AccessEvent naming what it returns before the answer leaves; every write is the
pipeline's own action (``import_roster``, ``reconcile_roster``, ``resolve_discrepancy``),
which audits itself. Refusals answer 422 with ``{"errors": {field: [messages]}}`` (a row's
field as ``rows.<n>.<field>``) and the command's document; a file imported before, or an
item resolved meanwhile, 409; anything outside the caller's scope 404.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.api.rosters_schemas import (
    DiscrepancyOut,
    DiscrepancyPage,
    DiscrepancyQuery,
    ImportBatchOut,
    ImportConflictOut,
    ImportDocumentOut,
    ImportRejectedOut,
    ImportRowOut,
    PageQuery,
    ReasonOut,
    ReconcileDocumentOut,
    ReconcileRejectedOut,
    ResolveIn,
    RunOut,
)
from tongxin.api.schemas import ErrorOut, RejectedOut
from tongxin.audit.record import Actor
from tongxin.organisation.models import Agency
from tongxin.rosters import document as import_document
from tongxin.rosters import reconcile_document
from tongxin.rosters.files import UploadLimits
from tongxin.rosters.importing import (
    ERROR,
    AlreadyImported,
    ImportRefused,
    field_label,
    import_roster,
)
from tongxin.rosters.keyed_hash import normalise_partner_name, partner_key
from tongxin.rosters.models import (
    BatchStatus,
    Discrepancy,
    DiscrepancyStatus,
    ImportRow,
    Outcome,
    ReconciliationRun,
)
from tongxin.rosters.progress import live_progress
from tongxin.rosters.reading import RosterKind
from tongxin.rosters.reconciling import (
    RESOLUTIONS_OF_KIND,
    ReconcileRefused,
    reconcile_roster,
    resolve_discrepancy,
)

router = Router(tags=["rosters"])

# Every endpoint may also answer 401 (see tongxin.api.auth).
UNAUTHENTICATED = {401: ErrorOut}
READ_ERRORS = {404: ErrorOut, **UNAUTHENTICATED}
# The names of the command's --kind: release-notice, corrections-intake, police-roster.
KINDS = {kind.value.replace("_", "-"): kind for kind in RosterKind}


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, channel="api")


def _disclose(
    request: HttpRequest, action: str, object_type: str, ids: list[Any], **details: Any
) -> None:
    disclose(request, action, object_type, ids, details or None, channel="api")


def _content(upload: UploadedFile) -> bytes:
    # One byte past the limit is enough for the check to refuse an oversized file.
    return upload.read(UploadLimits.from_settings().max_bytes + 1)


def _agency(name: str) -> Agency:
    """The agency named as the command's ``--agency`` names it."""
    agencies = list(Agency.objects.filter(name=name, is_active=True)[:2])
    if len(agencies) != 1:
        raise ImportRefused(
            f"没有名为“{name}”的机构。"
            if not agencies
            else f"有多个名为“{name}”的机构,请联系管理员。"
        )
    return agencies[0]


# -- importing ------------------------------------------------------------------------------


def _row_errors(document: dict[str, Any]) -> dict[str, list[str]]:
    """The errors of a rejected import by field: ``rows.<n>.<field>``, or ``file``."""
    errors: dict[str, list[str]] = {}
    for row in document["rows"]:
        for reason in row["reasons"]:
            if reason["severity"] != ERROR:
                continue
            key = f"rows.{row['row']}" + (f".{reason['field']}" if reason["field"] else "")
            errors.setdefault(key, []).append(
                _("第 %(row)d 行 %(field)s:%(message)s")
                % {"row": row["row"], "field": reason["field_label"], "message": reason["message"]}
            )
    return errors or {"file": [document["message"]]}


@router.post(
    "/rosters/imports",
    response={
        200: ImportDocumentOut,
        409: ImportConflictOut,
        422: ImportRejectedOut,
        **UNAUTHENTICATED,
    },
    by_alias=True,
    operation_id="rosters_import",
    summary="Import a roster file (multipart), or check it with dry_run: the import-roster document",
)
def import_roster_file(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[str],
    dry_run: Form[bool] = False,
    agency: Form[str] = "",
) -> Any:
    """``kind``: release-notice | corrections-intake | police-roster; ``agency``: the
    importing agency's name, for a user who writes for several. A good file is committed
    (or, with ``dry_run``, only checked and matched, nothing saved) and answers 200 with the
    document; a refused or rejected one 422 with the errors by row and field."""
    try:
        roster_kind = KINDS.get(kind)
        if roster_kind is None:
            raise ImportRefused(
                _("名单类型“%(kind)s”无效,可选:%(choices)s。")
                % {"kind": kind, "choices": "、".join(KINDS)}
            )
        result = import_roster(
            actor=_actor(request),
            content=_content(file),
            file_name=file.name or "",
            kind=roster_kind,
            agency=_agency(agency) if agency else None,
            dry_run=dry_run,
        )
    except ImportRefused as exc:
        refused = import_document.refusal_document(
            status="refused", message=exc.message, dry_run=dry_run
        )
        field = "kind" if kind not in KINDS else ("agency" if agency else "__all__")
        return Status(422, {"errors": {field: [exc.message]}, "warnings": [], "document": refused})
    except AlreadyImported as exc:
        document = import_document.refusal_document(
            status="already_imported", message=exc.message, dry_run=dry_run, error=exc
        )
        return Status(409, {"detail": exc.message, "document": document})
    document = import_document.result_document(result)
    if result.batch.status == BatchStatus.REJECTED:
        return Status(422, {"errors": _row_errors(document), "warnings": [], "document": document})
    if result.batch.status == BatchStatus.FAILED:
        return Status(409, {"detail": document["message"], "document": document})
    return document


def _row_out(
    row: ImportRow,
    people: dict[int, uuid_module.UUID],
    cases: dict[int, uuid_module.UUID],
    visible: set[str],
) -> ImportRowOut:
    names_person = row.outcome in import_document.NAMES_PERSON
    return ImportRowOut(
        row=row.row_number,
        outcome=row.outcome,
        person_id=people.get(row.person_id) if names_person and row.person_id else None,
        enrollment_id=cases.get(row.enrollment_id) if row.enrollment_id else None,
        candidate_ids=[uuid_module.UUID(str(c)) for c in row.candidates if str(c) in visible]
        if row.outcome == Outcome.POSSIBLE_DUPLICATE
        else [],
        reasons=[
            ReasonOut(
                field=reason.get("field", ""),
                field_label=field_label(reason.get("field", "")),
                message=reason.get("message", ""),
                severity=reason.get("severity", ERROR),
            )
            for reason in row.reasons
        ],
    )


@router.get(
    "/rosters/imports/{uuid}",
    response={200: ImportBatchOut, **READ_ERRORS},
    operation_id="rosters_import_get",
    summary="An import batch: status, counts and its rows, a page at a time",
)
def get_import_batch(
    request: HttpRequest, uuid: uuid_module.UUID, query: Query[PageQuery]
) -> ImportBatchOut:
    batch = policy.get_import_batch_for_user(request.user, uuid)
    rows_query = ImportRow.objects.filter(batch=batch).order_by("row_number")
    start = (query.page - 1) * query.page_size
    rows = list(rows_query[start : start + query.page_size])
    visible = policy.people_visible_to(request.user)
    people = dict(
        visible.filter(pk__in={row.person_id for row in rows if row.person_id}).values_list(
            "pk", "uuid"
        )
    )
    candidates = {str(c) for row in rows for c in row.candidates}
    visible_candidates = {
        str(u) for u in visible.filter(uuid__in=candidates).values_list("uuid", flat=True)
    }
    cases = dict(
        policy.enrollments_visible_to(request.user)
        .filter(pk__in={row.enrollment_id for row in rows if row.enrollment_id})
        .values_list("pk", "uuid")
    )
    out_rows = [_row_out(row, people, cases, visible_candidates) for row in rows]
    named = sorted(
        {str(row.person_id) for row in out_rows if row.person_id}
        | {str(c) for row in out_rows for c in row.candidate_ids}
    )
    _disclose(request, "roster.batch", "import_batch", [batch.uuid], page=query.page, people=named)
    done, total = live_progress(batch)
    return ImportBatchOut(
        batch=import_document.batch_entry(batch, saved=True),
        counts=batch.counts,
        message=batch.error_message,
        progress={"done": done, "total": total},
        page=query.page,
        page_size=query.page_size,
        total_rows=rows_query.count(),
        rows=out_rows,
    )


# -- reconciling ----------------------------------------------------------------------------


@router.post(
    "/rosters/reconciliations",
    response={200: ReconcileDocumentOut, 422: ReconcileRejectedOut, **UNAUTHENTICATED},
    by_alias=True,
    operation_id="rosters_reconcile",
    summary="Reconcile a police roster (multipart) against the registry: the reconcile document",
)
def reconcile_roster_file(
    request: HttpRequest,
    file: File[UploadedFile],
    against: Form[str] = "police-roster",
    partner: Form[str] = "",
    agency: Form[str] = "",
) -> Any:
    """``partner``: for a roster of keyed ID hashes (身份证号哈希), the partner's name as its
    key was issued (``tongxin partner-key``); the county derives the key, none is sent.
    ``agency``: the running agency's name, for a user who writes for several. Runs the
    reconciliation and answers its document (200); a refusal 422, nothing written."""
    name = normalise_partner_name(partner)
    try:
        try:
            running = _agency(agency) if agency else None
        except ImportRefused as exc:
            raise ReconcileRefused(exc.message, "agency") from exc
        result = reconcile_roster(
            _actor(request),
            _content(file),
            against,
            partner_key(name) if name else None,
            file_name=file.name or "",
            agency=running,
        )
    except ReconcileRefused as exc:
        return Status(
            422,
            {
                "errors": {exc.field or "__all__": [exc.message]},
                "warnings": [],
                "document": reconcile_document.refusal_document(exc.message),
            },
        )
    return reconcile_document.result_document(result)


def _run_out(run: ReconciliationRun) -> RunOut:
    return RunOut(
        id=run.uuid,
        against=run.kind,
        file_name=run.file_name,
        sha256=run.sha256,
        partner_key=run.used_partner_key,
        agency=run.agency.name,
        run_by=run.run_by.get_username(),
        created_at=timezone.localtime(run.created_at),
        counts=run.counts,
    )


@router.get(
    "/rosters/reconciliations/{uuid}",
    response={200: RunOut, **READ_ERRORS},
    operation_id="rosters_reconciliation_get",
    summary="A reconciliation run: its file and counts",
)
def get_reconciliation(request: HttpRequest, uuid: uuid_module.UUID) -> RunOut:
    run = policy.get_reconciliation_run_for_user(request.user, uuid)
    _disclose(request, "roster.reconcile.run", "reconciliation_run", [run.uuid])
    return _run_out(run)


def _discrepancy_out(item: Discrepancy) -> DiscrepancyOut:
    stored = item.values
    return DiscrepancyOut(
        id=item.uuid,
        run_id=item.run.uuid,
        last_run_id=item.last_run.uuid,
        kind=item.kind,
        agency=item.agency.name,
        row=item.row_number,
        person_id=item.person.uuid if item.person else None,
        candidate_ids=list(item.candidates),
        fields=sorted(set(stored.get("roster", {})) | set(stored.get("registry", {})))
        if item.kind == "mismatch"
        else [],
        status=item.status,
        resolution=item.resolution,
        resolved_at=item.resolved_at,
        resolutions=list(RESOLUTIONS_OF_KIND[item.kind]),
    )


def _people_of(items: list[Discrepancy]) -> list[str]:
    named = {str(item.person.uuid) for item in items if item.person}
    return sorted(named | {str(c) for item in items for c in item.candidates})


@router.get(
    "/rosters/reconciliations/{uuid}/discrepancies",
    response={200: DiscrepancyPage, **READ_ERRORS},
    operation_id="rosters_reconciliation_discrepancies",
    summary="The worklist items a run found (added, or still open from an earlier run)",
)
def list_run_discrepancies(
    request: HttpRequest, uuid: uuid_module.UUID, query: Query[DiscrepancyQuery]
) -> DiscrepancyPage:
    run = policy.get_reconciliation_run_for_user(request.user, uuid)
    items_query = (
        policy.discrepancies_visible_to(request.user)
        .filter(Q(run=run) | Q(last_run=run))
        .select_related("run", "last_run", "agency", "person")
        .order_by("kind", "row_number", "id")
    )
    if query.status != "all":
        items_query = items_query.filter(status=query.status)
    start = (query.page - 1) * query.page_size
    items = list(items_query[start : start + query.page_size])
    _disclose(
        request,
        "roster.worklist",
        "discrepancy",
        [item.uuid for item in items],
        run=str(run.uuid),
        page=query.page,
        people=_people_of(items),
    )
    return DiscrepancyPage(
        run=_run_out(run),
        total=items_query.count(),
        page=query.page,
        page_size=query.page_size,
        items=[_discrepancy_out(item) for item in items],
    )


@router.post(
    "/rosters/discrepancies/{uuid}/resolve",
    response={200: DiscrepancyOut, 409: ErrorOut, 422: RejectedOut, **READ_ERRORS},
    operation_id="rosters_discrepancy_resolve",
    summary="Record how a worklist item was resolved; 409 when it was resolved meanwhile",
)
def resolve_run_discrepancy(
    request: HttpRequest, uuid: uuid_module.UUID, payload: ResolveIn
) -> Any:
    try:
        item = resolve_discrepancy(_actor(request), uuid, payload.resolution, payload.note)
    except ReconcileRefused as exc:
        current = Discrepancy.objects.filter(uuid=uuid).values_list("status", flat=True).first()
        if current != DiscrepancyStatus.OPEN:
            # Someone resolved it since the caller read it: the state it decided on is gone.
            return Status(409, {"detail": exc.message})
        return Status(422, {"errors": {exc.field or "__all__": [exc.message]}, "warnings": []})
    item = Discrepancy.objects.select_related("run", "last_run", "agency", "person").get(pk=item.pk)
    _disclose(request, "roster.discrepancy", "discrepancy", [item.uuid], people=_people_of([item]))
    return _discrepancy_out(item)

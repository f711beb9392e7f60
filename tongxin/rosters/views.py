"""Web pages for roster imports (名单导入): upload → preview → confirm → background commit.

Thin views over the pipeline in ``importing``: the upload page calls ``prepare_import`` (a
rejected file keeps the batch and row report the pipeline saves, nothing else is stored);
confirming calls ``request_commit`` and enqueues ``import_roster_task``; the batch page polls
a small progress fragment while the task runs. Every fetch goes through the access policy
(404 outside scope); the batch page writes one AccessEvent naming the people it shows
before rendering, and the row report writes its own (``report.write_report``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.dedup.models import CandidateStatus
from tongxin.people.models import Person
from tongxin.rosters.document import NAMES_PERSON
from tongxin.rosters.files import UploadLimits
from tongxin.rosters.forms import KIND_LABELS, RosterUploadForm, importing_agency_ids
from tongxin.rosters.importing import (
    ERROR,
    AlreadyImported,
    ImportRefused,
    field_label,
    prepare_import,
    request_commit,
)
from tongxin.rosters.models import COUNTED_OUTCOMES, BatchStatus, ImportBatch, ImportRow, Outcome
from tongxin.rosters.progress import live_progress
from tongxin.rosters.reading import RosterKind
from tongxin.rosters.report import write_report
from tongxin.rosters.tasks import import_roster_task

ROWS_PER_PAGE = 100
RECENT_BATCHES = 30
# Bad rows listed above the table of a rejected file; all of them are in the row report.
BAD_ROWS_SHOWN = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# -- the upload page -------------------------------------------------------------------------


def _recent_batches(user: Any) -> list[ImportBatch]:
    batches = list(
        policy.import_batches_visible_to(user).select_related("agency", "uploaded_by")[
            :RECENT_BATCHES
        ]
    )
    for batch in batches:
        batch.kind_label = kind_label(batch.kind)
    return batches


def _render_index(request: HttpRequest, form: RosterUploadForm | None) -> HttpResponse:
    return render(
        request,
        "rosters/index.html",
        {"form": form, "batches": _recent_batches(request.user)},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """The upload form (for writers of a 司法所 or 司法局) and the recent batches the user
    may see. A file refused as a whole is shown on the form; one with bad rows, or a good
    one, leads to its batch page."""
    agency_ids = importing_agency_ids(request.user)
    if not agency_ids:
        return _render_index(request, None)
    if request.method != "POST":
        return _render_index(request, RosterUploadForm(agency_ids=agency_ids))
    form = RosterUploadForm(request.POST, request.FILES, agency_ids=agency_ids)
    if not form.is_valid():
        return _render_index(request, form)
    upload = form.cleaned_data["file"]
    # One byte past the limit is enough for the check to refuse an oversized file.
    content = upload.read(UploadLimits.from_settings().max_bytes + 1)
    try:
        result = prepare_import(
            actor=Actor.from_request(request),
            content=content,
            file_name=upload.name or "",
            kind=RosterKind(form.cleaned_data["kind"]),
            agency=form.chosen_agency(),
        )
    except ImportRefused as exc:
        form.add_error(NON_FIELD_ERRORS, exc.message)
        return _render_index(request, form)
    except AlreadyImported as exc:
        form.add_error("file", exc.message)
        return _render_index(request, form)
    batch = result.batch
    if batch.status == BatchStatus.REJECTED and not batch.row_count:
        # Refused before any row was read (encrypted, macros, not a roster, empty).
        form.add_error("file", batch.error_message)
        return _render_index(request, form)
    for note in result.file_notes:
        messages.warning(request, note)
    if batch.status == BatchStatus.PREVIEW:
        messages.success(request, _("文件已检查,尚未导入。请核对下面的结果后点击“确认导入”。"))
    return redirect("rosters:batch", batch_uuid=batch.uuid)


# -- the batch page --------------------------------------------------------------------------


@dataclass
class RowView:
    row_number: int
    outcome: str
    outcome_label: str
    reasons: list[dict[str, str]]
    people: list[Person] = field(default_factory=list)
    enrollment_uuid: uuid.UUID | None = None
    review_uuid: uuid.UUID | None = None  # the row's first open possible-duplicate pair


def _reasons(row: ImportRow) -> list[dict[str, str]]:
    return [
        {
            "field": field_label(reason.get("field", "")),
            "message": reason.get("message", ""),
            "severity": reason.get("severity", ERROR),
        }
        for reason in row.reasons
    ]


def _row_views(user: Any, rows: list[ImportRow]) -> list[RowView]:
    """The rows with links to the people and cases ``user`` may see; a person outside the
    user's scope is not named (the row keeps its outcome and reasons only)."""
    person_ids = {row.person_id for row in rows if row.outcome in NAMES_PERSON and row.person_id}
    candidate_ids = {
        str(candidate)
        for row in rows
        if row.outcome == Outcome.POSSIBLE_DUPLICATE
        for candidate in row.candidates
    }
    visible = policy.people_visible_to(user)
    by_pk = {person.pk: person for person in visible.filter(pk__in=person_ids)}
    by_uuid = {str(person.uuid): person for person in visible.filter(uuid__in=candidate_ids)}
    enrollment_ids = {row.enrollment_id for row in rows if row.enrollment_id}
    cases = dict(
        policy.enrollments_visible_to(user).filter(pk__in=enrollment_ids).values_list("pk", "uuid")
    )
    reviews: dict[int, uuid.UUID] = {}
    held = [row.pk for row in rows if row.outcome == Outcome.POSSIBLE_DUPLICATE]
    if held:
        pairs = (
            policy.match_candidates_visible_to(user)
            .filter(import_row_id__in=held, status=CandidateStatus.OPEN)
            .order_by("-score", "pk")
            .values_list("import_row_id", "uuid")
        )
        for row_id, pair_uuid in pairs:
            reviews.setdefault(row_id, pair_uuid)
    views = []
    for row in rows:
        view = RowView(row.row_number, row.outcome, str(Outcome(row.outcome).label), _reasons(row))
        if row.outcome in NAMES_PERSON and row.person_id in by_pk:
            view.people = [by_pk[row.person_id]]
        elif row.outcome == Outcome.POSSIBLE_DUPLICATE:
            view.people = [by_uuid[str(c)] for c in row.candidates if str(c) in by_uuid]
        view.enrollment_uuid = cases.get(row.enrollment_id) if row.enrollment_id else None
        view.review_uuid = reviews.get(row.pk)
        views.append(view)
    return views


def _bad_rows(batch: ImportBatch) -> list[dict[str, Any]]:
    rows = ImportRow.objects.filter(batch=batch, outcome=Outcome.REJECTED).order_by("row_number")
    bad = []
    for row in rows[:BAD_ROWS_SHOWN]:
        for reason in _reasons(row):
            if reason["severity"] == ERROR:
                bad.append({"row_number": row.row_number, **reason})
    return bad


def may_commit(user: Any, batch: ImportBatch) -> bool:
    return (
        batch.status == BatchStatus.PREVIEW
        and policy.import_batches_visible_to(user, write=True).filter(pk=batch.pk).exists()
    )


def _progress_context(batch: ImportBatch) -> dict[str, Any]:
    done, total = live_progress(batch)
    return {
        "batch": batch,
        "done": done,
        "total": total,
        "percent": int(done * 100 / total) if total else 0,
        "polling": batch.status == BatchStatus.COMMITTING,
        "counts": [
            (outcome.label, batch.count_of(outcome))
            for outcome in COUNTED_OUTCOMES
            if batch.count_of(outcome)
        ],
    }


@login_required
@never_cache
def batch_page(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    batch = policy.get_import_batch_for_user(request.user, batch_uuid)
    rows = ImportRow.objects.filter(batch=batch).order_by("row_number")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    row_views = _row_views(request.user, list(page.object_list))
    shown = sorted({str(person.uuid) for view in row_views for person in view.people})
    disclose(
        request,
        "roster.batch",
        "import_batch",
        [batch.uuid],
        {"page": page.number, "people": shown},
    )
    return render(
        request,
        "rosters/batch.html",
        {
            **_progress_context(batch),
            "kind_label": kind_label(batch.kind),
            "bad_rows": _bad_rows(batch) if batch.status == BatchStatus.REJECTED else [],
            "page_obj": page,
            "rows": row_views,
            "may_commit": may_commit(request.user, batch),
        },
    )


@login_required
@never_cache
def progress_fragment(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """The progress bar the batch page polls while committing; once done, the final state
    without the polling trigger. Counts only: no row or person is shown."""
    batch = policy.get_import_batch_for_user(request.user, batch_uuid)
    return render(request, "rosters/_progress.html", _progress_context(batch))


@login_required
@require_POST
def commit(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """确认导入: claim the preview and enqueue its commit; the page then shows progress."""
    batch = policy.get_import_batch_for_user(request.user, batch_uuid)
    if not policy.import_batches_visible_to(request.user, write=True).filter(pk=batch.pk).exists():
        messages.error(
            request,
            _("只有%(agency)s有写入权限的工作人员可以确认导入此批次。")
            % {"agency": batch.agency.name},
        )
        return redirect("rosters:batch", batch_uuid=batch.uuid)
    try:
        claimed = request_commit(actor=Actor.from_request(request), batch_uuid=batch.uuid)
    except ImportRefused as exc:
        messages.error(request, exc.message)
    else:
        import_roster_task(str(claimed.uuid))
        messages.success(request, _("已开始导入,完成前请勿重复提交。"))
    return redirect("rosters:batch", batch_uuid=batch.uuid)


@login_required
@never_cache
def report(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """The row report as .xlsx; ``write_report`` checks the scope and writes the
    AccessEvent before the bytes leave."""
    content = write_report(actor=Actor.from_request(request), batch_uuid=batch_uuid)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    # As an attachment the header is always built (None only for inline without a name).
    response["Content-Disposition"] = cast(
        str,
        content_disposition_header(
            as_attachment=True, filename=_("导入结果-%(batch)s.xlsx") % {"batch": batch_uuid}
        ),
    )
    return response

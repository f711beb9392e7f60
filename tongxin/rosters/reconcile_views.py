"""Reconciliation pages (名单核对): upload a police roster → progress → the run's summary, and
the worklist (名单核对待办) of the open discrepancies the user may see, each with what the
roster and the registry say, and a form to record its resolution.

Thin views: uploading calls ``request_reconciliation`` (a refused file is shown on the form,
nothing is saved) and enqueues ``reconcile_roster_task``; the job page polls a progress
fragment until the run is written, then leads to the run's summary (counts only), its
worklist (``?run=``) and its results as .xlsx (``write_run_report`` writes the AccessEvent).
The worklist goes through ``policy.discrepancies_visible_to`` and writes one AccessEvent
naming the people and items it shows before rendering; resolving is one action
(``resolve_discrepancy``, 404 outside the write rule) and a redirect with its message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.access import policy
from tongxin.access.disclosure import disclose
from tongxin.audit.record import Actor
from tongxin.rosters.files import UploadLimits
from tongxin.rosters.forms import ReconcileUploadForm, importing_agency_ids
from tongxin.rosters.models import (
    Discrepancy,
    DiscrepancyStatus,
    JobStatus,
    ReconciliationJob,
    ReconciliationRun,
    Resolution,
)
from tongxin.rosters.progress import published
from tongxin.rosters.reconcile_jobs import request_reconciliation
from tongxin.rosters.reconcile_report import compared_values, write_run_report
from tongxin.rosters.reconciling import (
    RESOLUTIONS_OF_KIND,
    ReconcileRefused,
    resolve_discrepancy,
)
from tongxin.rosters.tasks import reconcile_roster_task

ITEMS_PER_PAGE = 50
RECENT_RUNS = 30
RECENT_JOBS = 10
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ItemView:
    item: Discrepancy
    # (field label, roster value, registry value) of what the item is about.
    values: list[tuple[str, str, str]]
    resolutions: list[tuple[str, str]]
    may_resolve: bool


@login_required
@never_cache
def worklist(request: HttpRequest) -> HttpResponse:
    items = (
        policy.discrepancies_visible_to(request.user)
        .filter(status=DiscrepancyStatus.OPEN)
        .select_related("run", "agency", "person")
        .order_by("agency__name", "-last_run__created_at", "kind", "row_number", "id")
    )
    # ?run=: the items one run found (added or linked), from its summary page.
    run = (
        policy.get_reconciliation_run_for_user(request.user, request.GET["run"])
        if request.GET.get("run")
        else None
    )
    if run is not None:
        items = items.filter(Q(run=run) | Q(last_run=run))
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    writable = set(
        policy.discrepancies_visible_to(request.user, write=True)
        .filter(pk__in=[item.pk for item in shown])
        .values_list("pk", flat=True)
    )
    if shown:
        disclose(
            request,
            "roster.worklist",
            "discrepancy",
            [item.uuid for item in shown],
            {
                "page": page.number,
                "people": sorted({str(item.person.uuid) for item in shown if item.person}),
            },
        )
    views = [
        ItemView(
            item=item,
            values=compared_values(item),
            resolutions=[
                (code, str(Resolution(code).label)) for code in RESOLUTIONS_OF_KIND[item.kind]
            ],
            may_resolve=item.pk in writable,
        )
        for item in shown
    ]
    return render(
        request,
        "rosters/reconcile/worklist.html",
        {"page_obj": page, "items": views, "run": run},
    )


@login_required
@require_POST
def resolve(request: HttpRequest, discrepancy_uuid: uuid.UUID) -> HttpResponse:
    """Record a resolution; a refusal is shown as a message and nothing is saved."""
    note: Any = request.POST.get("note", "")
    try:
        item = resolve_discrepancy(
            Actor.from_request(request),
            discrepancy_uuid,
            request.POST.get("resolution", ""),
            str(note),
        )
    except ReconcileRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已记录处理结果:%(resolution)s。") % {"resolution": item.get_resolution_display()},
        )
    return redirect("reconcile:worklist")


# -- uploading a roster to reconcile -----------------------------------------------------------


def _render_index(request: HttpRequest, form: ReconcileUploadForm | None) -> HttpResponse:
    runs = list(
        policy.reconciliations_visible_to(request.user).select_related("agency", "run_by")[
            :RECENT_RUNS
        ]
    )
    waiting = list(
        policy.reconciliation_jobs_visible_to(request.user)
        .exclude(status=JobStatus.DONE)
        .select_related("agency", "requested_by")[:RECENT_JOBS]
    )
    return render(
        request,
        "rosters/reconcile/index.html",
        {"form": form, "runs": runs, "jobs": waiting},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    """The upload form (for writers of a 司法所 or 司法局) and the past runs the user may see.
    A refused file is shown on the form; an accepted one leads to its progress page."""
    agency_ids = importing_agency_ids(request.user)
    if not agency_ids:
        return _render_index(request, None)
    if request.method != "POST":
        return _render_index(request, ReconcileUploadForm(agency_ids=agency_ids))
    form = ReconcileUploadForm(request.POST, request.FILES, agency_ids=agency_ids)
    if not form.is_valid():
        return _render_index(request, form)
    upload = form.cleaned_data["file"]
    # One byte past the limit is enough for the check to refuse an oversized file.
    content = upload.read(UploadLimits.from_settings().max_bytes + 1)
    try:
        job = request_reconciliation(
            actor=Actor.from_request(request),
            content=content,
            file_name=upload.name or "",
            partner=form.chosen_partner(),
            agency=form.chosen_agency(),
        )
    except ReconcileRefused as exc:
        field = exc.field if exc.field in form.fields else NON_FIELD_ERRORS
        form.add_error(field, exc.message)
        return _render_index(request, form)
    reconcile_roster_task(str(job.uuid))
    return redirect("reconcile:job", job_uuid=job.uuid)


# -- a job's progress, a run's summary and results ------------------------------------------------


def _job_context(job: ReconciliationJob) -> dict[str, Any]:
    done, total = published(job.uuid) or (0, 0)
    return {
        "job": job,
        "done": done,
        "total": total,
        "polling": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
    }


@login_required
@never_cache
def job_page(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    """A reconciliation on its way (counts only); once done, its run's summary."""
    job = policy.get_reconciliation_job_for_user(request.user, job_uuid)
    if job.status == JobStatus.DONE and job.run is not None:
        return redirect("reconcile:run", run_uuid=job.run.uuid)
    return render(request, "rosters/reconcile/job.html", _job_context(job))


@login_required
@never_cache
def job_progress(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    """The fragment the job page polls; once the run is written, htmx goes to its summary."""
    job = policy.get_reconciliation_job_for_user(request.user, job_uuid)
    response = render(request, "rosters/reconcile/_job_progress.html", _job_context(job))
    if job.status == JobStatus.DONE and job.run is not None:
        response["HX-Redirect"] = reverse("reconcile:run", args=[job.run.uuid])
    return response


@login_required
@never_cache
def run_page(request: HttpRequest, run_uuid: uuid.UUID) -> HttpResponse:
    """A run's summary: its counts, the file it read, and links to its worklist and results.
    It names no person, so it discloses nothing."""
    run: ReconciliationRun = policy.get_reconciliation_run_for_user(request.user, run_uuid)
    open_items = (
        policy.discrepancies_visible_to(request.user)
        .filter(Q(run=run) | Q(last_run=run), status=DiscrepancyStatus.OPEN)
        .count()
    )
    counts = [
        (_("名单行数"), run.row_count),
        (_("匹配"), run.matched_count),
        (_("名单有、登记无(疑似漏管)"), run.roster_only_count),
        (_("登记有、名单无"), run.registry_only_count),
        (_("信息不一致"), run.mismatch_count),
        (_("疑似同一人,待确认"), run.review_count),
        (_("有误行"), run.invalid_count),
    ]
    return render(
        request,
        "rosters/reconcile/run.html",
        {"run": run, "counts": counts, "open_items": open_items},
    )


@login_required
@never_cache
def run_report(request: HttpRequest, run_uuid: uuid.UUID) -> HttpResponse:
    """The run's results as .xlsx; ``write_run_report`` checks the scope and writes the
    AccessEvent before the bytes leave."""
    run, content = write_run_report(actor=Actor.from_request(request), run_uuid=run_uuid)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    # As an attachment the header is always built (None only for inline without a name).
    response["Content-Disposition"] = cast(
        str,
        content_disposition_header(
            as_attachment=True, filename=_("核对结果-%(run)s.xlsx") % {"run": run.uuid}
        ),
    )
    return response

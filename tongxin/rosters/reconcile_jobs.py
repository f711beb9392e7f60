"""Reconciliation asked for on the web page: checked and queued at once, run in the background.

``request_reconciliation`` refuses what ``reconcile_roster`` would refuse before anything is
written (who may reconcile, a hostile or unreadable file, no data rows), so the officer reads
the reason on the form; otherwise it saves a job holding the file (encrypted) and audits the
request. ``run_job`` (the huey task ``tasks.reconcile_roster_task``) runs the reconciliation
in the name and channel of whoever asked, publishing its progress (``progress``), links the
run to the job and drops the file, whatever the outcome.

A roster of a partner's keyed hashes names the partner: the county derives that partner's
key from its own key material (``keyed_hash.partner_key``), as ``tongxin partner-key`` does
when it issues the key file — so nobody types or uploads a key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.record import Actor, record_change
from tongxin.organisation.models import Agency
from tongxin.rosters.importing import ImportRefused, importing_scope
from tongxin.rosters.keyed_hash import normalise_partner_name, partner_key
from tongxin.rosters.models import JobStatus, ReconciliationJob
from tongxin.rosters.progress import Progress
from tongxin.rosters.reconcile_document import summary
from tongxin.rosters.reconciling import ReconcileRefused, read_rows, reconcile_roster

logger = logging.getLogger(__name__)

PARTNER_MAX_LENGTH = 100


def request_reconciliation(
    *,
    actor: Actor,
    content: bytes,
    file_name: str,
    partner: str | None = None,
    agency: Agency | None = None,
    today: dt.date | None = None,
) -> ReconciliationJob:
    """Check and queue a reconciliation against a police roster; ``partner`` names the
    partner whose keyed hashes the file carries (None: plain ID numbers).

    Raises ``ReconcileRefused`` (nothing written) as ``reconcile_roster`` would.
    """
    try:
        target = importing_scope(actor.user, agency)
    except ImportRefused as exc:
        raise ReconcileRefused(exc.message) from exc
    name = normalise_partner_name(partner) if partner is not None else ""
    if partner is not None and not name:
        raise ReconcileRefused(_("请填写提供身份证号哈希的合作单位名称。"), "partner")
    if len(name) > PARTNER_MAX_LENGTH:
        raise ReconcileRefused(
            _("合作单位名称最多 %(max)d 字。") % {"max": PARTNER_MAX_LENGTH}, "partner"
        )
    read_rows(content, hashed=bool(name), today=today or timezone.localdate())
    with transaction.atomic():
        job = ReconciliationJob.objects.create(
            agency=target.agency,
            requested_by=actor.user,
            channel=actor.channel,
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            partner=name,
            content_text=base64.b64encode(content).decode("ascii"),
        )
        record_change(
            actor=actor,
            action="roster.reconcile.request",
            object_type="reconciliation_job",
            object_ids=[job.uuid],
            agency_name=target.agency.name,
            details={"file_name": job.file_name, "sha256": job.sha256, "partner": name},
        )
    return job


def _finish(job: ReconciliationJob, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.content_text = None
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "content_text", "finished_at", "run"])


def run_job(job_uuid: Any, *, progress: Progress | None = None) -> ReconciliationJob | None:
    """Run a queued job; None when there is none (already taken by another worker)."""
    claimed = ReconciliationJob.objects.filter(uuid=job_uuid, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    )
    if not claimed:
        return None
    job = ReconciliationJob.objects.select_related("agency", "requested_by").get(uuid=job_uuid)
    actor = Actor(user=job.requested_by, channel=job.channel)
    content = base64.b64decode(job.content_text or "")
    try:
        # The run and the job's link to it are committed together.
        with transaction.atomic():
            result = reconcile_roster(
                actor,
                content,
                partner_key=partner_key(job.partner) if job.partner else None,
                file_name=job.file_name,
                agency=job.agency,
                progress=progress,
            )
            job.run = result.run
            _finish(job, JobStatus.DONE, summary(result))
    except ReconcileRefused as exc:
        job.run = None
        _finish(job, JobStatus.REFUSED, exc.message)
    except Exception:
        logger.exception("reconciliation job %s failed, rolled back", job.uuid)
        job.run = None
        _finish(job, JobStatus.FAILED, _("核对出错,未写入任何内容。请稍后重试或联系管理员。"))
    return job

"""Background work of the roster pages: an import's commit (a page asks with
``request_commit`` and enqueues ``import_roster_task``) and a reconciliation
(``request_reconciliation``, then ``reconcile_roster_task``); the pages poll ``progress``."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from tongxin.rosters import progress
from tongxin.rosters.importing import commit_batch
from tongxin.rosters.reconcile_jobs import run_job


@db_task()
def import_roster_task(batch_uuid: str) -> str | None:
    """Commit a claimed batch, publishing (done, total) after every chunk; the batch's
    status when done, or None when there was nothing to commit (already done)."""
    try:
        result = commit_batch(batch_uuid, progress=progress.publisher(batch_uuid))
    finally:
        progress.forget(batch_uuid)
    return str(result.batch.status) if result is not None else None


@db_task()
def reconcile_roster_task(job_uuid: str) -> str | None:
    """Run a queued reconciliation job, publishing (rows linked, rows); the job's status when
    done, or None when there was nothing to run."""
    try:
        job = run_job(job_uuid, progress=progress.publisher(job_uuid))
    finally:
        progress.forget(job_uuid)
    return str(job.status) if job is not None else None

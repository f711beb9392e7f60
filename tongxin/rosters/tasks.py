"""Background commit of a roster import (a page asks with ``request_commit`` and enqueues
``import_roster_task``; the page polls ``progress.live_progress``)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from tongxin.rosters import progress
from tongxin.rosters.importing import commit_batch


@db_task()
def import_roster_task(batch_uuid: str) -> str | None:
    """Commit a claimed batch, publishing (done, total) after every chunk; the batch's
    status when done, or None when there was nothing to commit (already done)."""
    try:
        result = commit_batch(batch_uuid, progress=progress.publisher(batch_uuid))
    finally:
        progress.forget(batch_uuid)
    return str(result.batch.status) if result is not None else None

"""Live progress of a batch being committed (or a reconciliation running), for a page to poll.

A commit writes everything in one database transaction, so nothing it writes, including a
progress column on the batch, is visible to another connection before it ends; on SQLite
no other connection may even write meanwhile. Live progress therefore goes to huey's
key-value store (its own SQLite file, or Redis), which the web process reads. The batch's
``progress_done``/``progress_total`` columns hold the last committed figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from huey.contrib.djhuey import HUEY

Progress = Callable[[int, int], None]  # (rows done, rows in total)


def _key(batch_uuid: Any) -> str:
    return f"tongxin.rosters.progress.{batch_uuid}"


def publisher(batch_uuid: Any) -> Progress:
    """A progress callback that publishes (done, total) for ``batch_uuid``."""

    def publish(done: int, total: int) -> None:
        HUEY.put(_key(batch_uuid), (done, total))

    return publish


def published(work_uuid: Any) -> tuple[int, int] | None:
    """The last (done, total) published for ``work_uuid``, or None before the first."""
    figures = HUEY.get(_key(work_uuid), peek=True)
    if figures is None:
        return None
    done, total = figures
    return int(done), int(total)


def live_progress(batch: Any) -> tuple[int, int]:
    """(done, total) of ``batch``: the commit's live figures while it runs, else the row's."""
    published_figures = published(batch.uuid)
    if published_figures is not None and batch.status == "committing":
        return published_figures
    return int(batch.progress_done), int(batch.progress_total)


def forget(batch_uuid: Any) -> None:
    HUEY.get(_key(batch_uuid), peek=False)

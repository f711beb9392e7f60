"""A preview saved by the upload page is committed by the background task in the name of
whoever asked: claimed once (a second click is refused), progress published after every
chunk for the page to poll, the batch and its rows then committed; running the task again
does nothing."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, SUN, TODAY, ZHAO, preview, release_notice
from tongxin.audit.models import AuditEvent
from tongxin.audit.record import Actor
from tongxin.people.models import Person
from tongxin.rosters import importing, progress
from tongxin.rosters.importing import ImportRefused, request_commit
from tongxin.rosters.models import BatchStatus, ImportRow, Outcome
from tongxin.rosters.tasks import import_roster_task


class Store:
    """Stands in for huey's key-value store, recording what the page would have seen."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.seen: list[Any] = []

    def put(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.seen.append(value)

    def get(self, key: str, peek: bool = False) -> Any:
        return self.data.get(key) if peek else self.data.pop(key, None)


def test_the_task_commits_a_claimed_preview_and_publishes_progress(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store()
    monkeypatch.setattr(progress, "HUEY", store)
    monkeypatch.setattr(importing, "COMMIT_CHUNK", 2)
    with time_machine.travel(TODAY, tick=False):
        batch = preview(world.worker_a, release_notice([ZHAO, QIAN, SUN])).batch
    assert batch.status == BatchStatus.PREVIEW and batch.progress_total == 3
    assert (
        list(ImportRow.objects.filter(batch=batch).values_list("outcome", flat=True))
        == [Outcome.CREATED] * 3
    )
    assert not Person.objects.filter(name=ZHAO.name).exists()

    actor = Actor(user=world.worker_a, channel="web")
    claimed = request_commit(actor=actor, batch_uuid=batch.uuid)
    assert claimed.status == BatchStatus.COMMITTING and claimed.committed_by == world.worker_a
    with pytest.raises(ImportRefused) as refused:
        request_commit(actor=actor, batch_uuid=batch.uuid)
    assert refused.value.message == "此批次当前状态为“导入中”,不能导入。"

    with time_machine.travel(TODAY, tick=False):
        assert import_roster_task.call_local(str(batch.uuid)) == BatchStatus.COMMITTED
    assert store.seen == [(2, 3), (3, 3)]
    assert store.data == {}  # forgotten once done: the batch's own columns say 3 of 3

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.created_count == 3
    assert progress.live_progress(batch) == (3, 3)
    rows = ImportRow.objects.filter(batch=batch).order_by("row_number")
    assert [row.person.name for row in rows] == [ZHAO.name, QIAN.name, SUN.name]
    audit = AuditEvent.objects.get(action="roster.import")
    assert (audit.actor, audit.channel) == (world.worker_a, "web")

    assert import_roster_task.call_local(str(batch.uuid)) is None
    assert Person.objects.filter(name=ZHAO.name).count() == 1

"""A commit that fails halfway leaves nothing behind: the people and cases of the chunks
already written are rolled back with the rest, and the batch is recorded as failed with a
message in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, SUN, TODAY, ZHAO, release_notice, run
from tongxin.audit.models import AuditEvent
from tongxin.people.models import Person
from tongxin.programs.models import Deadline, Enrollment, LevelChange
from tongxin.rosters import importing
from tongxin.rosters.models import BatchStatus, ImportBatch, ImportRow


def test_a_failure_in_the_last_chunk_rolls_back_the_earlier_chunks(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "COMMIT_CHUNK", 1)
    written: list[int] = []
    write = importing._Writer.write

    def write_then_fail(self: Any, plans: Sequence[importing.RowPlan]) -> None:
        write(self, plans)
        written.append(Person.objects.filter(name__in=[ZHAO.name, QIAN.name, SUN.name]).count())
        if len(written) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(importing._Writer, "write", write_then_fail)
    before = (Enrollment.objects.count(), Deadline.objects.count(), LevelChange.objects.count())
    with time_machine.travel(TODAY, tick=False), pytest.raises(RuntimeError):
        run(world.worker_a, release_notice([ZHAO, QIAN, SUN]))

    assert written == [1, 2, 3]  # each chunk was in the database before the failure
    assert not Person.objects.filter(name__in=[ZHAO.name, QIAN.name, SUN.name]).exists()
    after = (Enrollment.objects.count(), Deadline.objects.count(), LevelChange.objects.count())
    assert after == before
    assert not ImportRow.objects.exists()
    assert not AuditEvent.objects.filter(action="roster.import").exists()
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED and batch.committed_at is None
    assert batch.error_message == "导入出错,未写入任何内容。请稍后重试或联系管理员。"

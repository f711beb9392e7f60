"""Importing a file that was already imported (same kind, same agency, same bytes) creates
nothing, not even a batch, and says when and as which batch it was imported."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, TODAY, ZHAO, release_notice, run
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.people.models import Person
from tongxin.programs.models import Deadline, Enrollment
from tongxin.rosters.importing import AlreadyImported
from tongxin.rosters.models import ImportBatch, ImportRow


def test_the_second_import_of_a_file_is_refused_with_the_first_batch(world: World) -> None:
    content = release_notice([ZHAO, QIAN])
    with time_machine.travel(TODAY, tick=False):
        first = run(world.worker_a, content, file_name="三月释放.xlsx")
    written = (
        Person.objects.count(),
        Enrollment.objects.count(),
        Deadline.objects.count(),
        ImportBatch.objects.count(),
        ImportRow.objects.count(),
        AuditEvent.objects.count(),
        AccessEvent.objects.count(),
    )

    for dry_run in (False, True):
        with (
            time_machine.travel(TODAY + dt.timedelta(days=2), tick=False),
            pytest.raises(AlreadyImported) as refused,
        ):
            # Renamed, the same bytes are still the same file.
            run(world.worker_a, content, file_name="三月释放(2).xlsx", dry_run=dry_run)
        assert refused.value.previous == first.batch
        assert refused.value.message == (
            f"此文件已于 2026-03-03 17:00 导入(批次 {first.batch.uuid}),本次未导入任何内容。"
        )

    assert (
        Person.objects.count(),
        Enrollment.objects.count(),
        Deadline.objects.count(),
        ImportBatch.objects.count(),
        ImportRow.objects.count(),
        AuditEvent.objects.count(),
        AccessEvent.objects.count(),
    ) == written

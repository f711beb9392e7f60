"""Uploading a file already imported for the same kind and agency is refused on the form
with when it was imported; no new batch and nothing else is written."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, TODAY, ZHAO, release_notice, run
from tests.rosters_web_support import signed_in, upload
from tongxin.people.models import Person
from tongxin.rosters.models import BatchStatus, ImportBatch


def test_a_second_upload_of_the_same_file_is_refused(world: World) -> None:
    content = release_notice([ZHAO, QIAN])
    with time_machine.travel(TODAY, tick=False):
        first = run(world.worker_a, content).batch
        assert first.status == BatchStatus.COMMITTED
        batches, people = ImportBatch.objects.count(), Person.objects.count()
        response = upload(signed_in(world.worker_a), content)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"此文件已于 2026-03-03 17:00 导入(批次 {first.uuid}),本次未导入任何内容。" in page
    assert (ImportBatch.objects.count(), Person.objects.count()) == (batches, people)

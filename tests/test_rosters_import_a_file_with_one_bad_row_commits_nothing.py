"""One bad row rejects the whole file: no person, case, deadline or audit row is written,
only the batch and its row report, which names the row, the field and the fix in Chinese."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice, run
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.people.models import Person
from tongxin.programs.models import Deadline, Enrollment, LevelChange
from tongxin.rosters.models import BatchStatus, ImportBatch, ImportRow, Outcome


def counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Enrollment.objects.count(),
        Deadline.objects.count(),
        LevelChange.objects.count(),
        AuditEvent.objects.count(),
        AccessEvent.objects.count(),
    )


def test_one_bad_row_rejects_the_file_and_is_reported(world: World) -> None:
    before = counts()
    content = release_notice(
        [
            ZHAO,
            [world.person_a.name, world.person_a.id_number, "男", RELEASED, "盗窃罪", "某某监狱"],
            ["李四", 1.10101199003071e17, "男", RELEASED, "抢劫罪", "某某监狱"],
            QIAN,
        ]
    )
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, content)

    assert counts() == before
    batch = ImportBatch.objects.get()
    assert batch.uuid == result.batch.uuid and batch.status == BatchStatus.REJECTED
    assert batch.error_message == "1 行有误,整个文件未导入。请按行号改正后重新上传。"
    assert (batch.rejected_count, batch.valid_count, batch.created_count) == (1, 3, 0)
    assert batch.committed_at is None

    rows = {row.row_number: row for row in ImportRow.objects.filter(batch=batch)}
    assert {n: row.outcome for n, row in rows.items()} == {
        3: Outcome.VALID,
        4: Outcome.VALID,
        5: Outcome.REJECTED,
        6: Outcome.VALID,
    }
    assert rows[5].reasons == [
        {
            "field": "id_number",
            "message": "身份证号被 Excel 存成数字,后几位已丢失,请把该列设为文本后重新填写",
            "severity": "error",
            "stage": "clean",
        }
    ]
    # Nothing was matched for a rejected file, so no row names a person.
    assert all(row.person_id is None and row.enrollment_id is None for row in rows.values())

"""The same ID number twice in one file is a bad row (the later one), naming the row it
repeats: one person appears once in a roster, and nothing of the file is imported."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import QIAN, TODAY, ZHAO, release_notice, run
from tongxin.people.models import Person
from tongxin.rosters.models import BatchStatus, Outcome


def test_a_repeated_id_number_rejects_the_file_at_the_later_row(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, release_notice([ZHAO, QIAN, ZHAO]))

    assert result.batch.status == BatchStatus.REJECTED
    assert [plan.outcome for plan in result.rows] == [
        Outcome.VALID,
        Outcome.VALID,
        Outcome.REJECTED,
    ]
    assert [(r.field, r.message) for r in result.rows[2].errors] == [
        (
            "id_number",
            "与第 3 行的身份证号相同:同一人在一个名单中只能出现一次,请合并或删除重复行。",
        )
    ]
    assert not Person.objects.filter(name__in=[ZHAO.name, QIAN.name]).exists()

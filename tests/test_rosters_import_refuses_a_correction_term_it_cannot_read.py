"""A term the import cannot read, or one outside the law's limits for the supervision type,
rejects the intake file and names the column; nothing is enrolled."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import EFFECTIVE, QIAN, TODAY, ZHAO, run
from tests.rosters_support import xlsx_bytes
from tongxin.programs.models import Enrollment
from tongxin.rosters.reading import RosterKind


def test_an_unreadable_term_rejects_the_file_naming_the_column(world: World) -> None:
    content = xlsx_bytes(
        [
            ["姓名", "身份证号", "矫正类别", "判决生效日期", "矫正期限"],
            [ZHAO.name, ZHAO.id_number, "缓刑", EFFECTIVE, "一年半"],
            [QIAN.name, QIAN.id_number, "缓刑", EFFECTIVE, "9年"],
        ]
    )
    with time_machine.travel(TODAY, tick=False):
        result = run(world.worker_a, content, RosterKind.CORRECTIONS_INTAKE)

    assert result.batch.status == "rejected"
    first, second = result.rows
    assert [(r.field, r.message) for r in first.errors] == [
        ("correction_term", "矫正期限“一年半”无法识别,请写成如“1年6个月”“8个月”“2年”。")
    ]
    assert [r.field for r in second.errors] == ["correction_term"]
    assert "缓刑的矫正期限应在 2 个月到 60 个月之间" in second.errors[0].message
    assert not Enrollment.objects.filter(program="corrections").exists()

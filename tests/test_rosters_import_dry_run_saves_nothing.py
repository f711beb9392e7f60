"""``--dry-run`` reads, checks and matches the file and says what an import would do, and
saves nothing: no batch, no person, no case, no audit row of a change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice
from tongxin.audit.models import AuditEvent
from tongxin.people.models import Person
from tongxin.programs.models import Deadline, Enrollment
from tongxin.rosters.models import ImportBatch, ImportRow


def test_a_dry_run_says_what_would_happen_and_saves_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "四月释放.xlsx"
    registered = [world.person_a.name, world.person_a.id_number, "男", RELEASED, "盗窃罪", "监狱"]
    path.write_bytes(release_notice([ZHAO, QIAN, registered]))
    before = (
        Person.objects.count(),
        Enrollment.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.count(),
    )
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command(
            "import-roster",
            str(path),
            "--kind",
            "release-notice",
            "--user",
            "worker_a",
            "--dry-run",
            stdout=out,
        )

    assert out.getvalue().splitlines()[0] == (
        "试导入“四月释放.xlsx”,未写入任何内容。共 3 行:新建档案 2、匹配已有人员 1。"
    )
    after = (
        Person.objects.count(),
        Enrollment.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert not ImportBatch.objects.exists() and not ImportRow.objects.exists()

    with pytest.raises(CommandError) as refused:
        call_command(
            "import-roster",
            str(path),
            "--kind",
            "release-notice",
            "--user",
            "worker_a",
            "--dry-run",
            "--report",
            str(tmp_path / "r.xlsx"),
            stdout=io.StringIO(),
        )
    assert str(refused.value) == "试导入不保存批次,不能导出行报告;请去掉 --dry-run 或 --report。"
    assert not (tmp_path / "r.xlsx").exists()

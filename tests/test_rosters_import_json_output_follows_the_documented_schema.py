"""``tongxin import-roster --format json`` prints exactly one JSON document, whatever
happens, and every document conforms to the schema in docs/import-roster-json.md (so do the
examples there); its rows and ids are those of the database."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import time_machine
from django.core.management import CommandError, call_command

from tests.json_schema_support import json_blocks, problems
from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice, run
from tongxin.lib.resident_id import make_number
from tongxin.rosters.models import ImportRow

DOC = "import-roster-json.md"
SCHEMA = json_blocks(DOC, "## Schema")[0]


def command_json(path: Path, *options: str, user: str = "worker_a") -> tuple[dict[str, Any], bool]:
    """The parsed stdout (the whole of it must be one document) and whether it failed."""
    out, failed = io.StringIO(), False
    try:
        with time_machine.travel(TODAY, tick=False):
            call_command(
                "import-roster",
                str(path),
                "--kind",
                "release-notice",
                "--user",
                user,
                "--format",
                "json",
                *options,
                stdout=out,
                stderr=io.StringIO(),
            )
    except CommandError:
        failed = True
    document = json.loads(out.getvalue())
    assert problems(document, SCHEMA) == []
    return document, failed


def test_the_documented_examples_conform_to_the_schema() -> None:
    examples = json_blocks(DOC, "## Example")
    assert len(examples) == 2
    for example in examples:
        assert problems(example, SCHEMA) == []
    # The checker does catch what breaks the schema.
    broken = {**examples[0], "status": "done", "extra": 1}
    assert len(problems(broken, SCHEMA)) == 2


def test_every_outcome_of_the_command_is_one_conforming_document(
    world: World, tmp_path: Path
) -> None:
    with time_machine.travel(TODAY, tick=False):
        run(world.worker_a, release_notice([QIAN]))
    registered = [world.person_a.name, world.person_a.id_number, "男", RELEASED, "盗窃罪", "监狱"]
    look_alike = ["张东明", make_number("110101", world.person_a.birth_date, 55, "M"), "男"]
    elsewhere = ["王某", world.patient_a.id_number, "女", RELEASED, "盗窃罪", "监狱"]
    again = [QIAN.name, QIAN.id_number, "女", RELEASED, "盗窃罪", "监狱"]
    good = tmp_path / "四月释放.xlsx"
    good.write_bytes(release_notice([ZHAO, registered, again, [*look_alike, RELEASED], elsewhere]))

    preview, failed = command_json(good, "--dry-run")
    assert not failed and preview["status"] == "preview" and preview["batch"]["id"] is None
    assert [row["person_id"] for row in preview["rows"]][:2] == [None, str(world.person_a.uuid)]

    document, failed = command_json(good)
    assert not failed and document["status"] == "committed"
    assert [row["outcome"] for row in document["rows"]] == [
        "created",
        "matched",
        "unchanged",
        "possible_duplicate",
        "exists_elsewhere",
    ]
    stored = {
        row.row_number: row
        for row in ImportRow.objects.filter(batch__uuid=document["batch"]["id"]).select_related(
            "person", "enrollment"
        )
    }
    for row in document["rows"][:3]:
        assert row["person_id"] == str(stored[row["row"]].person.uuid)
        assert row["enrollment_id"] == str(stored[row["row"]].enrollment.uuid)
    assert document["rows"][3]["candidate_ids"] == [str(world.person_a.uuid)]
    assert document["counts"]["created"] == 1 and document["counts"]["rejected"] == 0

    repeated, failed = command_json(good)
    assert not failed and repeated["status"] == "already_imported"
    assert repeated["batch"]["id"] == document["batch"]["id"] and repeated["rows"] == []

    bad = tmp_path / "有误.xlsx"
    bad.write_bytes(release_notice([ZHAO, ["李四", "123", "男", RELEASED]]))
    rejected, failed = command_json(bad)
    assert failed and rejected["status"] == "rejected"
    assert rejected["rows"][1]["reasons"] == [
        {
            "field": "id_number",
            "field_label": "身份证号",
            "message": "身份证号码应为 18 位(或 15 位旧号码),现在是 3 位。",
            "severity": "error",
        }
    ]

    refused, failed = command_json(bad, user="police_a")
    assert failed and refused["status"] == "refused" and refused["batch"] is None
    assert refused["message"] == "名单只能由司法所或司法局导入,东城派出所不能导入名单。"

    missing, failed = command_json(tmp_path / "没有这个文件.xlsx")
    assert failed and missing["status"] == "refused"
    assert missing["message"].startswith("无法读取文件“")

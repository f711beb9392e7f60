"""``tongxin reconcile --format json`` prints exactly one JSON document, reconciled or
refused, and it conforms to the schema in docs/reconcile-json.md (so does the example
there); its rows, people and worklist items are those of the database, and it carries no
name, ID number or address."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.json_schema_support import json_blocks, problems
from tests.personas import World
from tests.reconcile_support import (
    TODAY,
    open_corrections,
    police_roster,
    row_for,
    stranger_row,
    township_a_person,
)
from tongxin.rosters.models import Discrepancy, DiscrepancyKind, ReconciliationRun

DOC = "reconcile-json.md"
SCHEMA = json_blocks(DOC, "## Schema")[0]


def command_json(path: Path, user: str = "worker_a") -> tuple[dict[str, Any], bool]:
    out, failed = io.StringIO(), False
    try:
        with time_machine.travel(TODAY, tick=False):
            call_command(
                "reconcile",
                str(path),
                "--against",
                "police-roster",
                "--user",
                user,
                "--format",
                "json",
                stdout=out,
                stderr=io.StringIO(),
            )
    except CommandError:
        failed = True
    document = json.loads(out.getvalue())
    assert problems(document, SCHEMA) == []
    return document, failed


def test_the_documented_example_conforms_to_the_schema() -> None:
    examples = json_blocks(DOC, "## Example")
    assert len(examples) == 1
    assert problems(examples[0], SCHEMA) == []
    broken = {**examples[0], "status": "done", "extra": 1}
    assert len(problems(broken, SCHEMA)) == 2


@pytest.mark.django_db
def test_a_reconciled_roster_is_one_conforming_document_of_the_saved_run(
    world: World, tmp_path: Path
) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        moved = township_a_person(world, "陈立新", 41, dt.date(1983, 4, 9))
        open_corrections(world, moved, world.worker_a)
        absent = township_a_person(world, "刘海", 42, dt.date(1990, 10, 1))
        open_corrections(world, absent, world.worker_a)
    path = tmp_path / "列管名单.xlsx"
    path.write_bytes(
        police_roster(
            [
                row_for(world.person_a),
                row_for(moved, address="东城村88号"),
                stranger_row("吴新", 51, "西山乡西山村5号"),
                ["", "110101198808081235", "男", "", "", ""],
            ]
        )
    )

    document, failed = command_json(path)

    assert not failed and document["status"] == "reconciled"
    run = ReconciliationRun.objects.get()
    assert document["run"]["id"] == str(run.uuid)
    assert document["run"]["agency"] == "东城镇司法所"
    assert document["counts"] == run.counts and run.row_count == 4
    assert [(m["row"], m["person_id"]) for m in document["matched"]] == [
        (3, str(world.person_a.uuid)),
        (4, str(moved.uuid)),
    ]
    [mismatch] = document["mismatches"]
    assert (mismatch["row"], mismatch["fields"]) == (4, ["residence_address"])
    [roster_only] = document["roster_only"]
    item = Discrepancy.objects.get(uuid=roster_only["discrepancy_id"])
    assert (item.kind, item.row_number, roster_only["agency"]) == (
        DiscrepancyKind.ROSTER_ONLY,
        5,
        "西山乡司法所",
    )
    assert [r["person_id"] for r in document["registry_only"]] == [str(absent.uuid)]
    [invalid] = document["invalid_rows"]
    assert invalid["row"] == 6 and invalid["reasons"][0]["field"] == "name"
    text = json.dumps(document, ensure_ascii=False)
    for secret in ("张东明", "吴新", "东城村88号", world.person_a.id_number or "-"):
        assert secret not in text


@pytest.mark.django_db
def test_a_refused_reconciliation_is_one_conforming_document_and_saves_nothing(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "列管名单.xlsx"
    path.write_bytes(police_roster([row_for(world.person_a)]))

    document, failed = command_json(path, user="police_a")

    assert failed and document["status"] == "refused" and document["run"] is None
    assert "司法所或司法局" in document["message"]
    assert not ReconciliationRun.objects.exists()

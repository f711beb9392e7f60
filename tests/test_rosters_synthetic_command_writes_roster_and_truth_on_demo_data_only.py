"""``tongxin synthetic-roster`` writes the roster (.xlsx, text cells, Chinese headers) and
its truth (.json, person UUIDs) from a demo database, and audits it; on a database that
``tongxin demo`` did not load it refuses and writes nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from tests.personas import World
from tests.rosters_registry_support import load_registry, roster_command
from tongxin.audit.models import AccessEvent
from tongxin.people.models import Person
from tongxin.rosters.synthetic import HEADERS


def run(tmp_path: Path) -> tuple[Path, Path]:
    out, truth = tmp_path / "roster.xlsx", tmp_path / "truth.json"
    call_command(
        roster_command("synthetic-roster"),
        "--people", "120", "--out", str(out), "--truth", str(truth), "--seed", "8",
    )  # fmt: skip
    return out, truth


def test_writes_the_roster_and_its_truth(db: None, tmp_path: Path) -> None:
    load_registry()
    out, truth_file = run(tmp_path)

    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert tuple(sheet[0]) == HEADERS
    assert len(sheet) == 121
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    assert truth["seed"] == 8
    assert [entry["row"] for entry in truth["rows"]] == list(range(2, 122))
    real = [entry for entry in truth["rows"] if entry["person"]]
    assert len(real) == 96
    people = {
        str(p.uuid): p
        for p in Person.objects.filter(uuid__in=[uuid.UUID(e["person"]) for e in real])
    }
    for entry in real:
        written = sheet[entry["row"] - 1]
        person = people[entry["person"]]
        if not entry["perturbations"]:
            assert written[0] == person.name
            assert written[2] == person.birth_date.isoformat()
            assert written[3] == person.id_number  # text, every digit kept
    event = AccessEvent.objects.get(action="rosters.synthetic_roster")
    assert event.details["rows"] == 120 and event.details["registry_rows"] == 96


def test_refuses_a_database_not_loaded_by_the_demo(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tongxin demo"):
        run(tmp_path)
    assert not (tmp_path / "roster.xlsx").exists()
    assert not AccessEvent.objects.filter(action="rosters.synthetic_roster").exists()

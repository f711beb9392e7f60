"""POST /api/v1/rosters/imports answers the document ``tongxin import-roster --format json``
prints for the same file: a dry run's exactly, a commit's up to the ids the commit creates;
a rejected file answers 422 with the errors by row and field and the same document."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from tests.api_rosters_support import IMPORTS, RosterCaller
from tests.personas import World
from tests.roster_import_support import QIAN, RELEASED, TODAY, ZHAO, release_notice
from tongxin.people.models import Person
from tongxin.rosters.models import BatchStatus, ImportBatch

FILE_NAME = "三月释放通知.xlsx"


def command_document(path: Path, *options: str) -> dict[str, Any]:
    out = io.StringIO()
    # A rejected file fails the command; its document is on stdout all the same.
    with contextlib.suppress(CommandError):
        call_command(
            "import-roster",
            str(path),
            "--kind",
            "release-notice",
            "--user",
            "worker_a",
            "--format",
            "json",
            *options,
            stdout=out,
            stderr=io.StringIO(),
        )
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


class Undo(Exception):
    pass


def without_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document with the ids a commit creates (batch, people, cases) blanked out."""
    blank = json.loads(json.dumps(document))
    blank["batch"]["id"] = "…"
    for row in blank["rows"]:
        assert row["person_id"] and row["enrollment_id"]
        row["person_id"] = row["enrollment_id"] = "…"
    return blank


@pytest.mark.django_db
def test_a_dry_run_answers_the_commands_document(world: World, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(release_notice([ZHAO, QIAN]))
    with time_machine.travel(TODAY, tick=False):
        expected = command_document(path, "--dry-run")
        response = RosterCaller(world.worker_a).upload(
            IMPORTS, path.read_bytes(), FILE_NAME, kind="release-notice", dry_run="true"
        )
    assert response.status_code == 200, response.content
    assert response.json() == expected
    assert expected["status"] == "preview" and expected["dry_run"] is True
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_commit_answers_the_commands_document(world: World, tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(release_notice([ZHAO, QIAN]))
    with time_machine.travel(TODAY, tick=False):
        try:
            with transaction.atomic():
                expected = command_document(path)
                raise Undo
        except Undo:
            pass
        assert not Person.objects.filter(name=ZHAO.name).exists()
        response = RosterCaller(world.worker_a).upload(
            IMPORTS, path.read_bytes(), FILE_NAME, kind="release-notice"
        )
    assert response.status_code == 200, response.content
    document = response.json()
    assert document["status"] == "committed"
    assert without_ids(document) == without_ids(expected)
    batch = ImportBatch.objects.get()
    assert document["batch"]["id"] == str(batch.uuid) and batch.status == BatchStatus.COMMITTED
    assert {row["person_id"] for row in document["rows"]} == {
        str(p.uuid) for p in Person.objects.filter(name__in=[ZHAO.name, QIAN.name])
    }


@pytest.mark.django_db
def test_a_rejected_file_answers_422_naming_the_row_and_field(world: World) -> None:
    content = release_notice(
        [ZHAO, ["李四", 1.10101199003071e17, "男", RELEASED, "抢劫罪", "某某监狱"]]
    )
    with time_machine.travel(TODAY, tick=False):
        response = RosterCaller(world.worker_a).upload(
            IMPORTS, content, FILE_NAME, kind="release-notice"
        )
    assert response.status_code == 422
    body = response.json()
    [(field, [message])] = body["errors"].items()
    assert field == "rows.4.id_number"
    assert message.startswith("第 4 行 身份证号:身份证号被 Excel 存成数字")
    assert body["document"]["status"] == "rejected"
    assert not Person.objects.filter(name=ZHAO.name).exists()


@pytest.mark.django_db
def test_an_unknown_kind_and_a_second_import_are_refused(world: World) -> None:
    caller = RosterCaller(world.worker_a)
    content = release_notice([ZHAO])
    with time_machine.travel(TODAY, tick=False):
        unknown = caller.upload(IMPORTS, content, FILE_NAME, kind="prison-list")
        first = caller.upload(IMPORTS, content, FILE_NAME, kind="release-notice")
        again = caller.upload(IMPORTS, content, FILE_NAME, kind="release-notice")
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["kind"][0].startswith("名单类型“prison-list”无效")
    assert first.status_code == 200
    assert again.status_code == 409
    assert again.json()["document"]["status"] == "already_imported"
    assert ImportBatch.objects.count() == 1

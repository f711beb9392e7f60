"""POST /api/v1/rosters/reconciliations runs the reconciliation and answers the document
``tongxin reconcile --format json`` prints (schema docs/reconcile-json.md); the run and its
worklist items can then be read, each read writing its AccessEvent; a partner's hashed
roster names the partner and links by hash; a refusal answers 422 and writes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.api_rosters_support import RECONCILIATIONS, RosterCaller
from tests.json_schema_support import json_blocks, problems
from tests.personas import World
from tests.reconcile_support import open_corrections, police_roster, row_for
from tests.reconcile_web_support import FILE_NAME, frozen, township_with_each_kind
from tongxin.audit.models import AccessEvent
from tongxin.rosters.keyed_hash import HASH_HEADER, hash_id, partner_key
from tongxin.rosters.models import Discrepancy, ReconciliationRun

SCHEMA = json_blocks("reconcile-json.md", "## Schema")[0]


@pytest.mark.django_db
def test_the_answer_is_the_commands_document(world: World, tmp_path: Path) -> None:
    township = township_with_each_kind(world)
    path = tmp_path / FILE_NAME
    path.write_bytes(township.roster)
    with frozen():
        response = RosterCaller(world.worker_a).upload(RECONCILIATIONS, township.roster, FILE_NAME)
        out = io.StringIO()
        call_command(
            "reconcile", str(path), "--against", "police-roster", "--user", "worker_a",
            "--format", "json", stdout=out,
        )  # fmt: skip
    assert response.status_code == 200, response.content
    document, expected = response.json(), json.loads(out.getvalue())
    assert problems(document, SCHEMA) == []
    first, second = ReconciliationRun.objects.order_by("id")
    assert document["run"]["id"] == str(first.uuid)
    assert expected["run"]["id"] == str(second.uuid)
    # The command ran second, on the same file: the same findings, every open item linked
    # (the same ids) rather than added again.
    for part in ("roster_only", "registry_only", "mismatches", "review"):
        assert [i["discrepancy_id"] for i in document[part]] == [
            i["discrepancy_id"] for i in expected[part]
        ]
    assert document["counts"] == expected["counts"]
    assert document["matched"] == expected["matched"]
    assert all(item["new"] for item in document["roster_only"] + document["review"])
    assert not any(item["new"] for item in expected["roster_only"] + expected["review"])
    assert Discrepancy.objects.count() == 5


@pytest.mark.django_db
def test_the_run_and_its_items_are_read_with_their_access_events(world: World) -> None:
    township = township_with_each_kind(world)
    caller = RosterCaller(world.worker_a)
    with frozen():
        run_id = caller.upload(RECONCILIATIONS, township.roster, FILE_NAME).json()["run"]["id"]
        run = caller.get(f"{RECONCILIATIONS}/{run_id}")
        items = caller.get(f"{RECONCILIATIONS}/{run_id}/discrepancies")
    assert run.status_code == 200 and run.json()["counts"]["roster_only"] == 2
    page = items.json()
    assert page["total"] == 5
    kinds = sorted(item["kind"] for item in page["items"])
    assert kinds == ["mismatch", "registry_only", "review", "roster_only", "roster_only"]
    [mismatch] = [item for item in page["items"] if item["kind"] == "mismatch"]
    assert mismatch["person_id"] == str(township.moved.uuid)
    assert mismatch["fields"] == ["person_category", "residence_address"]
    assert "东城村88号" not in items.content.decode()  # names of fields, never values
    event = AccessEvent.objects.filter(action="roster.worklist").latest("id")
    assert event.channel == "api"
    assert sorted(event.object_ids) == sorted(item["id"] for item in page["items"])
    assert str(township.absent.uuid) in event.details["people"]
    assert AccessEvent.objects.filter(action="roster.reconcile.run", object_ids=[run_id]).exists()


@pytest.mark.django_db
def test_a_partners_hashed_roster_names_the_partner(world: World) -> None:
    header = ["序号", "姓名", HASH_HEADER, "性别", "居住地", "人员类别", "所属派出所"]
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        key = partner_key("东城派出所")
        row = row_for(world.person_a, id_number=hash_id(world.person_a.id_number or "", key))
        response = RosterCaller(world.worker_a).upload(
            RECONCILIATIONS, police_roster([row], header=header), FILE_NAME, partner="东城派出所"
        )
    document = response.json()
    assert response.status_code == 200
    assert document["run"]["partner_key"] is True
    assert [m["person_id"] for m in document["matched"]] == [str(world.person_a.uuid)]


@pytest.mark.django_db
def test_a_refusal_answers_422_and_writes_nothing(world: World) -> None:
    with frozen():
        police = RosterCaller(world.police_a).upload(
            RECONCILIATIONS, police_roster([row_for(world.person_a)]), FILE_NAME
        )
        unknown = RosterCaller(world.worker_a).upload(
            RECONCILIATIONS, police_roster([row_for(world.person_a)]), FILE_NAME, against="x"
        )
    assert police.status_code == 422
    assert police.json()["document"]["status"] == "refused"
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["against"] == ["不能与“x”核对,可选:police-roster。"]
    assert not ReconciliationRun.objects.exists()

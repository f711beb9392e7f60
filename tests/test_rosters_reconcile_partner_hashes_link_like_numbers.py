"""A police station that may not hand over ID numbers sends keyed hashes (身份证号哈希
column, ``tongxin hash-ids``): with the partner's key file the rows link to their people
by hash; under another key they match nobody, and without the key the file is refused
and the message says to choose the hashed kind and give the key."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.personas import World
from tests.reconcile_support import TODAY, open_corrections, police_roster, reconcile, row_for
from tongxin.rosters.keyed_hash import HASH_HEADER, hash_id, key_file_text, partner_key
from tongxin.rosters.models import DiscrepancyKind, ReconciliationRun
from tongxin.rosters.reconciling import ReconcileRefused

HASHED_HEADER = ["序号", "姓名", HASH_HEADER, "性别", "居住地", "人员类别", "所属派出所"]
KEY = partner_key("东城派出所")


def hashed_roster(world: World, key: bytes) -> bytes:
    row = row_for(world.person_a, id_number=hash_id(world.person_a.id_number or "", key))
    return police_roster([row], header=HASHED_HEADER)


@pytest.mark.django_db
def test_hashed_rows_link_by_hash_with_the_partners_key(world: World, tmp_path: Path) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
    roster, key_file = tmp_path / "列管名单-哈希.xlsx", tmp_path / "东城派出所.key"
    roster.write_bytes(hashed_roster(world, KEY))
    key_file.write_text(key_file_text(KEY), encoding="ascii")

    with time_machine.travel(TODAY, tick=False):
        call_command(
            "reconcile",
            str(roster),
            "--against",
            "police-roster",
            "--user",
            "worker_a",
            "--partner-key",
            str(key_file),
            stdout=io.StringIO(),
        )

    run = ReconciliationRun.objects.get()
    assert run.used_partner_key and run.matched_count == 1
    assert not run.discrepancies.exists()


@pytest.mark.django_db
def test_a_hash_under_another_key_matches_nobody(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        result = reconcile(
            world.worker_a, hashed_roster(world, partner_key("别的派出所")), partner_key=KEY
        )

    assert result.matched == []
    assert [d.kind for d in result.discrepancies] == [
        DiscrepancyKind.ROSTER_ONLY,
        DiscrepancyKind.REGISTRY_ONLY,
    ]


@pytest.mark.django_db
def test_a_hashed_roster_without_the_key_is_refused_and_saves_nothing(world: World) -> None:
    with pytest.raises(ReconcileRefused) as refused:
        reconcile(world.worker_a, hashed_roster(world, KEY))

    assert "身份证号哈希" in refused.value.message and "--partner-key" in refused.value.message
    assert refused.value.field == "identifiers"
    assert not ReconciliationRun.objects.exists()


@pytest.mark.django_db
def test_a_bad_key_file_is_refused_in_chinese(world: World, tmp_path: Path) -> None:
    roster, key_file = tmp_path / "列管名单-哈希.xlsx", tmp_path / "bad.key"
    roster.write_bytes(hashed_roster(world, KEY))
    key_file.write_text("not a key", encoding="ascii")

    with pytest.raises(CommandError) as failed:
        call_command(
            "reconcile",
            str(roster),
            "--against",
            "police-roster",
            "--user",
            "worker_a",
            "--partner-key",
            str(key_file),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert "密钥文件应为 64 位十六进制字符" in str(failed.value)
    assert not ReconciliationRun.objects.exists()

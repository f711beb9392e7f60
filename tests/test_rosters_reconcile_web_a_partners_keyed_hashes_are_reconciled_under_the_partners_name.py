"""A police station that sends keyed hashes instead of ID numbers: the officer picks "哈希"
and names the partner; the county derives the partner's key from that name (no key is
typed or uploaded) and the rows link by hash. A hashed file without the partner's name is
refused on the form, so is a hashed file sent as plain numbers (naming the option to choose),
and under another partner's name the rows match nobody."""

from __future__ import annotations

import pytest

from tests.personas import World
from tests.reconcile_support import open_corrections, police_roster, row_for
from tests.reconcile_web_support import frozen, latest_job, signed_in, upload_to_reconcile
from tests.rosters_web_support import run_tasks_inline
from tongxin.rosters.keyed_hash import HASH_HEADER, hash_id, partner_key
from tongxin.rosters.models import DiscrepancyKind, JobStatus, ReconciliationJob

HASHED_HEADER = ["序号", "姓名", HASH_HEADER, "性别", "居住地", "人员类别", "所属派出所"]


def hashed_roster(world: World) -> bytes:
    key = partner_key("东城派出所")
    row = row_for(world.person_a, id_number=hash_id(world.person_a.id_number or "", key))
    return police_roster([row], header=HASHED_HEADER)


@pytest.mark.django_db
def test_the_partners_hashes_link_like_numbers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        upload_to_reconcile(signed_in(world.worker_a), hashed_roster(world), partner="东城派出所")
    job = latest_job()
    assert job.status == JobStatus.DONE and job.partner == "东城派出所"
    assert job.run is not None and job.run.used_partner_key
    assert job.run.matched_count == 1 and not job.run.discrepancies.exists()


@pytest.mark.django_db
def test_under_another_partners_name_nobody_matches(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        upload_to_reconcile(signed_in(world.worker_a), hashed_roster(world), partner="西山派出所")
    run = latest_job().run
    assert run is not None and run.matched_count == 0
    assert {item.kind for item in run.discrepancies.all()} == {
        DiscrepancyKind.ROSTER_ONLY,
        DiscrepancyKind.REGISTRY_ONLY,
    }


@pytest.mark.django_db
def test_a_hashed_file_needs_the_partners_name(world: World) -> None:
    with frozen():
        response = upload_to_reconcile(signed_in(world.worker_a), hashed_roster(world), partner="")
    assert response.status_code == 400
    assert "请填写提供身份证号哈希的合作单位名称。" in response.content.decode()
    assert not ReconciliationJob.objects.exists()


@pytest.mark.django_db
def test_a_hashed_file_sent_as_plain_numbers_is_refused_naming_the_option_to_choose(
    world: World,
) -> None:
    with frozen():
        response = upload_to_reconcile(signed_in(world.worker_a), hashed_roster(world))
    assert response.status_code == 400
    page = response.content.decode()
    assert "这份名单的身份证号列是“身份证号哈希”" in page
    assert "请选择“合作单位生成的身份证号哈希”并填写合作单位名称" in page
    assert not ReconciliationJob.objects.exists()

"""Every roster import route, used by every persona, does what tests/permission_matrix.py
says: 东城镇司法所's batches for that office and the county 司法局 over it; 确认导入 for the
office's writers only; 404, no file name, no person's name and no audit row for everyone
else, and their 名单导入 list shows none of the office's batches."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.permission_matrix import IMPORT_BATCH_A, ROUTES
from tests.personas import World
from tests.roster_import_support import QIAN, SUN, TODAY, ZHAO, preview, release_notice, run
from tests.rosters_web_support import run_tasks_inline, signed_in
from tongxin.audit.models import AccessEvent
from tongxin.rosters.models import BatchStatus, ImportBatch

KINDS = ("import_batch", "import_batch_commit")
READ_ROUTES = ("rosters:batch", "rosters:progress", "rosters:report")


def test_the_test_calls_every_route_of_its_kinds() -> None:
    ours = {name for name, kind in ROUTES.items() if kind in KINDS}
    assert ours == {*READ_ROUTES, "rosters:commit"}


@pytest.mark.parametrize("persona", sorted(IMPORT_BATCH_A))
def test_batch_routes_follow_the_matrix(world: World, persona: str) -> None:
    may_read, _may_commit = IMPORT_BATCH_A[persona]
    with time_machine.travel(TODAY, tick=False):
        committed = run(world.worker_a, release_notice([ZHAO, QIAN]), file_name="东城三月.xlsx")
    assert committed.batch.status == BatchStatus.COMMITTED
    client = signed_in(getattr(world, persona))
    for route in READ_ROUTES:
        before = AccessEvent.objects.count()
        response = client.get(reverse(route, args=[committed.batch.uuid]))
        body = response.content.decode(errors="replace")
        if may_read:
            assert response.status_code == 200, route
        else:
            assert response.status_code == 404, route
            assert "东城三月" not in body and ZHAO.name not in body and QIAN.name not in body
            assert AccessEvent.objects.count() == before, route
    listing = client.get(reverse("rosters:index")).content.decode()
    assert ("东城三月.xlsx" in listing) is may_read


@pytest.mark.parametrize("persona", sorted(IMPORT_BATCH_A))
def test_confirm_follows_the_matrix(
    world: World, persona: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    may_read, may_commit = IMPORT_BATCH_A[persona]
    with time_machine.travel(TODAY, tick=False):
        batch = preview(world.worker_a, release_notice([SUN])).batch
        client = signed_in(getattr(world, persona))
        response = client.post(reverse("rosters:commit", args=[batch.uuid]), follow=True)
    status = ImportBatch.objects.get(pk=batch.pk).status
    if may_commit:
        assert status == BatchStatus.COMMITTED
    elif may_read:
        assert status == BatchStatus.PREVIEW
        assert "只有东城镇司法所有写入权限的工作人员可以确认导入此批次。" in (
            response.content.decode()
        )
    else:
        assert response.status_code == 404
        assert status == BatchStatus.PREVIEW

"""While a confirmed batch is being committed, its page shows a progress bar that polls the
progress fragment every second with the rows done of the total; once committed the fragment
answers with the final state and no polling trigger, so the polling stops."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.personas import World
from tests.roster_import_support import QIAN, SUN, TODAY, ZHAO, preview, release_notice
from tests.rosters_web_support import run_tasks_inline, signed_in
from tongxin.audit.record import Actor
from tongxin.rosters import progress
from tongxin.rosters.importing import request_commit
from tongxin.rosters.tasks import import_roster_task


def test_progress_polls_while_committing_and_stops_when_done(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    client = signed_in(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        batch = preview(world.worker_a, release_notice([ZHAO, QIAN, SUN])).batch
        request_commit(actor=Actor(user=world.worker_a, channel="web"), batch_uuid=batch.uuid)
        # What the task publishes after its first chunk.
        progress.publisher(batch.uuid)(2, 3)
        fragment_url = reverse("rosters:progress", args=[batch.uuid])

        page = client.get(reverse("rosters:batch", args=[batch.uuid])).content.decode()
        assert f'hx-get="{fragment_url}" hx-trigger="every 1s"' in page
        running = client.get(fragment_url).content.decode()
        assert 'hx-trigger="every 1s"' in running
        assert "正在导入:已处理 2 / 3 行" in running
        assert '<progress value="2" max="3">' in running

        assert import_roster_task.call_local(str(batch.uuid)) == "committed"
        done = client.get(fragment_url).content.decode()
    assert "hx-trigger" not in done and "hx-get" not in done
    assert "已导入" in done and "已处理 3 / 3 行" in done
    assert "新建档案:3" in done

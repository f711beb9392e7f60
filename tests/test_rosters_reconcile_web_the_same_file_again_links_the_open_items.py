"""Uploading the same police roster again on the 名单核对 page makes a second run, but the
items still open are linked to it rather than added again, so the worklist does not grow;
the second run's worklist lists the same items."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import World
from tests.reconcile_web_support import (
    frozen,
    latest_job,
    signed_in,
    township_with_each_kind,
    upload_to_reconcile,
)
from tests.rosters_web_support import run_tasks_inline
from tongxin.rosters.models import Discrepancy, ReconciliationRun


@pytest.mark.django_db
def test_a_second_upload_relinks_the_open_items(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    township = township_with_each_kind(world)
    with frozen():
        client = signed_in(world.worker_a)
        upload_to_reconcile(client, township.roster)
        first = latest_job().run
        items = set(Discrepancy.objects.values_list("uuid", flat=True))
        upload_to_reconcile(client, township.roster)
        second = latest_job().run
        worklist = client.get(reverse("reconcile:worklist"), {"run": str(second.uuid)})

    assert first is not None and second is not None and first != second
    assert ReconciliationRun.objects.count() == 2
    assert set(Discrepancy.objects.values_list("uuid", flat=True)) == items
    assert set(Discrepancy.objects.filter(last_run=second).values_list("uuid", flat=True)) == items
    assert second.roster_only_count == first.roster_only_count == 2
    assert worklist.content.decode().count('name="resolution"') == len(items)

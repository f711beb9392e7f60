"""The worklist page shows an open mismatch with what the roster and the registry say,
names what it showed in one access-audit row, and records a resolution from its form; a
refused resolution is explained in Chinese and saves nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.personas import World
from tests.reconcile_support import TODAY, open_corrections, police_roster, reconcile, row_for
from tongxin.audit.models import AccessEvent
from tongxin.rosters.models import Discrepancy, DiscrepancyStatus


def mismatch(world: World) -> Discrepancy:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        result = reconcile(
            world.worker_a, police_roster([row_for(world.person_a, address="东城村99号")])
        )
    [item] = result.discrepancies
    return item


@pytest.mark.django_db
def test_the_worklist_shows_both_values_and_audits_what_it_showed(world: World) -> None:
    item = mismatch(world)
    client = Client()
    client.force_login(world.worker_a)

    body = client.get("/rosters/worklist/").content.decode()

    assert "信息不一致" in body and "张东明" in body
    assert "名单“东城村99号”" in body and "登记“东城村11号”" in body
    assert "确认为同一人" not in body  # a mismatch is corrected or already known
    [access] = AccessEvent.objects.filter(action="roster.worklist")
    assert access.object_ids == [str(item.uuid)]
    assert access.details["people"] == [str(world.person_a.uuid)]


@pytest.mark.django_db
def test_the_form_records_the_resolution(world: World) -> None:
    item = mismatch(world)
    client = Client()
    client.force_login(world.worker_a)

    response = client.post(
        f"/rosters/worklist/{item.uuid}/resolve/",
        {"resolution": "corrected", "note": "已更新居住地"},
        follow=True,
    )

    assert "已记录处理结果:已更正。" in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.note_text) == (DiscrepancyStatus.RESOLVED, "已更新居住地")
    assert "东城村99号" not in response.content.decode()  # resolved items leave the list


@pytest.mark.django_db
def test_a_refused_resolution_is_explained_and_saves_nothing(world: World) -> None:
    item = mismatch(world)
    client = Client()
    client.force_login(world.worker_a)

    response = client.post(
        f"/rosters/worklist/{item.uuid}/resolve/", {"resolution": "registered"}, follow=True
    )

    assert "处理结果无效:“信息不一致”可选 “已更正”、“已掌握”。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == DiscrepancyStatus.OPEN and item.resolution == ""

"""A worklist item is resolved once, with a resolution that fits its kind and an encrypted
note; the resolution is audited. The run itself writes one audit row and one access row
naming the registered people it discloses."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404

from tests.personas import World
from tests.reconcile_support import (
    TODAY,
    act,
    open_corrections,
    police_roster,
    reconcile,
    row_for,
    stranger_row,
)
from tongxin.audit.models import AccessEvent, AuditEvent
from tongxin.rosters.models import Discrepancy, DiscrepancyKind, DiscrepancyStatus, Resolution
from tongxin.rosters.reconciling import ReconcileRefused, resolve_discrepancy

LATER = dt.datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def reconciled(world: World) -> Discrepancy:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        result = reconcile(
            world.worker_a,
            police_roster([row_for(world.person_a), stranger_row("郑远", 52, "外省某市")]),
        )
    [item] = result.of_kind(DiscrepancyKind.ROSTER_ONLY)
    return item


@pytest.mark.django_db
def test_the_run_writes_one_audit_row_and_one_access_row(world: World) -> None:
    audits_before = AuditEvent.objects.filter(action="roster.reconcile").count()

    item = reconciled(world)

    [audit] = AuditEvent.objects.filter(action="roster.reconcile")
    assert audits_before == 0
    assert audit.object_ids == [str(item.run.uuid)]
    assert audit.details["counts"]["roster_only"] == 1
    assert audit.details["discrepancies_new"] == [str(item.uuid)]
    [access] = AccessEvent.objects.filter(action="roster.reconcile")
    assert access.object_ids == [str(world.person_a.uuid)]


@pytest.mark.django_db
def test_a_resolution_is_saved_with_its_note_and_audited(world: World) -> None:
    item = reconciled(world)

    with time_machine.travel(LATER, tick=False):
        resolve_discrepancy(
            act(world.worker_a), item.uuid, Resolution.REGISTERED, "  已登记建档,转入社区矫正。 "
        )

    item.refresh_from_db()
    assert item.status == DiscrepancyStatus.RESOLVED
    assert item.resolution == Resolution.REGISTERED
    assert item.note_text == "已登记建档,转入社区矫正。"
    assert item.resolved_by == world.worker_a
    assert item.resolved_at is not None and item.resolved_at.date() == dt.date(2026, 3, 5)
    [audit] = AuditEvent.objects.filter(action="roster.discrepancy.resolve")
    assert audit.object_ids == [str(item.uuid)]
    assert audit.details["resolution"] == "registered"
    assert "已登记建档" not in str(audit.details)  # the note stays encrypted in its row


@pytest.mark.django_db
def test_a_resolution_of_another_kind_is_refused_and_changes_nothing(world: World) -> None:
    item = reconciled(world)

    with pytest.raises(ReconcileRefused) as refused:
        resolve_discrepancy(act(world.worker_a), item.uuid, Resolution.CONFIRMED_MATCH)

    assert refused.value.field == "resolution"
    assert "“已登记建档”" in refused.value.message
    item.refresh_from_db()
    assert item.status == DiscrepancyStatus.OPEN
    assert not AuditEvent.objects.filter(action="roster.discrepancy.resolve").exists()


@pytest.mark.django_db
def test_a_resolved_item_is_not_resolved_again(world: World) -> None:
    item = reconciled(world)
    with time_machine.travel(LATER, tick=False):
        resolve_discrepancy(act(world.worker_a), item.uuid, Resolution.NOT_OURS)

        with pytest.raises(ReconcileRefused) as refused:
            resolve_discrepancy(act(world.worker_a), item.uuid, Resolution.REGISTERED)

    assert "已于 2026-03-05 10:00 处理为“非本辖区”" in refused.value.message
    item.refresh_from_db()
    assert item.resolution == Resolution.NOT_OURS


@pytest.mark.django_db
def test_a_reader_may_not_resolve(world: World) -> None:
    item = reconciled(world)

    with pytest.raises(Http404):
        resolve_discrepancy(act(world.procurator), item.uuid, Resolution.REGISTERED)

    item.refresh_from_db()
    assert item.status == DiscrepancyStatus.OPEN

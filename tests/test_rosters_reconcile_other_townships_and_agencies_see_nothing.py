"""A run and its worklist are seen by the running 司法所 and the county 司法局 over it; a
roster-only row assigned to another township's 司法所 is that office's alert (it sees and
resolves that item, nothing else of the run). Other agencies and users without membership
see nothing and get 404; a 派出所 or a 卫生院 may not reconcile at all."""

from __future__ import annotations

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
from tongxin.access import policy
from tongxin.rosters.models import DiscrepancyKind, DiscrepancyStatus, Resolution
from tongxin.rosters.reconciling import (
    ReconcileRefused,
    ReconcileResult,
    open_worklist_count,
    resolve_discrepancy,
)


def reconciled(world: World) -> ReconcileResult:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        return reconcile(
            world.worker_a,
            police_roster(
                [
                    row_for(world.person_a, address="东城村99号"),
                    stranger_row("吴新", 51, "西山乡西山村5号"),
                    stranger_row("郑远", 52, "外省某市"),
                ]
            ),
        )


@pytest.mark.django_db
def test_the_running_office_and_the_county_see_the_run_and_all_its_items(world: World) -> None:
    result = reconciled(world)

    for user in (world.worker_a, world.county_supervisor):
        assert list(policy.reconciliations_visible_to(user)) == [result.run]
        assert policy.discrepancies_visible_to(user).count() == 3
        assert open_worklist_count(user) == 3


@pytest.mark.django_db
def test_the_other_townships_office_sees_only_the_alert_assigned_to_it(world: World) -> None:
    result = reconciled(world)
    [alert] = [item for item in result.of_kind(DiscrepancyKind.ROSTER_ONLY) if item.row_number == 4]

    assert alert.agency == world.justice_office_b
    assert not policy.reconciliations_visible_to(world.worker_b).exists()
    assert list(policy.discrepancies_visible_to(world.worker_b)) == [alert]
    assert open_worklist_count(world.worker_b) == 1
    others = [item for item in result.discrepancies if item != alert]
    for item in others:
        with pytest.raises(Http404):
            policy.get_discrepancy_for_user(world.worker_b, item.uuid)
        with pytest.raises(Http404):
            resolve_discrepancy(act(world.worker_b), item.uuid, Resolution.ALREADY_KNOWN)

    resolve_discrepancy(act(world.worker_b), alert.uuid, Resolution.ALREADY_KNOWN, "已在本所建档")

    alert.refresh_from_db()
    assert alert.status == DiscrepancyStatus.RESOLVED
    assert open_worklist_count(world.worker_b) == 0


@pytest.mark.django_db
def test_other_agencies_and_outsiders_see_nothing_and_get_404(world: World) -> None:
    result = reconciled(world)

    for user in (
        world.police_a,
        world.health_a,
        world.civil_officer,
        world.procurator,
        world.outsider,
    ):
        assert not policy.reconciliations_visible_to(user).exists()
        assert not policy.discrepancies_visible_to(user).exists()
        assert open_worklist_count(user) == 0
        for item in result.discrepancies:
            with pytest.raises(Http404):
                policy.get_discrepancy_for_user(user, item.uuid)
            with pytest.raises(Http404):
                resolve_discrepancy(act(user), item.uuid, Resolution.ALREADY_KNOWN)
    assert all(item.status == DiscrepancyStatus.OPEN for item in result.discrepancies)


@pytest.mark.django_db
def test_a_police_station_or_a_health_centre_may_not_reconcile(world: World) -> None:
    content = police_roster([row_for(world.person_a)])

    for user in (world.police_a, world.health_a, world.outsider):
        with pytest.raises(ReconcileRefused) as refused:
            reconcile(user, content)
        assert "名单" in refused.value.message

    assert not policy.reconciliations_visible_to(world.county_supervisor).exists()


@pytest.mark.django_db
def test_another_townships_run_does_not_reach_into_township_a(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        open_corrections(world, world.person_a, world.worker_a)
        result = reconcile(world.worker_b, police_roster([row_for(world.person_a)]))

    # person_a is outside 西山乡's scope: not matched, not disclosed; the row's address names
    # 东城村, so it is 东城镇司法所's item to check.
    assert result.matched == []
    [item] = result.discrepancies
    assert (item.kind, item.agency, item.person) == (
        DiscrepancyKind.ROSTER_ONLY,
        world.justice_office_a,
        None,
    )

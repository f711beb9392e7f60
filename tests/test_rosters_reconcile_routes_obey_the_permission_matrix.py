"""The reconciliation worklist routes as every persona: the worklist shows an item only to
the agencies that may see it; resolving an item assigned to 东城镇司法所 (from its own run)
is for that office's writers — everyone else gets 404, sees no name and changes nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.permission_matrix import ROUTES
from tests.personas import World
from tests.reconcile_support import TODAY, police_roster, reconcile, stranger_row
from tongxin.audit.models import AuditEvent
from tongxin.rosters.models import Discrepancy, DiscrepancyStatus

OUR_KINDS = {"discrepancy_action"}
CALLED = {"reconcile:resolve"}
# persona → (sees the item on the worklist, may resolve it)
RECONCILE_A = {
    "worker_a": (True, True),
    "county_supervisor": (True, False),
    "procurator": (False, False),
    "worker_b": (False, False),
    "police_a": (False, False),
    "health_a": (False, False),
    "civil_officer": (False, False),
    "outsider": (False, False),
}


def roster_only_item(world: World) -> Discrepancy:
    with time_machine.travel(TODAY, tick=False):
        result = reconcile(world.worker_a, police_roster([stranger_row("郑远", 52, "外省某市")]))
    [item] = result.discrepancies
    return item


def test_every_route_of_our_kinds_is_called() -> None:
    assert {route for route, kind in ROUTES.items() if kind in OUR_KINDS} == CALLED


@pytest.mark.parametrize("persona", sorted(RECONCILE_A))
def test_each_persona_sees_and_resolves_only_what_the_matrix_says(
    world: World, persona: str
) -> None:
    item = roster_only_item(world)
    sees, resolves = RECONCILE_A[persona]
    client = Client()
    client.force_login(getattr(world, persona))

    page = client.get("/rosters/worklist/")
    assert page.status_code == 200
    assert ("郑远" in page.content.decode()) == sees, persona

    response = client.post(
        f"/rosters/worklist/{item.uuid}/resolve/", {"resolution": "not_ours", "note": "外省人员"}
    )
    item.refresh_from_db()
    if resolves:
        assert response.status_code == 302
        assert (item.status, item.resolution) == (DiscrepancyStatus.RESOLVED, "not_ours")
    else:
        assert response.status_code == 404, (persona, response.status_code)
        assert "郑远" not in response.content.decode()
        assert item.status == DiscrepancyStatus.OPEN
        assert not AuditEvent.objects.filter(action="roster.discrepancy.resolve").exists()

"""POST /api/v1/rosters/discrepancies/{id}/resolve records a resolution through the
worklist's action (audited); a resolution the kind does not take answers 422 naming the
field; resolving an item someone resolved meanwhile answers 409 and keeps the first."""

from __future__ import annotations

import pytest

from tests.api_rosters_support import DISCREPANCIES, RosterCaller
from tests.personas import World
from tests.reconcile_support import police_roster, reconcile, stranger_row
from tests.reconcile_web_support import frozen
from tongxin.audit.models import AuditEvent
from tongxin.rosters.models import DiscrepancyStatus


@pytest.mark.django_db
def test_resolve_then_stale_resolve(world: World) -> None:
    with frozen():
        [item] = reconcile(
            world.worker_a, police_roster([stranger_row("郑远", 52, "外省某市")])
        ).discrepancies
        first, second = RosterCaller(world.worker_a), RosterCaller(world.worker_a)
        url = f"{DISCREPANCIES}/{item.uuid}/resolve"
        wrong = first.post_json(url, {"resolution": "corrected"})
        done = first.post_json(url, {"resolution": "not_ours", "note": "外省人员"})
        stale = second.post_json(url, {"resolution": "registered"})

    assert wrong.status_code == 422
    assert list(wrong.json()["errors"]) == ["resolution"]
    assert wrong.json()["errors"]["resolution"][0].startswith("处理结果无效")
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["resolution"]) == ("resolved", "not_ours")
    assert stale.status_code == 409
    assert "不能再次处理" in stale.json()["detail"]
    item.refresh_from_db()
    assert (item.status, item.resolution) == (DiscrepancyStatus.RESOLVED, "not_ours")
    assert AuditEvent.objects.filter(action="roster.discrepancy.resolve").count() == 1

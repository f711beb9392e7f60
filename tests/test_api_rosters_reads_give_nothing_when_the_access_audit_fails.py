"""The rosters API's reads (an import batch, a run, its items) and the web page's results
workbook write their AccessEvent before anything leaves: if that write fails the caller gets
an error and no name, public id or file name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api_rosters_support import IMPORTS, RECONCILIATIONS
from tests.api_support import token_for
from tests.personas import World
from tests.reconcile_support import open_corrections, police_roster, reconcile, row_for
from tests.reconcile_web_support import frozen
from tests.roster_import_support import ZHAO, release_notice, run
from tongxin.access import disclosure
from tongxin.rosters import reconcile_report


class AuditDown(RuntimeError):
    pass


def refuse(**kwargs: object) -> None:
    raise AuditDown("audit database unavailable")


@pytest.mark.django_db
def test_nothing_leaves_without_its_access_event(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        result = reconcile(world.worker_a, police_roster([row_for(world.person_a, address="别处")]))
        batch = run(world.worker_a, release_notice([ZHAO]), file_name="东城释放.xlsx").batch
    monkeypatch.setattr(disclosure, "record_disclosure", refuse)
    monkeypatch.setattr(reconcile_report, "record_disclosure", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(world.worker_a)
    headers = {"Authorization": f"Bearer {token_for(world.worker_a)}"}
    run_url = f"{RECONCILIATIONS}/{result.run.uuid}"
    with frozen():
        responses = [
            client.get(f"{IMPORTS}/{batch.uuid}", headers=headers),
            client.get(run_url, headers=headers),
            client.get(f"{run_url}/discrepancies", headers=headers),
            client.get(reverse("reconcile:run_report", args=[result.run.uuid])),
        ]
    for response in responses:
        assert response.status_code == 500
        body = response.content.decode(errors="replace")
        for secret in (ZHAO.name, "东城释放", world.person_a.name, str(world.person_a.uuid)):
            assert secret not in body
        assert "列管名单" not in body

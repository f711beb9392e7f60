"""Every new reconciliation page and rosters API route, used by every persona, does what
tests/permission_matrix.py says: 东城镇司法所's run, job and import batch for that office and
the county 司法局 over it, its items resolved by the office's writers only; 404, no file
name, no person's name and no AccessEvent for everyone else, and their lists show nothing of
the office's. Uploads through the API are for writers of a 司法所 or 司法局 (else 422 and
nothing written), and answer about the caller's own scope only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api_rosters_support import (
    DISCREPANCIES,
    IMPORTS,
    RECONCILIATIONS,
    RosterCaller,
)
from tests.permission_matrix import RECONCILIATION_RUN_A, ROSTER_UPLOAD, ROUTES
from tests.personas import World
from tests.reconcile_support import open_corrections, police_roster, row_for, stranger_row
from tests.reconcile_web_support import frozen, latest_job, signed_in, upload_to_reconcile
from tests.roster_import_support import ZHAO, release_notice, run
from tests.rosters_web_support import run_tasks_inline
from tongxin.audit.models import AccessEvent
from tongxin.rosters.models import (
    DiscrepancyStatus,
    ImportBatch,
    ReconciliationJob,
    ReconciliationRun,
)

KINDS = ("reconciliation_run", "import_batch_api", "discrepancy_api", "roster_upload")
WEB_READS = ("reconcile:job", "reconcile:job_progress", "reconcile:run", "reconcile:run_report")
FILE = "东城列管三月.xlsx"


def test_the_test_calls_every_route_of_its_kinds() -> None:
    ours = {name for name, kind in ROUTES.items() if kind in KINDS}
    assert ours == {
        *WEB_READS,
        "api:get_reconciliation",
        "api:list_run_discrepancies",
        "api:get_import_batch",
        "api:resolve_run_discrepancy",
        "api:import_roster_file",
        "api:reconcile_roster_file",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(RECONCILIATION_RUN_A))
def test_a_run_of_township_a_follows_the_matrix(
    world: World, persona: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    may_read, may_resolve = RECONCILIATION_RUN_A[persona]
    user = getattr(world, persona)
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        roster = police_roster([row_for(world.person_a, address="东城村99号")])
        upload_to_reconcile(signed_in(world.worker_a), roster, file_name=FILE)
        job = latest_job()
        batch = run(world.worker_a, release_notice([ZHAO]), file_name="东城释放.xlsx").batch
        assert job.run is not None
        [item] = job.run.discrepancies.all()
        client, api = signed_in(user), RosterCaller(user)
        before = AccessEvent.objects.count()
        answers = {
            route: client.get(reverse(route, args=[job.run.uuid if "run" in route else job.uuid]))
            for route in WEB_READS
        }
        answers["worklist"] = client.get(reverse("reconcile:worklist"), {"run": job.run.uuid})
        answers["api run"] = api.get(f"{RECONCILIATIONS}/{job.run.uuid}")
        answers["api items"] = api.get(f"{RECONCILIATIONS}/{job.run.uuid}/discrepancies")
        answers["api batch"] = api.get(f"{IMPORTS}/{batch.uuid}")
        if not may_read:
            assert AccessEvent.objects.count() == before, persona
        listing = client.get(reverse("reconcile:index")).content.decode()
        resolved = api.post_json(
            f"{DISCREPANCIES}/{item.uuid}/resolve", {"resolution": "corrected"}
        )

    for route, response in answers.items():
        body = response.content.decode(errors="replace")
        if may_read:
            assert response.status_code in (200, 302), (persona, route)
        else:
            assert response.status_code == 404, (persona, route, response.status_code)
            for secret in (FILE, world.person_a.name, str(world.person_a.uuid), ZHAO.name):
                assert secret not in body, (persona, route, secret)
    assert (FILE in listing) is may_read
    item.refresh_from_db()
    if may_resolve:
        assert resolved.status_code == 200 and item.status == DiscrepancyStatus.RESOLVED
    else:
        assert resolved.status_code == 404, (persona, resolved.status_code)
        assert item.status == DiscrepancyStatus.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(ROSTER_UPLOAD))
def test_uploads_through_the_api_follow_the_matrix(world: World, persona: str) -> None:
    may_upload, sees_person_a = ROSTER_UPLOAD[persona]
    api = RosterCaller(getattr(world, persona))
    with frozen():
        open_corrections(world, world.person_a, world.worker_a)
        reconciled = api.upload(
            RECONCILIATIONS,
            police_roster([row_for(world.person_a), stranger_row("郑远", 52, "外省某市")]),
            FILE,
        )
        imported = api.upload(IMPORTS, release_notice([ZHAO]), "释放.xlsx", kind="release-notice")
    if not may_upload:
        assert reconciled.status_code == 422 and imported.status_code == 422, persona
        assert reconciled.json()["document"]["status"] == "refused"
        assert not ReconciliationRun.objects.exists() and not ImportBatch.objects.exists()
        return
    assert reconciled.status_code == 200 and imported.status_code == 200, persona
    matched = [m["person_id"] for m in reconciled.json()["matched"]]
    assert (str(world.person_a.uuid) in matched) is sees_person_a
    assert (str(world.person_a.uuid) in reconciled.content.decode()) is sees_person_a
    assert not ReconciliationJob.objects.exists()

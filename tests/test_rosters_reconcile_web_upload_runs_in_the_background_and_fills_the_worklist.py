"""A 司法所 writer uploads a police roster on the 名单核对 page: the reconciliation runs as a
background task (inline in tests) behind a progress page, which then leads to the run's
summary with its counts, and the worklist filtered to the run lists each item with its kind.
The job lets go of the file once done."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.personas import World
from tests.reconcile_web_support import (
    FILE_NAME,
    frozen,
    latest_job,
    signed_in,
    township_with_each_kind,
    upload_to_reconcile,
)
from tests.rosters_web_support import run_tasks_inline
from tongxin.audit.models import AuditEvent
from tongxin.rosters.models import DiscrepancyKind, JobStatus


@pytest.mark.django_db
def test_upload_progress_summary_and_worklist(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_tasks_inline(monkeypatch)
    township = township_with_each_kind(world)
    with frozen():
        client = signed_in(world.worker_a)
        response = upload_to_reconcile(client, township.roster)
        fragment = client.get(reverse("reconcile:job_progress", args=[latest_job().uuid]))
        summary = client.get(reverse("reconcile:job", args=[latest_job().uuid]), follow=True)
        worklist = client.get(reverse("reconcile:worklist"), {"run": str(latest_job().run.uuid)})
        listing = client.get(reverse("reconcile:index")).content.decode()

    job = latest_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("reconcile:job", args=[job.uuid])
    assert job.status == JobStatus.DONE and job.content_text is None
    assert AuditEvent.objects.filter(action="roster.reconcile.request").count() == 1
    run = job.run
    assert run is not None and run.file_name == FILE_NAME and run.run_by == world.worker_a
    assert run.counts == {
        "rows": 5,
        "matched": 2,
        "review": 1,
        "roster_only": 2,
        "registry_only": 1,
        "mismatch": 1,
        "invalid": 0,
    }

    assert fragment["HX-Redirect"] == reverse("reconcile:run", args=[run.uuid])
    page = summary.content.decode()
    assert summary.redirect_chain[-1][0] == reverse("reconcile:run", args=[run.uuid])
    assert "名单有、登记无(疑似漏管)</th><td>2</td>" in page
    assert "登记有、名单无</th><td>1</td>" in page
    assert "信息不一致</th><td>1</td>" in page
    assert "疑似同一人,待确认</th><td>1</td>" in page
    assert f"{reverse('reconcile:worklist')}?run={run.uuid}" in page

    listed = worklist.content.decode()
    for kind in DiscrepancyKind:
        assert str(kind.label) in listed, kind
    for name in (township.moved.name, township.absent.name, township.lookalike.name, "郑远"):
        assert name in listed
    assert FILE_NAME in listing and reverse("reconcile:run", args=[run.uuid]) in listing


@pytest.mark.django_db
def test_the_progress_fragment_polls_while_the_job_waits(world: World) -> None:
    """Without a worker the job stays queued: the page shows the polling fragment."""
    township = township_with_each_kind(world)
    with frozen():
        client = signed_in(world.worker_a)
        upload_to_reconcile(client, township.roster)
        job = latest_job()
        page = client.get(reverse("reconcile:job", args=[job.uuid])).content.decode()
        fragment = client.get(reverse("reconcile:job_progress", args=[job.uuid]))

    assert job.status == JobStatus.QUEUED and job.run is None
    assert f'hx-get="{reverse("reconcile:job_progress", args=[job.uuid])}"' in page
    assert "HX-Redirect" not in fragment

"""A worker who writes for two 司法所 picks which one imports: the batch belongs to the
office chosen, and an agency outside the worker's memberships is refused on the form."""

from __future__ import annotations

import time_machine

from tests.personas import World
from tests.roster_import_support import TODAY, ZHAO, release_notice
from tests.rosters_web_support import latest_batch, signed_in, upload
from tongxin.organisation.models import Membership, Role
from tongxin.rosters.models import BatchStatus, ImportBatch


def test_the_chosen_office_imports_and_another_agency_is_refused(world: World) -> None:
    Membership.objects.create(
        user=world.worker_a,
        agency=world.justice_office_b,
        role=Role.WORKER,
        jurisdiction=world.justice_office_b.region,
    )
    client = signed_in(world.worker_a)
    page = client.get("/rosters/").content.decode()
    assert "导入机构" in page
    assert world.justice_office_a.name in page and world.justice_office_b.name in page

    with time_machine.travel(TODAY, tick=False):
        refused = upload(client, release_notice([ZHAO]), agency=world.police_station_a.pk)
        assert refused.status_code == 400
        assert not ImportBatch.objects.exists()

        upload(client, release_notice([ZHAO]), agency=world.justice_office_b.pk)
    batch = latest_batch()
    assert batch.agency == world.justice_office_b and batch.status == BatchStatus.PREVIEW

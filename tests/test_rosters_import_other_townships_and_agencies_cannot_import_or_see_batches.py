"""Only a writing member of a 司法所 or 司法局 imports, and only for their own agency; a batch
is seen by its agency and the county 司法局 over it, by nobody else (404, nothing in the
body, no access-audit row), and committed only by a writing member of its agency."""

from __future__ import annotations

import pytest
import time_machine
from django.http import Http404

from tests.personas import World
from tests.roster_import_support import QIAN, TODAY, ZHAO, preview, release_notice, run
from tongxin.access import policy
from tongxin.audit.models import AccessEvent
from tongxin.audit.record import Actor
from tongxin.people.models import Person
from tongxin.rosters.importing import ImportRefused, request_commit
from tongxin.rosters.models import BatchStatus, ImportBatch
from tongxin.rosters.report import write_report


def test_only_justice_staff_import_and_only_for_their_own_agency(world: World) -> None:
    content = release_notice([ZHAO])
    refusals = {
        "worker_b": "您不是东城镇司法所有写入权限的工作人员,不能以该机构的名义导入名单。",
        "police_a": "名单只能由司法所或司法局导入,东城派出所不能导入名单。",
        "health_a": "名单只能由司法所或司法局导入,东城镇卫生院不能导入名单。",
        "civil_officer": "名单只能由司法所或司法局导入,测试县民政局不能导入名单。",
        "procurator": "您没有任何机构的写入权限,不能导入名单。",
        "outsider": "您没有任何机构的写入权限,不能导入名单。",
    }
    for username, message in refusals.items():
        user = getattr(world, username)
        agency = world.justice_office_a if username == "worker_b" else None
        with time_machine.travel(TODAY, tick=False), pytest.raises(ImportRefused) as refused:
            run(user, content, agency=agency)
        assert refused.value.message == message, username
    assert not ImportBatch.objects.exists()
    assert not Person.objects.filter(name=ZHAO.name).exists()


def test_a_batch_is_seen_by_its_agency_and_county_only(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        committed = run(world.worker_a, release_notice([ZHAO])).batch
        waiting = preview(world.worker_a, release_notice([QIAN])).batch
    assert policy.get_import_batch_for_user(world.worker_a, committed.uuid) == committed
    assert policy.get_import_batch_for_user(world.county_supervisor, committed.uuid) == committed

    reports_before = AccessEvent.objects.filter(action="roster.report").count()
    for username in ("worker_b", "police_a", "health_a", "civil_officer", "procurator", "outsider"):
        user = getattr(world, username)
        assert not policy.import_batches_visible_to(user).exists(), username
        with pytest.raises(Http404):
            policy.get_import_batch_for_user(user, committed.uuid)
        with pytest.raises(Http404):
            write_report(actor=Actor(user=user, channel="web"), batch_uuid=committed.uuid)
    assert AccessEvent.objects.filter(action="roster.report").count() == reports_before

    # Committing a preview: a writing member of the importing agency, nobody else.
    for user in (world.worker_b, world.county_supervisor, world.police_a):
        with pytest.raises(Http404):
            request_commit(actor=Actor(user=user, channel="web"), batch_uuid=waiting.uuid)
    waiting.refresh_from_db()
    assert waiting.status == BatchStatus.PREVIEW and waiting.committed_by is None

"""A good release notice uploaded on 名单导入 is checked and previewed (nothing written),
then 确认导入 commits it through the background task: new people and 安置帮教 cases pending
handover, and the batch page names them with links."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.personas import World
from tests.roster_import_support import QIAN, TODAY, ZHAO, release_notice
from tests.rosters_web_support import latest_batch, run_tasks_inline, signed_in, upload
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment
from tongxin.rosters.models import BatchStatus


def test_upload_previews_and_confirm_commits(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    run_tasks_inline(monkeypatch)
    client = signed_in(world.worker_a)
    with time_machine.travel(TODAY, tick=False):
        response = upload(client, release_notice([ZHAO, QIAN]), file_name="三月释放.xlsx")
        batch = latest_batch()
        assert response.status_code == 302
        assert response["Location"] == reverse("rosters:batch", args=[batch.uuid])
        assert batch.status == BatchStatus.PREVIEW
        assert not Person.objects.filter(name__in=[ZHAO.name, QIAN.name]).exists()

        page = client.get(response["Location"]).content.decode()
        assert "三月释放.xlsx" in page and "待确认导入" in page
        assert "新建档案" in page and "确认导入" in page
        assert ZHAO.name not in page  # not registered yet: the preview names nobody

        committed = client.post(reverse("rosters:commit", args=[batch.uuid]))
        assert committed.status_code == 302
        batch.refresh_from_db()
        assert batch.status == BatchStatus.COMMITTED and batch.created_count == 2

        people = Person.objects.filter(name__in=[ZHAO.name, QIAN.name])
        assert people.count() == 2
        cases = Enrollment.objects.filter(person__in=people)
        assert cases.count() == 2
        assert {case.status for case in cases} == {"pending_handover"}

        page = client.get(reverse("rosters:batch", args=[batch.uuid])).content.decode()
        assert "已导入" in page and "确认导入" not in page
        for person in people:
            assert reverse("people:detail", args=[person.uuid]) in page
            assert person.name in page
        for case in cases:
            assert reverse("programs:case", args=[case.uuid]) in page

"""The 名单导入 form and nav link are for writers of a 司法所 or 司法局; everyone else sees
why they cannot import, no form and no link, and a posted file is not imported."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.personas import World
from tests.roster_import_support import TODAY, ZHAO, release_notice
from tests.rosters_web_support import signed_in, upload
from tongxin.rosters.models import ImportBatch

EXPLANATION = "名单只能由司法所或司法局有写入权限的工作人员导入。您的任职不能导入名单。"


@pytest.mark.parametrize("persona", ["worker_a", "county_supervisor"])
def test_justice_writers_get_the_form_and_the_link(world: World, persona: str) -> None:
    client = signed_in(getattr(world, persona))
    page = client.get(reverse("rosters:index")).content.decode()
    assert 'enctype="multipart/form-data"' in page and EXPLANATION not in page
    assert "刑满释放人员通知书" in page and "社区矫正人员交付名单" in page
    assert f'<a href="{reverse("rosters:index")}">名单导入</a>' in page


@pytest.mark.parametrize(
    "persona", ["police_a", "health_a", "civil_officer", "procurator", "outsider"]
)
def test_others_get_an_explanation_and_cannot_import(world: World, persona: str) -> None:
    client = signed_in(getattr(world, persona))
    page = client.get(reverse("rosters:index")).content.decode()
    assert EXPLANATION in page and 'enctype="multipart/form-data"' not in page
    assert f'<a href="{reverse("rosters:index")}">名单导入</a>' not in page
    with time_machine.travel(TODAY, tick=False):
        posted = upload(client, release_notice([ZHAO]))
    assert EXPLANATION in posted.content.decode()
    assert not ImportBatch.objects.exists()

"""Through the API a 司法所 worker flags a case lost, records searches, notifies the police and
marks the person found, all through the case's address; every refusal is a 422 naming the
field in Chinese with nothing saved, and a case outside the caller's scope is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from tests.api_programs_support import access_seq, access_since, audit_seq, case_url
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import reported_corrections_case
from tongxin.programs.models import Enrollment, LostContact, SearchAction

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _chinese_on_a_frozen_day() -> Iterator[None]:
    translation.activate("zh-hans")
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def case(world: World) -> Enrollment:
    return reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )


def refused(response: Any, field: str) -> str:
    assert response.status_code == 422, response.content
    message: str = response.json()["errors"][field][0]
    return message


def test_a_worker_works_an_episode_from_flag_to_found(world: World, case: Enrollment) -> None:
    api = caller(world.worker_a)
    url = case_url(case, "lost-contact")

    flagged = api.post(url, {"since_on": "2026-05-04"})
    assert flagged.status_code == 201
    assert flagged.json()["lost_contact_since"] == "2026-05-04"
    [episode] = flagged.json()["episodes"]
    assert (episode["days_absconded"], episode["found_on"]) == (16, None)

    assert "2026-05-04" in refused(api.post(url, {"since_on": "2026-05-10"}), "since_on")

    searched = api.post(
        f"{url}/searches", {"on_date": "2026-05-05", "method": "phone", "outcome": "关机"}
    )
    assert searched.status_code == 201
    assert searched.json()["episodes"][0]["searches"][0]["outcome"] == "关机"
    before = audit_seq()
    assert "通报公安" in refused(
        api.post(f"{url}/searches", {"on_date": "2026-05-05", "method": "police", "outcome": "x"}),
        "method",
    )
    assert "东城派出所" in refused(api.post(f"{url}/police", {"on_date": "2026-05-06"}), "note")
    assert "格式不正确" in refused(api.post(f"{url}/found", {"found_on": "5月18日"}), "found_on")
    assert audit_seq() == before and SearchAction.objects.count() == 1

    notified = api.post(f"{url}/police", {"on_date": "2026-05-06", "note": "东城派出所协查"})
    assert notified.status_code == 200
    assert notified.json()["episodes"][0]["police_notified_on"] == "2026-05-06"

    found = api.post(f"{url}/found", {"found_on": "2026-05-18"})
    assert found.status_code == 200
    body = found.json()
    assert body["lost_contact_since"] is None
    assert (body["episodes"][0]["found_on"], body["episodes"][0]["days_absconded"]) == (
        "2026-05-18",
        14,
    )

    # Only the open episode takes searches: with none open, the case says so.
    assert "请先登记失联" in refused(
        api.post(f"{url}/searches", {"on_date": "2026-05-19", "method": "phone", "outcome": "y"}),
        "__all__",
    )

    seq = access_seq()
    read = api.get(url)
    assert read.status_code == 200 and len(read.json()["episodes"]) == 1
    [event] = access_since(seq)
    assert (event.action, event.object_ids) == ("lost_contact.view", [str(case.uuid)])


def test_another_township_gets_404_and_changes_nothing(world: World, case: Enrollment) -> None:
    api = caller(world.worker_b)
    url = case_url(case, "lost-contact")
    before = audit_seq()  # after issuing the token, which is audited
    for response in (
        api.get(url),
        api.post(url, {"since_on": "2026-05-04"}),
        api.post(f"{url}/searches", {"on_date": "2026-05-05", "method": "phone", "outcome": "x"}),
        api.post(f"{url}/police", {"on_date": "2026-05-05", "note": "东城派出所"}),
        api.post(f"{url}/found", {"found_on": "2026-05-06"}),
    ):
        assert response.status_code == 404
        assert "张东明" not in response.content.decode()
        assert str(case.uuid) not in response.content.decode()
    assert audit_seq() == before and not LostContact.objects.exists()


def test_an_unknown_case_is_a_404(world: World) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert caller(world.worker_a).get(case_url(missing, "lost-contact")).status_code == 404

"""Through the API a corrections case's measures come with the current suggestions; the
county supervisor decides the suggested warning (201) and the suggestion is gone; a
township worker is refused with 422 and the Chinese reason, missing evidence is a 422 on its
field, and a case outside the caller's scope is a 404 — nothing saved in any refusal."""

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
from tests.programs_support import act, reported_corrections_case
from tongxin.programs.lost_contact import flag_lost_contact
from tongxin.programs.models import Enrollment, Measure

SINCE = dt.date(2026, 5, 4)
TODAY = SINCE + dt.timedelta(days=11)
WARNING = {
    "kind": "warning",
    "decided_on": TODAY.isoformat(),
    "reason": "脱离监管十一日",
    "evidence": "查找记录、派出所回执",
    "suggestion": "脱离监管超过10日",
}


@pytest.fixture(autouse=True)
def _chinese_on_a_frozen_day() -> Iterator[None]:
    translation.activate("zh-hans")
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9, 0)), tick=False):
        yield


@pytest.fixture
def absconded(world: World) -> Enrollment:
    case = reported_corrections_case(
        world, effective=dt.date(2026, 3, 2), reported=dt.date(2026, 3, 9)
    )
    flag_lost_contact(actor=act(world.worker_a), enrollment_uuid=case.uuid, since_on=SINCE)
    return case


def refused(response: Any, field: str) -> str:
    assert response.status_code == 422, response.content
    message: str = response.json()["errors"][field][0]
    return message


def test_the_worker_reads_the_suggestion_but_only_the_county_decides(
    world: World, absconded: Enrollment
) -> None:
    url = case_url(absconded, "measures")
    worker = caller(world.worker_a)
    seq = access_seq()
    listed = worker.get(url)
    assert listed.status_code == 200
    assert listed.json() == {
        "case": str(absconded.uuid),
        "may_decide": False,
        "suggestions": [{"kind": "warning", "kind_label": "警告", "reason": "脱离监管超过10日"}],
        "measures": [],
    }
    [event] = access_since(seq)
    assert (event.action, event.object_ids) == ("measure.list", [str(absconded.uuid)])

    supervisor = caller(world.county_supervisor)
    before = audit_seq()
    assert "由县级社区矫正机构决定" in refused(worker.post(url, WARNING), "__all__")
    assert "证据材料" in refused(supervisor.post(url, {**WARNING, "evidence": ""}), "evidence")
    assert refused(supervisor.post(url, {**WARNING, "kind": "detention"}), "kind") == (
        "请选择奖惩类别。"
    )
    assert audit_seq() == before and not Measure.objects.exists()

    decided = supervisor.post(url, WARNING)
    assert decided.status_code == 201
    body = decided.json()
    assert body["may_decide"] is True and body["suggestions"] == []
    [measure] = body["measures"]
    assert (measure["kind"], measure["decided_by"], measure["evidence"], measure["suggestion"]) == (
        "warning",
        "county_supervisor",
        "查找记录、派出所回执",
        "脱离监管超过10日",
    )


def test_another_township_or_agency_gets_404_and_saves_nothing(
    world: World, absconded: Enrollment
) -> None:
    url = case_url(absconded, "measures")
    callers = {p: caller(getattr(world, p)) for p in ("worker_b", "health_a", "civil_officer")}
    before = audit_seq()  # after issuing the tokens, which is audited
    for persona, api in callers.items():
        for response in (api.get(url), api.post(url, WARNING)):
            assert response.status_code == 404, persona
            assert "张东明" not in response.content.decode()
    assert audit_seq() == before and not Measure.objects.exists()

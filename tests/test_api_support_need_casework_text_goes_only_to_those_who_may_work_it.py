"""A need's note, outcome, history notes and measures are casework: the procuratorate, which
reads the file but does not work it, gets the need's status, dates and history without them."""

from __future__ import annotations

from tests.api_referrals_support import day, need_path
from tests.api_support import caller
from tests.personas import World
from tests.referrals_support import TODAY, allowance_need, on

NOTE = "刑满释放后无收入,家中老母年迈"  # allowance_need's note
MEASURE = "联系村委会协助准备低保申请材料"


def test_casework_text_is_for_those_who_work_the_need(world: World) -> None:
    need = allowance_need(world)
    with on(TODAY):
        worker = caller(world.worker_a)
        recorded = worker.post(
            need_path(need, "measures"), {"description": MEASURE, "started_on": day()}
        )
        for_worker = worker.get(need_path(need)).json()
        for_procurator = caller(world.procurator).get(need_path(need)).json()
    assert recorded.status_code == 201
    assert (for_worker["note"], for_worker["measures"][0]["description"]) == (NOTE, MEASURE)
    assert [h["to_status"] for h in for_worker["history"]] == ["identified", "in_progress"]
    assert for_procurator["status"] == "in_progress"
    assert [h["to_status"] for h in for_procurator["history"]] == ["identified", "in_progress"]
    assert for_procurator["note"] is None
    assert [m["description"] for m in for_procurator["measures"]] == [None]
    assert [m["provider_agency"] for m in for_procurator["measures"]] == ["东城镇司法所"]
    text = str(for_procurator)
    assert NOTE not in text and MEASURE not in text

"""A need's note, outcome, history and measures are welfare casework of the sector that
owns the file: its writers get all of it; the procuratorate and the police, who read the
person's corrections file, get 404 and nothing of the need."""

from __future__ import annotations

from tests.api_referrals_support import day, need_path
from tests.api_support import caller
from tests.personas import World
from tests.referrals_support import TODAY, allowance_need, on

NOTE = "刑满释放后无收入,家中老母年迈"  # allowance_need's note
MEASURE = "联系村委会协助准备低保申请材料"


def test_the_files_writers_get_the_need_and_its_readers_nothing(world: World) -> None:
    need = allowance_need(world)
    with on(TODAY):
        worker = caller(world.worker_a)
        recorded = worker.post(
            need_path(need, "measures"), {"description": MEASURE, "started_on": day()}
        )
        for_worker = worker.get(need_path(need)).json()
        for_supervisor = caller(world.county_supervisor).get(need_path(need)).json()
        readers = [
            caller(getattr(world, p)).get(need_path(need)) for p in ("procurator", "police_a")
        ]
        listed = caller(world.procurator).get(f"/api/v1/people/{world.person_a.uuid}/needs")
    assert recorded.status_code == 201
    assert (for_worker["note"], for_worker["measures"][0]["description"]) == (NOTE, MEASURE)
    assert [h["to_status"] for h in for_worker["history"]] == ["identified", "in_progress"]
    assert for_supervisor["note"] == NOTE
    for response in [*readers, listed]:
        assert response.status_code == 404
        text = response.content.decode()
        assert NOTE not in text and MEASURE not in text and "张东明" not in text

"""三无 criteria are recorded over the API as facts (true, false or unknown, newest current);
GET /support/three-nos lists the people meeting either sense until a welfare referral opens."""

from __future__ import annotations

import datetime as dt

from tests.api_referrals_support import THREE_NOS, day, person_path
from tests.api_support import caller
from tests.personas import World
from tests.referrals_support import TODAY, on, refer_to_civil_affairs


def listed(world: World, persona: str) -> list[tuple[str, bool, bool]]:
    body = caller(getattr(world, persona)).get(THREE_NOS).json()
    assert body["count"] == len(body["items"])
    return [
        (item["person"]["name"], item["released_three_nos"], item["assistance_three_nos"])
        for item in body["items"]
    ]


def test_facts_are_recorded_and_listed_until_welfare_is_referred(world: World) -> None:
    worker = caller(world.worker_a)
    facts = person_path(world.person_a, "livelihood-facts")
    with on(TODAY - dt.timedelta(days=1)):
        first = worker.post(facts, {"recorded_on": day(-1), "no_home": True, "no_work": True})
    with on(TODAY):
        second = worker.post(
            facts, {"recorded_on": day(), "no_home": True, "no_relatives": True, "no_work": True}
        )
        future = worker.post(facts, {"recorded_on": day(1), "no_home": True})
        history = worker.get(facts).json()
        seen = {
            persona: listed(world, persona) for persona in ("worker_a", "worker_b", "procurator")
        }
    assert first.status_code == second.status_code == 201
    assert first.json()["current"]["no_relatives"] is None  # not known, not "no"
    assert future.status_code == 422
    assert future.json()["errors"] == {"recorded_on": ["日期不能晚于今天。"]}
    assert [row["recorded_on"] for row in history["history"]] == ["2026-06-01", "2026-05-31"]
    assert history["current"]["released_three_nos"] is True
    assert history["current"]["assistance_three_nos"] is False
    assert seen == {
        "worker_a": [("张东明", True, False)],
        "worker_b": [],
        "procurator": [],  # reads the file, but 三无 facts are support casework
    }
    refer_to_civil_affairs(world)  # 低保 is a welfare pathway
    with on(TODAY):
        assert listed(world, "worker_a") == []

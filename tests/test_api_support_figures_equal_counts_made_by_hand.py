"""GET /support/figures answers the counts made by hand for the scenario of
tests/test_support_figures_equal_counts_made_by_hand.py, per township and in total, over what
the caller may see, and the read is in the access audit."""

from __future__ import annotations

from tests.api_programs_support import access_seq, access_since
from tests.api_referrals_support import FIGURES
from tests.api_support import caller
from tests.personas import World
from tests.test_support_figures_equal_counts_made_by_hand import AS_OF, scenario


def counts(
    township: str,
    code: str,
    people: int,
    resettled: int,
    aided: int,
    referrals: int,
    completed: int,
    median: float | None,
) -> dict[str, object]:
    def rate(part: int) -> float | None:
        return round(100 * part / people, 1) if people else None

    return {
        "township": township,
        "code": code,
        "reentry_people": people,
        "resettled": resettled,
        "aided": aided,
        "resettlement_rate": rate(resettled),
        "aid_rate": rate(aided),
        "referrals": referrals,
        "completed": completed,
        "median_days_to_service": median,
    }


def test_county_figures_as_json_equal_the_hand_counts(world: World) -> None:
    scenario(world)
    seq = access_seq()
    response = caller(world.county_supervisor).get(FIGURES, {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    assert response.json() == {
        "as_of": "2026-09-01",
        "townships": [
            counts("东城镇", "990101001", 3, 1, 2, 2, 2, 6),
            counts("西山乡", "990101002", 1, 1, 0, 1, 0, None),
        ],
        "total": counts("", "", 4, 2, 2, 3, 2, 6),
        "by_pathway": [
            {
                "pathway": "training",
                "label": "职业技能培训",
                "counts": {"completed": 1},
                "total": 1,
            },
            {
                "pathway": "minimum_allowance",
                "label": "最低生活保障(低保)",
                "counts": {"completed": 1},
                "total": 1,
            },
            {
                "pathway": "temporary_relief",
                "label": "临时救助",
                "counts": {"rejected": 1},
                "total": 1,
            },
        ],
    }
    [event] = access_since(seq)
    assert (event.action, event.object_type, event.object_ids, event.details) == (
        "support.figures",
        "support_figures",
        [],
        {"as_of": "2026-09-01", "townships": 2},
    )


def test_each_caller_gets_the_figures_of_what_they_may_see(world: World) -> None:
    scenario(world)
    as_of = {"as_of": AS_OF.isoformat()}
    township_a = caller(world.worker_a).get(FIGURES, as_of).json()
    assert [t["township"] for t in township_a["townships"]] == ["东城镇"]
    assert township_a["total"] == counts("", "", 3, 1, 2, 2, 2, 6)
    # 民政 counts the referrals it received and still holds, and no cases.
    civil = caller(world.civil_officer).get(FIGURES, as_of).json()
    assert civil["total"] == counts("", "", 0, 0, 0, 1, 1, 2)
    for persona in ("health_a", "outsider"):
        nothing = caller(getattr(world, persona)).get(FIGURES, as_of).json()
        assert nothing["total"] == counts("", "", 0, 0, 0, 0, 0, None), persona
        assert nothing["townships"] == nothing["by_pathway"] == []


def test_a_date_that_does_not_parse_is_refused(world: World) -> None:
    response = caller(world.county_supervisor).get(FIGURES, {"as_of": "2026-13-01"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["as_of"]

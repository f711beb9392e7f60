"""A step taken on a version that is no longer current answers 409 and changes nothing, even
when the input has other faults (the caller decided on a state that is gone); on the current
version the same faults answer 422."""

from __future__ import annotations

from tests.api_referrals_support import day, need_path, referral_path
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, allowance_need, on, refer_to_civil_affairs
from tongxin.support import actions

REFERRAL_MOVED = "此转介在您打开后已有变化,请刷新后重新操作。"
NEED_MOVED = "此需求在您打开后已被他人修改,请刷新后重新操作。"


def test_referral_steps_on_a_stale_version_conflict(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    worker, officer = caller(world.worker_a), caller(world.civil_officer)
    with on(TODAY):
        assert (
            officer.post(
                referral_path(referral, "accept"), {"on_date": day(), "version": 1}
            ).json()["version"]
            == 2
        )
        revoke = worker.post(
            referral_path(referral, "revoke"), {"on_date": day(), "version": 1, "reason": ""}
        )
        start = officer.post(referral_path(referral, "start"), {"on_date": day(), "version": 1})
        current = worker.post(
            referral_path(referral, "revoke"), {"on_date": day(), "version": 2, "reason": ""}
        )
    assert (revoke.status_code, revoke.json()) == (409, {"detail": REFERRAL_MOVED})
    assert (start.status_code, start.json()) == (409, {"detail": REFERRAL_MOVED})
    assert current.status_code == 422
    assert current.json()["errors"] == {"reason": ["请填写此项。"]}
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("accepted", 2)


def test_a_need_moved_on_since_it_was_read_conflicts(world: World) -> None:
    need = allowance_need(world)
    with on(TODAY):
        actions.change_need_status(
            actor=act(world.worker_a), need_uuid=need.uuid, to_status="planned", on_date=TODAY
        )
        stale = caller(world.county_supervisor).post(
            need_path(need, "status"),
            {"to_status": "not_needed", "on_date": day(), "version": 1},
        )
    assert (stale.status_code, stale.json()) == (409, {"detail": NEED_MOVED})
    need.refresh_from_db()
    assert (need.status, need.version) == ("planned", 2)

"""The receiving agency loses the referral at once — 404 on read and on every step, gone from
its queue — when the sender revokes it, when the person withdraws consent, or the day after
the consent expires; and a withdrawn or expired consent cannot carry a new referral."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.api_referrals_support import (
    NOTIFICATIONS,
    REFERRALS,
    day,
    need_path,
    referral_path,
    withdraw_path,
)
from tests.api_support import caller
from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import (
    TODAY,
    consent_to_civil_affairs,
    on,
    refer_to_civil_affairs,
)
from tongxin.support import actions
from tongxin.support.models import Referral


def receiver_sees(world: World, referral: Referral) -> bool:
    officer = caller(world.civil_officer)
    read = officer.get(referral_path(referral))
    queue = officer.get(REFERRALS, {"side": "incoming"}).json()
    listed = [item["uuid"] for item in queue["items"]] == [str(referral.uuid)]
    assert (read.status_code == 200) == listed
    if read.status_code == 404:
        assert "张东明" not in read.content.decode() + str(queue)
    return listed


def test_revoking_removes_the_receivers_access_at_once(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    with on(TODAY):
        assert receiver_sees(world, referral)
        revoked = caller(world.worker_a).post(
            referral_path(referral, "revoke"),
            {"on_date": day(), "version": 1, "reason": "本人已自行申请"},
        )
        assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
        assert not receiver_sees(world, referral)
        accept = caller(world.civil_officer).post(
            referral_path(referral, "accept"), {"on_date": day(), "version": 2}
        )
        assert accept.status_code == 404
        notices = caller(world.civil_officer).get(NOTIFICATIONS).json()["items"]
        sender_view = caller(world.worker_a).get(referral_path(referral)).json()
    # The receiver is told it was revoked, without the name it may no longer see.
    assert [(n["status"], n["direction"]) for n in notices] == [
        ("revoked", "incoming"),
        ("sent", "incoming"),
    ]
    assert "张东明" not in str(notices)
    assert (sender_view["status"], sender_view["closing_reason"]) == ("revoked", "本人已自行申请")


def test_withdrawn_consent_ends_access_and_carries_no_new_referral(world: World) -> None:
    consent = consent_to_civil_affairs(world, purposes=("minimum_allowance", "temporary_relief"))
    referral = refer_to_civil_affairs(world, consent=consent)
    with on(TODAY):
        relief = actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="temporary_relief",
            identified_on=TODAY,
        )
    later = TODAY + dt.timedelta(days=2)
    with on(later):
        assert receiver_sees(world, referral)
        withdrawn = caller(world.worker_a).post(withdraw_path(consent), {"on_date": day(2)})
        assert withdrawn.status_code == 200
        assert (withdrawn.json()["withdrawn_on"], withdrawn.json()["holds_today"]) == (
            "2026-06-03",
            False,
        )
        assert not receiver_sees(world, referral)
        refused = send(world, relief, consent)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"consent": ["此人已于 2026-06-03 撤回同意,不能据此转介。"]}
    assert Referral.objects.count() == 1


def test_access_ends_the_day_after_the_consent_expires(world: World) -> None:
    consent = consent_to_civil_affairs(world, days=30)
    referral = refer_to_civil_affairs(world, consent=consent)
    with on(TODAY + dt.timedelta(days=30)):
        assert receiver_sees(world, referral)
    with on(TODAY + dt.timedelta(days=31)):
        assert not receiver_sees(world, referral)
        # The sender gets the need back by revoking; the old consent cannot send it again.
        caller(world.worker_a).post(
            referral_path(referral, "revoke"),
            {"on_date": day(31), "version": 1, "reason": "同意已过期"},
        )
        refused = send(world, referral.need, consent)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "consent": ["此同意有效期为 2026-06-01 至 2026-07-01,今天不在有效期内,请重新取得同意。"]
    }


def send(world: World, need: Any, consent: Any) -> Any:
    return caller(world.worker_a).post(
        need_path(need, "referrals"),
        {
            "to_agency": world.civil_affairs.pk,
            "purpose": "申请救助",
            "fields": ["name"],
            "consent": str(consent.uuid),
        },
    )

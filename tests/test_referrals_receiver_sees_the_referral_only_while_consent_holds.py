"""The receiving agency sees a referral (and through it the named fields) only while the
consent holds and the sender has not revoked or it has not been returned; the sender side
and its county supervisor see their referrals; every other agency and township nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, on, refer_to_civil_affairs
from tongxin.access import policy
from tongxin.support import actions
from tongxin.support.models import Referral


def received(world: World, day: dt.date) -> list[Referral]:
    return list(policy.referrals_visible_to(world.civil_officer, side="received", today=day))


def test_sender_receiver_and_supervisor_see_it_others_see_nothing(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    with on(TODAY):
        assert policy.get_referral_for_user(world.civil_officer, referral.uuid) == referral
        assert policy.get_referral_for_user(world.worker_a, referral.uuid) == referral
        assert policy.get_referral_for_user(world.county_supervisor, referral.uuid) == referral
        for persona in ("worker_b", "police_a", "health_a", "procurator", "outsider"):
            user = getattr(world, persona)
            assert not policy.referrals_visible_to(user).exists(), persona
            with pytest.raises(Http404):
                policy.get_referral_for_user(user, referral.uuid)
        # The county supervisor oversees; only the sending office acts for it.
        with pytest.raises(Http404):
            policy.get_referral_for_user(world.county_supervisor, referral.uuid, write=True)
        # The receiver does not see the person's file, only the referral.
        assert (
            not policy.people_visible_to(world.civil_officer).filter(pk=world.person_a.pk).exists()
        )


def test_revoking_removes_the_receivers_access_at_once(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    assert received(world, TODAY) == [referral]
    with on(TODAY + dt.timedelta(days=1)):
        actions.revoke_referral(
            actor=act(world.worker_a),
            referral_uuid=referral.uuid,
            on_date=TODAY + dt.timedelta(days=1),
            reason="本人已自行申请",
        )
    assert received(world, TODAY + dt.timedelta(days=1)) == []
    with pytest.raises(Http404):
        policy.get_referral_for_user(world.civil_officer, referral.uuid)
    # The sender still sees it, revoked.
    assert policy.get_referral_for_user(world.worker_a, referral.uuid).status == "revoked"


def test_withdrawn_or_expired_consent_ends_the_receivers_access(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    assert referral.consent is not None
    assert received(world, dt.date(2027, 6, 1)) == [referral]  # the last day of the consent
    assert received(world, dt.date(2027, 6, 2)) == []  # expired
    with on(TODAY + dt.timedelta(days=2)):
        actions.withdraw_consent(
            actor=act(world.worker_a),
            consent_uuid=referral.consent.uuid,
            on_date=TODAY + dt.timedelta(days=2),
        )
    assert received(world, TODAY + dt.timedelta(days=2)) == []


def test_a_returned_referral_is_gone_from_the_receiver(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    with on(TODAY):
        actions.reject_referral(
            actor=act(world.civil_officer),
            referral_uuid=referral.uuid,
            on_date=TODAY,
            reason="户籍不在本县,请转户籍地民政部门",
        )
    assert received(world, TODAY) == []
    referral.need.refresh_from_db()
    assert referral.need.status == "planned"

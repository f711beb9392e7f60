"""A referral's steps (accept, start service, complete; return, end, revoke) move the need
it serves and leave a notification for the other agency; a step out of order is refused
with a message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, on, refer_to_civil_affairs
from tongxin.audit.models import AuditEvent
from tongxin.support import actions
from tongxin.support.actions import SupportRejected
from tongxin.support.models import Notification, ReferralEvent, SupportNeedChange


def notices(agency: object) -> list[str]:
    return list(
        Notification.objects.filter(agency=agency).order_by("id").values_list("status", flat=True)
    )


def test_accept_serve_and_complete_meet_the_need_and_tell_the_sender(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    officer = act(world.civil_officer)
    with on(TODAY + dt.timedelta(days=2)):
        actions.accept_referral(
            actor=officer, referral_uuid=referral.uuid, on_date=TODAY + dt.timedelta(days=1)
        )
        actions.start_service(
            actor=officer, referral_uuid=referral.uuid, on_date=TODAY + dt.timedelta(days=2)
        )
    with on(TODAY + dt.timedelta(days=20)):
        done = actions.complete_referral(
            actor=officer,
            referral_uuid=referral.uuid,
            on_date=TODAY + dt.timedelta(days=20),
            outcome="经审核纳入低保,每月 680 元,自 7 月起发放",
        )
    assert done.status == "completed" and done.version == 4
    assert (done.accepted_on, done.service_started_on, done.closed_on) == (
        dt.date(2026, 6, 2),
        dt.date(2026, 6, 3),
        dt.date(2026, 6, 21),
    )
    need = done.need
    need.refresh_from_db()
    assert need.status == "met" and need.outcome.startswith("经审核纳入低保")
    history = list(
        SupportNeedChange.objects.filter(need=need)
        .order_by("id")
        .values_list("to_status", flat=True)
    )
    assert history == ["identified", "referred", "in_progress", "met"]
    assert notices(world.justice_office_a) == ["accepted", "in_service", "completed"]
    assert notices(world.civil_affairs) == ["sent"]
    steps = ReferralEvent.objects.filter(referral=referral).order_by("id")
    assert [(e.status, e.agency.name) for e in steps] == [
        ("sent", "东城镇司法所"),
        ("accepted", "测试县民政局"),
        ("in_service", "测试县民政局"),
        ("completed", "测试县民政局"),
    ]
    audited = AuditEvent.objects.filter(object_type="referral").order_by("id")
    assert [a.action for a in audited] == [
        "referral.send",
        "referral.accept",
        "referral.start_service",
        "referral.complete",
    ]
    assert not any("680" in str(a.details) for a in audited)


def test_steps_out_of_order_or_by_the_wrong_side_are_refused(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    with on(TODAY), pytest.raises(SupportRejected) as early:
        actions.complete_referral(
            actor=act(world.civil_officer),
            referral_uuid=referral.uuid,
            on_date=TODAY,
            outcome="已办",
        )
    assert early.value.errors == {"__all__": ["此转介当前为“已发送”,不能“办结”。"]}
    from django.http import Http404

    with on(TODAY), pytest.raises(Http404):
        # The sender cannot accept its own referral: that is the receiver's step.
        actions.accept_referral(
            actor=act(world.worker_a), referral_uuid=referral.uuid, on_date=TODAY
        )
    with on(TODAY), pytest.raises(Http404):
        actions.revoke_referral(
            actor=act(world.civil_officer), referral_uuid=referral.uuid, on_date=TODAY, reason="x"
        )
    referral.refresh_from_db()
    assert referral.status == "sent" and referral.version == 1


def test_a_stale_version_is_refused(world: World) -> None:
    referral = refer_to_civil_affairs(world)
    with on(TODAY):
        actions.accept_referral(
            actor=act(world.civil_officer), referral_uuid=referral.uuid, on_date=TODAY
        )
        with pytest.raises(SupportRejected) as stale:
            actions.revoke_referral(
                actor=act(world.worker_a),
                referral_uuid=referral.uuid,
                on_date=TODAY,
                reason="本人已自行申请",
                expected_version=1,
            )
    assert stale.value.errors == {"__all__": ["此转介在您打开后已有变化,请刷新后重新操作。"]}

"""A need is recorded once per pathway, moves by hand along its allowed steps with a dated
history, and help provided for it is recorded as measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tests.personas import World
from tests.programs_support import act
from tests.referrals_support import TODAY, allowance_need, on
from tongxin.support import actions
from tongxin.support.actions import SupportRejected
from tongxin.support.models import SupportNeedChange


def test_one_open_need_per_pathway(world: World) -> None:
    allowance_need(world)
    with on(TODAY), pytest.raises(SupportRejected) as twice:
        actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="minimum_allowance",
            identified_on=TODAY,
        )
    assert twice.value.errors == {
        "pathway": ["此人已有未办结的“最低生活保障(低保)”需求(已发现),请在该需求中继续办理。"]
    }


def test_land_is_arranged_by_the_township_and_met_with_a_dated_history(world: World) -> None:
    with on(TODAY):
        need = actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="land",
            identified_on=TODAY,
            note="回村后希望恢复承包责任田",
        )
        actions.change_need_status(
            actor=act(world.worker_a), need_uuid=need.uuid, to_status="planned", on_date=TODAY
        )
        actions.record_measure(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            description="与村委会协调,恢复 3 亩责任田承包",
            started_on=TODAY,
        )
    with on(TODAY + dt.timedelta(days=30)):
        with pytest.raises(SupportRejected) as no_outcome:
            actions.change_need_status(
                actor=act(world.worker_a),
                need_uuid=need.uuid,
                to_status="met",
                on_date=TODAY + dt.timedelta(days=30),
            )
        assert no_outcome.value.errors == {"outcome": ["请填写此项。"]}
        actions.change_need_status(
            actor=act(world.worker_a),
            need_uuid=need.uuid,
            to_status="met",
            on_date=TODAY + dt.timedelta(days=30),
            outcome="已恢复耕种",
        )
    need.refresh_from_db()
    assert (need.status, need.closed_on) == ("met", dt.date(2026, 7, 1))
    history = SupportNeedChange.objects.filter(need=need).order_by("id")
    assert [(h.from_status, h.to_status, h.on_date) for h in history] == [
        ("", "identified", TODAY),
        ("identified", "planned", TODAY),
        ("planned", "in_progress", TODAY),
        ("in_progress", "met", dt.date(2026, 7, 1)),
    ]
    with on(TODAY + dt.timedelta(days=31)), pytest.raises(SupportRejected):
        actions.record_measure(
            actor=act(world.worker_a), need_uuid=need.uuid, description="再次协调", started_on=TODAY
        )


def test_a_land_need_cannot_be_referred(world: World) -> None:
    with on(TODAY):
        need = actions.record_need(
            actor=act(world.worker_a),
            person_uuid=world.person_a.uuid,
            pathway="land",
            identified_on=TODAY,
        )
        with pytest.raises(SupportRejected) as refusal:
            actions.send_referral(
                actor=act(world.worker_a),
                need_uuid=need.uuid,
                to_agency_id=world.civil_affairs.pk,
                purpose="x",
                fields=["name"],
            )
    assert refusal.value.errors == {
        "to_agency": ["“回乡务农(责任田)”由乡镇自行落实,不需要转介,请直接登记帮扶措施。"]
    }


def test_other_townships_and_agencies_cannot_touch_a_need(world: World) -> None:
    need = allowance_need(world)
    for persona in ("worker_b", "police_a", "health_a", "civil_officer", "procurator", "outsider"):
        with on(TODAY), pytest.raises(Http404):
            actions.change_need_status(
                actor=act(getattr(world, persona)),
                need_uuid=need.uuid,
                to_status="planned",
                on_date=TODAY,
            )
    need.refresh_from_db()
    assert need.status == "identified" and need.version == 1
